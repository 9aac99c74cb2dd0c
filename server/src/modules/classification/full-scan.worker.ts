// A worker thread of the parallel full scan (full-scan.ts): scans the byte range it is given and posts the counts.
import { parentPort, workerData } from 'node:worker_threads';
import { scanRange, type RangeTask } from './full-scan.ts';

parentPort!.postMessage(await scanRange(workerData as RangeTask));
