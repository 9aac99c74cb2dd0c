// A streaming CSV reader (RFC 4180: quoted fields with doubled quotes, CR LF or LF line ends) that takes text in
// chunks of any size, and the encoding detection for files from Chinese systems (UTF-8 or GB 18030 / GBK).
import {
  CLASSES,
  K_DIGIT,
  K_DOT,
  K_HAN,
  K_LETTER,
  K_MIDDLE_DOT,
  K_OTHER,
  K_SPACE,
  K_STOP,
  isSpace,
  screenCounts,
} from './fast.ts';

export class CsvError extends Error {
  /** 1-based record number (the header is record 1). */
  readonly record: number;
  /** The message without the record number. */
  readonly problem: string;

  constructor(problem: string, record: number) {
    super(`record ${record}: ${problem}`);
    this.record = record;
    this.problem = problem;
  }
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Receives what a CsvScanner finds, field by field. */
export interface CsvSink {
  /**
   * A field of the current record. `screened` is fast.ts's screen(value) when the scanner worked it out on the
   * way (a non-empty unquoted field that lies within one chunk and has no whitespace at either end), else -1.
   */
  field(value: string, screened: number): void;
  /** The current record is complete. */
  endRecord(): void;
}

/**
 * The CSV tokenizer: text in chunks of any size, fields and record ends out. One pass of character codes through
 * a class table finds the end of each run of plain text and, on the way, counts what the screen of the
 * classifier needs; each run is taken with one slice; quoted fields are found by indexOf('"').
 */
export class CsvScanner {
  #field = '';
  /** #field is not one run of this chunk (it is quoted or began in an earlier chunk): not screened. */
  #unscreened = false;
  #fields = 0; // fields of the current record so far
  #quoted = false; // inside a quoted field
  #afterQuote = false; // just closed a quoted field: only a delimiter or line end may follow
  #pendingQuote = false; // saw a quote at the end of a chunk inside a quoted field: doubled quote or the closing one
  #pendingCr = false; // saw CR at the end of a chunk: a LF that follows belongs to it
  #fieldStarted = false;
  #records = 0;
  readonly #sink: CsvSink;
  readonly #delimiter: number;
  readonly #classes: Uint8Array;

