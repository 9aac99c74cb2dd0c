// A streaming CSV reader (RFC 4180: quoted fields with doubled quotes, CR LF or LF line ends) that takes text in
// chunks of any size, and the encoding detection for files from Chinese systems (UTF-8 or GB 18030 / GBK).

export class CsvError extends Error {
  /** 1-based record number (the header is record 1). */
  readonly record: number;

  constructor(message: string, record: number) {
    super(`record ${record}: ${message}`);
    this.record = record;
  }
}

/** Feeds text in chunks; calls `onRecord` with each complete record. Call `end()` after the last chunk. */
export class CsvReader {
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
