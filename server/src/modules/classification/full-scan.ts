// The full scan of a CSV file: every value of every row to its column's accumulator, in one thread or in several
// over byte ranges of the file. Either way the file is read in the same 1 MiB chunks, decoded and scanned as a
// single reader would, so that the counts, and therefore the result, are the same; tests compare them.
//
// Ranges begin after a line feed. The scan of a range tells whether it ended between records, outside quotes:
// only then was the next range's start a record's start, as its scanner assumed; otherwise (a quoted field with a
// line break across the boundary) the file is scanned again in one thread. Errors keep the record numbers a
// single reader gives: each range counts its records, and the first error in file order is the one thrown.
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  ColumnAccumulator,
  summarize,
  type AccumulatorCounts,
  type ClassificationResult,
} from './classify.ts';
import { CsvError, CsvScanner, detectEncoding, type CsvSink, type TextEncoding } from './csv.ts';

export class FileFormatError extends Error {}

const CHUNK = 1 << 20;

export const headerNames = (record: string[]) =>
  record.map((h, i) => h.replace(/^\uFEFF/, '').trim() || `column_${i + 1}`);

/** Sends each value, as the scanner finds it, to its column's accumulator. */
class FullScan implements CsvSink {
  header: string[] | undefined;
  accumulators: ColumnAccumulator[] = [];
  /** Data rows (records after the header). */
  rows = 0;
  readonly #hasHeader: boolean;
  #headerFields: string[] = [];
  #column = 0;

  /** `width`: the header's number of fields, when the header is not in the range scanned. */
  constructor(width?: number) {
    this.#hasHeader = width === undefined;
    if (width !== undefined) {
      this.header = Array.from({ length: width }, (_, i) => `column_${i + 1}`);
      this.accumulators = this.header.map((h) => new ColumnAccumulator(h));
    }
  }

