// The first worksheet of an XLSX workbook, streamed with exceljs and written as a UTF-8 CSV file that DuckDB then
// reads like any uploaded CSV (ingest.ts). The first non-empty row is the header. Formulas are refused: their cached
// values were computed by a spreadsheet program we do not run, and we store only values we can vouch for.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';

/** Why a workbook was refused; ingest.ts turns it into an IngestError. */
export class XlsxProblem extends Error {
  readonly code: 'INGEST_FORMULA_CELL' | 'INGEST_MALFORMED' | 'INGEST_FORMAT';
  readonly row: number | undefined;
  readonly cell: string | undefined;
  constructor(code: XlsxProblem['code'], message: string, row?: number, cell?: string) {
    super(message);
    this.code = code;
    this.row = row;
    this.cell = cell;
  }
}

export interface XlsxSheet {
  sheet: string;
  /** Header cells as text, untrimmed; empty header cells are ''. */
  header: string[];
  /** Sheet row number of the header. */
  headerRow: number;
  /** Data rows written (empty rows are skipped). */
  rows: number;
}

/** Column letters of a 1-based column number: 1 → A, 28 → AB. */
export function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** A cell reference as Excel writes it: Sheet1!C5, 'My sheet'!C5. */
export function cellReference(sheet: string, row: number, column: number): string {
  const name = /^[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*$/.test(sheet)
    ? sheet
    : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${columnLetters(column)}${row}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Excel dates come as JS dates whose UTC fields hold the wall-clock time; a date without time is a DATE. */
function dateText(d: Date): string {
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  const ms = d.getUTCMilliseconds();
  if (h === 0 && m === 0 && s === 0 && ms === 0) return date;
  return `${date} ${pad(h)}:${pad(m)}:${pad(s)}${ms ? `.${pad(ms, 3)}` : ''}`;
}

/** A cell value as text, null for an empty cell; throws for formulas. */
function cellText(value: unknown, where: () => { row: number; ref: string }): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : dateText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      const { row, ref } = where();
      throw new XlsxProblem(
        'INGEST_FORMULA_CELL',
        `cell ${ref} holds a formula; formulas are refused because their values were computed by a spreadsheet ` +
          `program we do not run: replace formulas by their values (copy, paste values) and upload again`,
        row,
        ref,
      );
    }
    if (Array.isArray(v.richText))
      return (v.richText as { text?: unknown }[])
        .map((r) => (typeof r.text === 'string' ? r.text : ''))
        .join('');
    if (typeof v.error === 'string') return v.error;
    if (typeof v.text === 'string') return v.text;
  }
  return JSON.stringify(value);
}

/** A CSV field: empty cells unquoted (read as NULL), everything else quoted when it must be. */
const csvField = (s: string | null) =>
  s === null ? '' : s === '' || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;

type Worksheet = AsyncIterable<ExcelJS.Row> & { name?: string };

/** Writes one worksheet as CSV into `out`; null when it has no non-empty row. */
async function sheetToCsv(
  worksheet: Worksheet,
  out: NodeJS.WritableStream,
  onRows?: (rows: number) => void,
): Promise<XlsxSheet | null> {
  const sheet = String(worksheet.name ?? 'Sheet1');
  let header: string[] | null = null;
  let headerRow = 0;
  let rows = 0;
  let buffer = '';
  for await (const row of worksheet) {
    const values = row.values as unknown[];
    const r = row.number;
    const texts: (string | null)[] = [];
    for (let c = 1; c < values.length; c++) {
      texts[c - 1] = cellText(values[c], () => ({ row: r, ref: cellReference(sheet, r, c) }));
    }
    let last = texts.length;
    while (last > 0 && (texts[last - 1] === null || texts[last - 1] === undefined)) last--;
    if (last === 0) continue; // an empty row
    if (!header) {
      header = Array.from({ length: last }, (_, i) => texts[i] ?? '');
      headerRow = r;
      buffer += `${header.map((h) => csvField(h)).join(',')}\n`;
      continue;
    }
    if (last > header.length) {
      const ref = cellReference(sheet, r, last);
      throw new XlsxProblem(
        'INGEST_MALFORMED',
        `cell ${ref} has a value but its column has no header (row ${headerRow} is the header)`,
        r,
        ref,
      );
    }
    const fields: string[] = [];
    for (let i = 0; i < header.length; i++) fields.push(csvField(texts[i] ?? null));
    buffer += `${fields.join(',')}\n`;
    rows++;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
      onRows?.(rows);
    }
  }
  out.write(buffer);
  return header && { sheet, header, headerRow, rows };
}

/**
 * Streams the first worksheet of `source` into `target` as CSV. The CSV header has the sheet's header cells; data
 * cells to the right of the last header cell must be empty.
 */
export async function xlsxToCsv(
  source: string,
  target: string,
  onRows?: (rows: number) => void,
): Promise<XlsxSheet | null> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // number formats tell dates from numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const out = createWriteStream(target);
  let result: XlsxSheet | null = null;
  let problem: XlsxProblem | null = null;
  let sheets = 0;
  try {
    for await (const worksheet of reader) {
      // Only the first worksheet is read. The reader is still run to its end: exceljs keeps worksheets that come
      // before the shared strings in temporary files, and removes each only when the iteration moves past it.
      if (sheets++ > 0) continue;
      try {
        result = await sheetToCsv(worksheet, out, onRows);
      } catch (error) {
        if (!(error instanceof XlsxProblem)) throw error;
        problem = error;
      }
    }
    if (problem) throw problem;
    if (sheets === 0)
      throw new XlsxProblem('INGEST_FORMAT', 'the file holds no worksheet: it is not an XLSX workbook');
    out.end();
    await finished(out);
  } catch (error) {
    if (error instanceof XlsxProblem) throw error;
    throw new XlsxProblem(
      'INGEST_FORMAT',
      `the file is not a readable XLSX workbook (${error instanceof Error ? error.message : String(error)})`,
    );
  } finally {
    out.destroy();
    // On an early exit the zip reader would go on reading the file.
    (reader as unknown as { stream?: { destroy(): void } }).stream?.destroy();
  }
  return result;
}