  constructor(sink: CsvSink, delimiter = ',') {
    if (delimiter.length !== 1 || /["\r\n]/.test(delimiter))
      throw new RangeError('the delimiter must be one character other than a quote or a line end');
    this.#sink = sink;
    this.#delimiter = delimiter.charCodeAt(0);
    this.#classes = scannerClasses(this.#delimiter);
  }

  push(text: string): void {
    const n = text.length;
    if (n === 0) return;
    const delimiter = this.#delimiter;
    const classes = this.#classes;
    let i = 0;
    if (this.#pendingCr) {
      this.#pendingCr = false;
      if (text.charCodeAt(0) === LF) i = 1; // CR LF: the record ended at CR
    }
    if (this.#pendingQuote) {
      this.#pendingQuote = false;
      if (text.charCodeAt(0) === QUOTE) {
        this.#field += '"';
        i = 1;
      } else {
        this.#quoted = false;
        this.#afterQuote = true;
      }
    }
    while (i < n) {
      if (this.#quoted) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.#field += text.slice(i);
          return;
        }
        if (q > i) this.#field += text.slice(i, q);
        if (q + 1 === n) {
          this.#pendingQuote = true;
          return;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          this.#field += '"';
          i = q + 2;
        } else {
          this.#quoted = false;
          this.#afterQuote = true;
          i = q + 1;
        }
        continue;
      }
      // A run of plain text up to the delimiter, a quote, a line end or the end of the chunk.
      let digits = 0;
      let letters = 0;
      let han = 0;
      let dots = 0;
      let middleDots = 0;
      let seen = 0;
      let j = i;
      for (; j < n; j++) {
        const k = classes[text.charCodeAt(j)]!;
        if (k === K_DIGIT) digits++;
        else if (k === K_LETTER) letters++;
        else if (k === K_HAN) han++;
        else if (k === K_DOT) dots++;
        else if (k === K_MIDDLE_DOT) middleDots++;
        else if (k === K_STOP) break;
        else seen |= 1 << k;
      }
      if (j > i) {
        if (this.#afterQuote)
          throw new CsvError('text after the closing quote of a field', this.#records + 1);
        if (this.#field === '') this.#field = text.slice(i, j);
        else {
          this.#field += text.slice(i, j);
          this.#unscreened = true;
        }
        this.#fieldStarted = true;
      }
      if (j === n) {
        if (j > i) this.#unscreened = true; // the field goes on in the next chunk
        return;
      }
      const c = text.charCodeAt(j);
      i = j + 1;
      if (c === QUOTE) {
        if (this.#afterQuote)
          throw new CsvError('text after the closing quote of a field', this.#records + 1);
        if (this.#field !== '') throw new CsvError('a quote inside an unquoted field', this.#records + 1);
        this.#quoted = true;
        this.#fieldStarted = true;
        this.#unscreened = true;
        continue;
      }
      const lineEnd = c !== delimiter;
      // A blank line is no record.
      if (!lineEnd || this.#fieldStarted || this.#fields || this.#field !== '' || this.#afterQuote) {
        const v = this.#field;
        let screened = -1;
        if (!this.#unscreened && v !== '') {
          const blank = (1 << K_SPACE) | (1 << K_OTHER); // where whitespace hides: ASCII spaces, \u3000, \u00a0, …
          if (!(seen & blank) || !(isSpace(v.charCodeAt(0)) || isSpace(v.charCodeAt(v.length - 1))))
            screened = screenCounts(v.length, v.charCodeAt(0), digits, letters, han, dots, middleDots, seen);
        }
        this.#endField(v, screened);
        if (lineEnd) this.#endRecord();
      }
      if (c === CR) {
        if (i === n) this.#pendingCr = true;
        else if (text.charCodeAt(i) === LF) i++;
      }
    }
  }

  /** Records completed so far. */
  get records(): number {
    return this.#records;
  }

  /** Between records: what has been pushed ends with a complete record (or nothing), outside quotes. */
  get atRecordStart(): boolean {
    return (
      !this.#quoted &&
      !this.#pendingQuote &&
      !this.#afterQuote &&
      !this.#fieldStarted &&
      this.#fields === 0 &&
      this.#field === ''
    );
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
    if (this.#fieldStarted || this.#fields) {
      this.#endField(this.#field, -1);
      this.#endRecord();
    }
  }

  #endField(v: string, screened: number): void {
    this.#fields++;
    this.#field = '';
    this.#unscreened = false;
    this.#fieldStarted = true;
    this.#afterQuote = false;
    this.#sink.field(v, screened);
  }

  #endRecord(): void {
    this.#records++;
    this.#fields = 0;
    this.#fieldStarted = false;
    this.#sink.endRecord();
  }
}

const scannerTables = new Map<number, Uint8Array>();
/** The screen's classes, with the delimiter, the quote and the line ends as STOP. */
function scannerClasses(delimiter: number): Uint8Array {
  let table = scannerTables.get(delimiter);
  if (!table) {
    table = CLASSES.slice();
    for (const c of [delimiter, QUOTE, CR, LF]) table[c] = K_STOP;
    scannerTables.set(delimiter, table);
  }
  return table;
}

/** Feeds text in chunks; calls `onRecord` with each complete record. Call `end()` after the last chunk. */
export class CsvReader {
  readonly #scanner: CsvScanner;
  #record: string[] = [];

  constructor(onRecord: (record: string[]) => void, delimiter = ',') {
    this.#scanner = new CsvScanner(
      {
        field: (value) => void this.#record.push(value),
        endRecord: () => {
          const record = this.#record;
          this.#record = [];
          onRecord(record);
        },
      },
      delimiter,
    );
  }

  push(text: string): void {
    this.#scanner.push(text);
  }

  end(): void {
    this.#scanner.end();
  }
}

/** Parses a whole text; for tests and small inputs. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  const reader = new CsvReader((r) => rows.push(r), delimiter);
  reader.push(text);
  reader.end();
  return rows;
}

/** Writes records as CSV, quoting the fields that need it. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((r) => r.map((f) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f)).join(','))
    .join('\r\n');
}

export type TextEncoding = 'utf-8' | 'gb18030';

/**
 * UTF-8 when the bytes decode as UTF-8 (a BOM settles it), else GB 18030, the superset of GBK and GB 2312 that
 * files from Chinese office software use. Looks at the first 64 KiB, not cutting a UTF-8 sequence short.
 */
export function detectEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  let bytes = head.subarray(0, 65536);
  // Drop a trailing partial UTF-8 sequence (at most 3 bytes).
  for (let i = 1; i <= 3 && i <= bytes.length; i++) {
    const b = bytes[bytes.length - i]!;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (need > i) bytes = bytes.subarray(0, bytes.length - i);
      break;
    }
    if (b < 0x80) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}