  field(value: string, screened: number): void {
    if (!this.header) {
      this.#headerFields.push(value);
      return;
    }
    // Fields beyond the header's are only counted, for the error at the end of the record.
    const accumulator = this.accumulators[this.#column++];
    if (!accumulator) return;
    if (screened >= 0) accumulator.addTrimmed(value, screened);
    else accumulator.add(value);
  }

  endRecord(): void {
    if (!this.header) {
      this.header = headerNames(this.#headerFields);
      this.accumulators = this.header.map((h) => new ColumnAccumulator(h));
      return;
    }
    this.rows++;
    if (this.#column !== this.header.length) {
      const record = this.rows + (this.#hasHeader ? 1 : 0);
      throw new CsvError(`${this.#column} fields where the header has ${this.header.length}`, record);
    }
    this.#column = 0;
  }
}

/**
 * Reads bytes [start, end) of the file in chunks cut at multiples of 1 MiB (as a stream of 1 MiB chunks from the
 * start of the file is cut), decodes them, and hands on the text. Like classifyCsvFile's first version, a U+FEFF
 * at the start of a decoded chunk is dropped; `start` must be 0 or follow a line feed (no character is cut).
 */
async function readRange(
  file: string,
  range: { start: number; end: number; encoding: TextEncoding },
  push: (text: string) => void,
): Promise<void> {
  const handle = await open(file, 'r');
  try {
    // A decoder that starts mid-file must not take bytes there for a byte order mark.
    const decoder = new TextDecoder(range.encoding, { fatal: false, ignoreBOM: range.start > 0 });
    const buffer = Buffer.allocUnsafe(CHUNK);
    let at = range.start;
    while (at < range.end) {
      const want = Math.min(CHUNK - (at % CHUNK), range.end - at);
      const { bytesRead } = await handle.read(buffer, 0, want, at);
      if (bytesRead === 0) break;
      const text = decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
      push(at % CHUNK === 0 ? text.replace(/^\uFEFF/, '') : text);
      at += bytesRead;
    }
    push(decoder.decode());
  } finally {
    await handle.close();
  }
}

export interface RangeTask {
  file: string;
  start: number;
  end: number;
  encoding: TextEncoding;
  /** The header's number of fields, for ranges after the first. */
  width?: number;
}

export interface RangeResult {
  /** Records completed in the range (the header included, in the first). */
  records: number;
  rows: number;
  /** The first range: the header's names. */
  header?: string[];
  columns: AccumulatorCounts[];
  /** The range ended between records, outside quotes. */
  atRecordStart: boolean;
  /** A CSV error, numbered within the range. */
  error?: { problem: string; record: number };
}

/** Scans one range: the whole file, or one of a parallel scan's parts. */
export async function scanRange(task: RangeTask): Promise<RangeResult> {
  const scan = new FullScan(task.width);
  const scanner = new CsvScanner(scan);
  const counts = () =>
    scan.accumulators.map(({ values, empty, counts, ages }) => ({ values, empty, counts, ages }));
  try {
    await readRange(task.file, task, (text) => scanner.push(text));
    const atRecordStart = scanner.atRecordStart;
    // The last range ends with the file: a last record without a line end is complete there.
    if (task.end === Infinity) scanner.end();
    return {
      records: scanner.records,
      rows: scan.rows,
      ...(task.width === undefined && scan.header && { header: scan.header }),
      columns: counts(),
      atRecordStart,
    };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const result: RangeResult = {
      records: scanner.records,
      rows: scan.rows,
      columns: [],
      atRecordStart: false,
    };
    return { ...result, error: { problem: error.problem, record: error.record } };
  }
}

/** Full scans use worker threads for files of this size or more, unless told how many threads to use. */
export const PARALLEL_BYTES = 32 << 20;

/** Classifies every row of the file, in `threads` threads (default: one per core, at most 4, for large files). */
export async function classifyFullScan(file: string, threads?: number): Promise<ClassificationResult> {
  const handle = await open(file, 'r');
  let size: number;
  let head: Buffer;
  try {
    size = (await handle.stat()).size;
    head = Buffer.alloc(Math.min(size, 65536));
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  const wanted = Math.floor(threads ?? (size >= PARALLEL_BYTES ? Math.min(availableParallelism(), 4) : 1));
  const encoding = detectEncoding(head);
  if (wanted > 1) {
    const result = await scanInParallel(file, size, encoding, wanted);
    if (result) return result;
  }
  return finish([await scanRange({ file, start: 0, end: Infinity, encoding })]);
}

/** Summarizes the ranges' results in file order; throws the first error, numbered as in the whole file. */
function finish(results: RangeResult[]): ClassificationResult {
  let records = 0;
  for (const r of results) {
    if (r.error) throw new CsvError(r.error.problem, records + r.error.record);
    records += r.records;
  }
  const first = results[0]!;
  if (!first.header) throw new FileFormatError('the file is empty: no header row');
  const accumulators = first.header.map((name) => new ColumnAccumulator(name));
  for (const r of results) r.columns.forEach((c, i) => accumulators[i]!.merge(c));
  return summarize(
    accumulators.map((a) => a.result()),
    { full: true, rows: results.reduce((n, r) => n + r.rows, 0) },
  );
}

/** The parallel scan, or undefined where the file does not split (then one thread scans it). */
async function scanInParallel(
  file: string,
  size: number,
  encoding: TextEncoding,
  threads: number,
): Promise<ClassificationResult | undefined> {
  const header = await readHeader(file, encoding);
  if (!header) return undefined;
  // Cut after the first line feed at or past each k/threads of the file, past the header.
  const cuts: number[] = [];
  for (let k = 1; k < threads; k++) {
    const cut = await lineStartAfter(file, Math.max(Math.floor((size * k) / threads), header.end), size);
    if (cut < size && cut > (cuts.at(-1) ?? 0)) cuts.push(cut);
  }
  if (cuts.length === 0) return undefined;
  const bounds = [0, ...cuts, Infinity];
  const tasks: RangeTask[] = bounds.slice(0, -1).map((start, k) => ({
    file,
    start,
    end: bounds[k + 1]!,
    encoding,
    ...(k > 0 && { width: header.width }),
  }));
  const workers: Worker[] = [];
  let results: RangeResult[];
  try {
    results = await Promise.all(
      tasks.map((task, k) => {
        if (k === 0) return scanRange(task);
        const worker = new Worker(new URL('./full-scan.worker.ts', import.meta.url), { workerData: task });
        workers.push(worker);
        return new Promise<RangeResult>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`full-scan worker exited with code ${code}`)));
        });
      }),
    );
  } catch {
    // A worker that could not start or failed (or a read that failed): the scan in one thread says what it was.
    return undefined;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  // Each range but the last must end between records, else its successor began inside a quoted field.
  for (let k = 0; k < results.length - 1; k++) {
    if (results[k]!.error) break;
    if (!results[k]!.atRecordStart) return undefined;
  }
  return finish(results);
}

/**
 * The header's number of fields and an offset past its end (where the piece of the file that completed it
 * ends), or undefined if the first 64 MiB hold no complete header.
 */
async function readHeader(
  file: string,
  encoding: TextEncoding,
): Promise<{ width: number; end: number } | undefined> {
  let width = 0;
  let done = false;
  const scanner = new CsvScanner({
    field: () => void (done || width++),
    endRecord: () => void (done = true),
  });
  const handle = await open(file, 'r');
  try {
    const decoder = new TextDecoder(encoding, { fatal: false });
    const buffer = Buffer.allocUnsafe(16384);
    for (let at = 0; at < 64 * CHUNK;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) return undefined;
      at += bytesRead;
      scanner.push(decoder.decode(buffer.subarray(0, bytesRead), { stream: true }));
      if (done) return { width, end: at };
    }
    return undefined;
  } catch (error) {
    if (error instanceof CsvError) return undefined;
    throw error;
  } finally {
    await handle.close();
  }
}

/** The offset after the first line feed at or after `from` (or `size`). */
async function lineStartAfter(file: string, from: number, size: number): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(65536);
    for (let at = from; at < size; at += buffer.length) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
      const lf = buffer.subarray(0, bytesRead).indexOf(0x0a);
      if (lf >= 0) return at + lf + 1;
      if (bytesRead === 0) break;
    }
    return size;
  } finally {
    await handle.close();
  }
}
