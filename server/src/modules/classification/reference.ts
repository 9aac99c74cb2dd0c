// The straightforward implementation that the optimized full scan must equal, kept for tests only: the CSV
// reader one character at a time, every validator of detectors.ts on every value, and the file read as the first
// version read it. fast.test.ts and full-scan.test.ts compare the optimized code with it.
import { readFileSync } from 'node:fs';
import { ColumnAccumulator, summarize, type ClassificationResult } from './classify.ts';
import { CsvError, detectEncoding } from './csv.ts';
import { PII_TYPES, VALIDATORS, parseDate } from './detectors.ts';

/** The CSV reader as first written: one character at a time. */
export class ReferenceCsvReader {
  #field = '';
  #record: string[] = [];
  #quoted = false; // inside a quoted field
  #afterQuote = false; // just closed a quoted field: only a delimiter or line end may follow
  #pendingQuote = false; // saw a quote inside a quoted field: doubled quote or the closing one
  #pendingCr = false;
  #fieldStarted = false;
  #records = 0;
  readonly #onRecord: (record: string[]) => void;
  readonly #delimiter: string;

  constructor(onRecord: (record: string[]) => void, delimiter = ',') {
    this.#onRecord = onRecord;
    this.#delimiter = delimiter;
  }

  push(text: string): void {
    for (const c of text) this.#char(c);
  }

  end(): void {
    if (this.#pendingQuote) {
      this.#pendingQuote = false;
      this.#quoted = false;
      this.#afterQuote = true;
    }
    if (this.#quoted)
      throw new CsvError('a quoted field is not closed before the end of the file', this.#records + 1);
    this.#pendingCr = false;
    if (this.#fieldStarted || this.#record.length) this.#emit();
  }

  #emit(): void {
    this.#record.push(this.#field);
    this.#records++;
    const record = this.#record;
    this.#record = [];
    this.#field = '';
    this.#fieldStarted = false;
    this.#afterQuote = false;
    this.#onRecord(record);
  }

  #char(c: string): void {
    if (this.#pendingCr) {
      this.#pendingCr = false;
      if (c === '\n') return; // CR LF: the record was emitted at CR
    }
    if (this.#pendingQuote) {
      this.#pendingQuote = false;
      if (c === '"') {
        this.#field += '"';
        return;
      }
      this.#quoted = false;
      this.#afterQuote = true;
    }
    if (this.#quoted) {
      if (c === '"') this.#pendingQuote = true;
      else this.#field += c;
      return;
    }
    if (c === this.#delimiter) {
      this.#record.push(this.#field);
      this.#field = '';
      this.#fieldStarted = true;
      this.#afterQuote = false;
      return;
    }
    if (c === '\r' || c === '\n') {
      this.#pendingCr = c === '\r';
      // A blank line is no record.
      if (!this.#fieldStarted && !this.#record.length && this.#field === '' && !this.#afterQuote) return;
      this.#emit();
      return;
    }
    if (this.#afterQuote) throw new CsvError('text after the closing quote of a field', this.#records + 1);
    if (c === '"') {
      if (this.#field !== '') throw new CsvError('a quote inside an unquoted field', this.#records + 1);
      this.#quoted = true;
      this.#fieldStarted = true;
      return;
    }
    this.#field += c;
    this.#fieldStarted = true;
  }
}

/** A column accumulator that tries every validator on every value (the counts the screen must not change). */
export class ReferenceAccumulator extends ColumnAccumulator {
  override add(raw: string): void {
    this.values++;
    const v = raw.trim();
    if (v === '' || /^(null|n\/a|-|—|无|\/)$/i.test(v)) {
      this.empty++;
      return;
    }
    PII_TYPES.forEach((type, t) => {
      if (VALIDATORS[type](v)) this.counts[t]!++;
    });
    const date = parseDate(v);
    if (date) {
      const age = new Date().getUTCFullYear() - date.y;
      if (age >= 0 && age <= 120) this.ages[age]!++;
    }
  }
}

/** classifyCsvFile(file, { full: true }) as first written, on the reference reader and accumulator. */
export function referenceClassify(file: string): ClassificationResult {
  const bytes = readFileSync(file);
  let header: string[] | undefined;
  let accumulators: ReferenceAccumulator[] = [];
  let rows = 0;
  const reader = new ReferenceCsvReader((record) => {
    if (!header) {
      header = record.map((h, i) => h.replace(/^\uFEFF/, '').trim() || `column_${i + 1}`);
      accumulators = header.map((h) => new ReferenceAccumulator(h));
      return;
    }
    rows++;
    if (record.length !== header.length)
      throw new CsvError(`${record.length} fields where the header has ${header.length}`, rows + 1);
    record.forEach((v, i) => accumulators[i]!.add(v));
  });
  const decoder = new TextDecoder(detectEncoding(bytes), { fatal: false });
  for (let at = 0; at < bytes.length; at += 1 << 20)
    reader.push(decoder.decode(bytes.subarray(at, at + (1 << 20)), { stream: true }).replace(/^\uFEFF/, ''));
  reader.push(decoder.decode());
  reader.end();
  if (!header) throw new Error('the file is empty: no header row');
  return summarize(
    accumulators.map((a) => a.result()),
    { full: true, rows },
  );
}
