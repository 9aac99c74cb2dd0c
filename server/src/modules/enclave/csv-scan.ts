// A byte-level scan of a UTF-8 CSV file (RFC 4180 as DuckDB's strict mode reads it: comma, double quotes doubled
// inside quoted fields, LF, CR LF or CR line ends, blank lines skipped) for the ingestion (ingest.ts). It reads the
// header, and, when DuckDB refuses a file, finds the first structural problem with its physical line number (a
// quoted field may span lines, so records and lines differ). It never runs on every row of a good file.
import { createReadStream } from 'node:fs';

export interface CsvProblem {
  /** 1-based physical line (the header is usually line 1). */
  line: number;
  message: string;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;

/** State machine over bytes; call `push` with chunks, then `end`. Stops at the first problem. */
class CsvScanner {
  /** Fields of the first record, as raw bytes, when asked for. */
  header: string[] | null = null;
  headerLine = 0;
  problem: CsvProblem | null = null;
  records = 0;

  #collect: boolean;
  #expected = -1;
  #line = 1;
  #recordLine = 1;
  #fields = 0;
  #recordEmpty = true;
  #fieldStart = true;
  /** Nothing but spaces in the field so far. */
  #blank = true;
  #inQuotes = false;
  #quoteLine = 0;
  #pendingQuote = false;
  #afterQuote = false;
  #afterCr = false;
  #bytes: number[] = [];
  #names: string[] = [];
  #first = true;
  /** The field just ended was empty and unquoted: DuckDB takes one such trailing field for a line-end comma. */
  #trailingEmpty = false;

  constructor(collectHeader: boolean) {
    this.#collect = collectHeader;
  }

  get done(): boolean {
    return this.problem !== null || (this.#collect && this.header !== null);
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    if (this.#first) {
      this.#first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    for (; i < chunk.length && !this.done; i++) this.#byte(chunk[i]!);
  }

  end(): void {
    if (this.done) return;
    if (this.#pendingQuote) {
      this.#pendingQuote = false;
      this.#inQuotes = false;
    }
    if (this.#inQuotes) {
      this.problem = {
        line: this.#quoteLine,
        message: `the quoted field that starts on line ${this.#quoteLine} is never closed (is the file truncated?)`,
      };
      return;
    }
    if (!this.#recordEmpty) this.#endRecord();
  }

  #newline(b: number): void {
    if (b === CR) this.#line++;
    else if (!this.#afterCr) this.#line++;
    this.#afterCr = b === CR;
  }

  #byte(b: number): void {
    if (this.#pendingQuote) {
      this.#pendingQuote = false;
      if (b === QUOTE) {
        if (this.#collect) this.#bytes.push(b);
        return;
      }
      this.#inQuotes = false;
      this.#afterQuote = true;
    }
    if (this.#inQuotes) {
      if (b === QUOTE) this.#pendingQuote = true;
      else {
        if (this.#collect) this.#bytes.push(b);
        if (b === CR || b === LF) this.#newline(b);
        else this.#afterCr = false;
      }
      return;
    }
    if (b === CR || b === LF) {
      const crlf = b === LF && this.#afterCr;
      this.#newline(b);
      if (crlf) return;
      if (!this.#recordEmpty) this.#endRecord();
      return;
    }
    this.#afterCr = false;
    if (this.#recordEmpty) {
      this.#recordEmpty = false;
      this.#recordLine = this.#line;
    }
    if (b === COMMA) {
      this.#endField();
      return;
    }
    if (this.#afterQuote) {
      if (b === SPACE) return; // DuckDB allows spaces between the closing quote and the comma
      this.problem = {
        line: this.#line,
        message: `line ${this.#line} has text after the closing quote of a field (a quote inside a quoted field must be doubled)`,
      };
      return;
    }
    if (b === QUOTE && this.#blank) {
      // A quote opens a quoted field at its start, also after spaces (which DuckDB drops).
      this.#inQuotes = true;
      this.#quoteLine = this.#line;
      this.#fieldStart = false;
      this.#blank = false;
      if (this.#collect) this.#bytes = [];
      return;
    }
    this.#fieldStart = false;
    if (b !== SPACE) this.#blank = false;
    if (this.#collect) this.#bytes.push(b);
  }

  #endField(): void {
    this.#trailingEmpty = this.#fieldStart;
    this.#fields++;
    this.#fieldStart = true;
    this.#blank = true;
    this.#afterQuote = false;
    if (this.#collect) {
      this.#names.push(Buffer.from(this.#bytes).toString('utf8'));
      this.#bytes = [];
    }
  }

  #endRecord(): void {
    this.#endField();
    const fields = this.#fields;
    this.records++;
    if (this.#expected < 0) {
      this.#expected = fields;
      this.headerLine = this.#recordLine;
      if (this.#collect) this.header = this.#names;
    } else if (fields !== this.#expected && !(fields === this.#expected + 1 && this.#trailingEmpty)) {
      this.problem = {
        line: this.#recordLine,
        message: `line ${this.#recordLine} has ${fields} field${fields === 1 ? '' : 's'} where the header has ${this.#expected}`,
      };
    }
    this.#fields = 0;
    this.#names = [];
    this.#recordEmpty = true;
    this.#fieldStart = true;
    this.#blank = true;
    this.#afterQuote = false;
  }
}

async function scan(file: string, scanner: CsvScanner): Promise<void> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      scanner.push(chunk);
      if (scanner.done) return;
    }
    scanner.end();
  } finally {
    stream.destroy();
  }
}

/**
 * The header: the fields of the first non-blank record, a leading byte order mark dropped. Null for a file without
 * records. A problem in the header itself (an unclosed quote) comes back as `problem`.
 */
export async function readCsvHeader(
  file: string,
): Promise<{ names: string[]; line: number } | { problem: CsvProblem } | null> {
  const scanner = new CsvScanner(true);
  await scan(file, scanner);
  if (scanner.problem) return { problem: scanner.problem };
  if (!scanner.header) return null;
  return { names: scanner.header, line: scanner.headerLine };
}

/** The first structural problem of the file: a record with another number of fields, a bad or unclosed quote. */
export async function findCsvProblem(file: string): Promise<CsvProblem | null> {
  const scanner = new CsvScanner(false);
  await scan(file, scanner);
  return scanner.problem;
}
