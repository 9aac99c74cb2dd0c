// Classifies a CSV file as it streams: encoding detected, header read, then either every row (full scan) or a
// reservoir sample of rows, reproducible for the same file.
import { createReadStream } from 'node:fs';
import { ColumnAccumulator, summarize, type ClassificationResult } from './classify.ts';
import { CsvError, CsvReader, detectEncoding } from './csv.ts';
import { FileFormatError, classifyFullScan, headerNames } from './full-scan.ts';
import { seededRandom } from '../../platform/random.ts';

export { FileFormatError };

export interface ClassifyFileOptions {
  /** Scan every row instead of a sample. */
  full?: boolean;
  /** Rows in the sample (default 1000). */
  sample?: number;
  /**
   * Threads for a full scan: by default one per core, at most 4, for files of 32 MiB or more (full-scan.ts);
   * 1 scans in this thread. The result is the same either way.
   */
  threads?: number;
}

/** Decodes the file in chunks of 1 MiB, UTF-8 or GB 18030 as the first chunk says, and hands on the text. */
async function readText(file: string, push: (text: string) => void): Promise<void> {
  let decoder: TextDecoder | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    decoder ??= new TextDecoder(detectEncoding(bytes), { fatal: false });
    push(decoder.decode(bytes, { stream: true }).replace(/^\uFEFF/, ''));
  }
  if (decoder) push(decoder.decode());
}

export async function classifyCsvFile(
  file: string,
  options: ClassifyFileOptions = {},
): Promise<ClassificationResult> {
  const full = options.full ?? false;
  if (full) return classifyFullScan(file, options.threads);
  const size = options.sample ?? 1000;
  const random = seededRandom(0x6c74);
  let header: string[] | undefined;
  let accumulators: ColumnAccumulator[] = [];
  const sample: string[][] = [];
  let rows = 0;
  const reader = new CsvReader((record) => {
    if (!header) {
      header = headerNames(record);
      accumulators = header.map((h) => new ColumnAccumulator(h));
      return;
    }
    rows++;
    if (record.length !== header.length)
      throw new CsvError(`${record.length} fields where the header has ${header.length}`, rows + 1);
    if (sample.length < size) {
      sample.push(record);
    } else {
      // Reservoir sampling: every row has the same chance to be in the sample.
      const j = Math.floor(random() * rows);
      if (j < size) sample[j] = record;
    }
  });
  await readText(file, (text) => reader.push(text));
  reader.end();
  if (!header) throw new FileFormatError('the file is empty: no header row');
  for (const record of sample) record.forEach((v, i) => accumulators[i]!.add(v));
  return summarize(
    accumulators.map((a) => a.result()),
    { full, rows },
  );
}
