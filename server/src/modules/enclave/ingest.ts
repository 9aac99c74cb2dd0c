// Ingestion into the secure store (安全域存储): an uploaded file (CSV in UTF-8 or GB 18030, XLSX, JSON lines or
// Parquet) becomes one immutable Parquet file with its schema, profile and SHA-256. A library: the caller streams the
// upload to disk, chooses the target path and records the result; no HTTP, no database here.
//
// DuckDB does the work, locked down: it may touch only the files named here (allowed_paths), never the network,
// and its configuration is locked before any input is read. Bad input ends in an IngestError with a stable code and
// a message naming the line (or cell) where there is one; nothing is left behind: the Parquet file is written under
// a temporary name beside the target and linked into place only when everything succeeded.
//
// Parquet is written with zstd and format version 2 (DELTA and BYTE_STREAM_SPLIT encodings): measured on 1,000,000
// rows, 6% smaller and 20% less CPU than version 1; DuckDB, Arrow, Polars and Spark 3.3+ read it.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { detectEncoding } from '../classification/index.ts';
import { findCsvProblem, readCsvHeader } from './csv-scan.ts';
import {
  copyWithout,
  DecodeError,
  firstInvalidUtf8,
  isAscii,
  transcodeGb18030,
  type BadByte,
} from './encoding.ts';
import { findJsonLinesProblem } from './jsonl-scan.ts';
import { profileParquet, sqlIdent, sqlString, type ProfileOptions } from './profile.ts';
import type { ColumnSchema, DatasetProfile } from './types.ts';
import { cellReference, XlsxProblem, xlsxToCsv } from './xlsx.ts';

export type SourceFormat = 'csv' | 'xlsx' | 'jsonl' | 'parquet';

export type IngestErrorCode =
  /** The file holds nothing (no bytes, or only white space / a byte order mark). */
  | 'INGEST_EMPTY'
  /** A header, but no data rows. */
  | 'INGEST_NO_ROWS'
  /** Rows without any column (JSON objects without keys). */
  | 'INGEST_NO_COLUMNS'
  /** Broken structure: a row with another number of fields, a quote not closed, a bad JSON line, a damaged file. */
  | 'INGEST_MALFORMED'
  /** Two columns with the same name (letter case aside). */
  | 'INGEST_DUPLICATE_COLUMN'
  /** Bytes that are neither UTF-8 nor GB 18030. */
  | 'INGEST_ENCODING'
  /** The content is not what the name or the stated format says (or a format we do not read). */
  | 'INGEST_FORMAT'
  /** A spreadsheet cell holds a formula. */
  | 'INGEST_FORMULA_CELL'
  /** The target exists already: versions are immutable. */
  | 'INGEST_TARGET_EXISTS';

export class IngestError extends Error {
  readonly code: IngestErrorCode;
  /** 1-based line of the file (header = line 1), or sheet row of a workbook. */
  readonly row: number | undefined;
  /** The column, or the cell reference (Sheet1!C5) of a workbook. */
  readonly column: string | undefined;

  constructor(code: IngestErrorCode, message: string, where: { row?: number; column?: string } = {}) {
    super(message);
    this.name = 'IngestError';
    this.code = code;
    this.row = where.row;
    this.column = where.column;
  }
}

export interface IngestProgress {
  phase: 'decode' | 'convert' | 'profile';
  /** Bytes of the upload handled so far (decode, convert). */
  bytes?: number;
  /** Rows so far (decode of a workbook) or in all (end of convert, profile). */
  rows?: number;
}

export interface IngestInput {
  /** Path of the uploaded file, already on disk. */
  source: string;
  /** The name the client sent: used only to tell the format by its extension, never as a path. */
  fileName: string;
  /** Explicit format; else told from the extension and checked against the first bytes. */
  format?: SourceFormat;
  /** Final path of the Parquet file; must not exist. Its directory is created when missing. */
  target: string;
  /** Store every column as VARCHAR, exactly as written, instead of inferring types. */
  allVarchar?: boolean;
  /** DuckDB resources for this ingestion (defaults: all cores, 2 GB; beyond it DuckDB spills beside the target). */
  threads?: number;
  memoryLimit?: string;
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestResult {
  format: SourceFormat;
  /** Text encoding of a CSV or JSON-lines upload; null for XLSX and Parquet. */
  encoding: 'utf-8' | 'gb18030' | null;
  rows: number;
  /** Size of the Parquet file. */
  bytes: number;
  /** SHA-256 of the Parquet file, hex. */
  sha256: string;
  schema: ColumnSchema[];
  profile: DatasetProfile;
}

const EXTENSIONS: Readonly<Record<string, SourceFormat>> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.xlsx': 'xlsx',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.parquet': 'parquet',
};

const HEAD_BYTES = 65536;
const DEFAULT_MEMORY_LIMIT = '2GB';

/** What the first bytes say the file is. */
function sniff(head: Uint8Array): 'parquet' | 'zip' | 'ole' | 'gzip' | 'pdf' | 'utf16' | 'text' {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x50, 0x41, 0x52, 0x31)) return 'parquet'; // PAR1
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'zip'; // PK: XLSX is a zip
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'ole'; // legacy .xls
  if (starts(0x1f, 0x8b)) return 'gzip';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'pdf';
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return 'utf16';
  return 'text';
}

const SNIFFED: Readonly<Record<Exclude<ReturnType<typeof sniff>, 'text'>, string>> = {
  parquet: 'a Parquet file',
  zip: 'a ZIP archive (such as an XLSX workbook)',
  ole: 'a legacy Excel (.xls) or other OLE document: save it as .xlsx or CSV',
  gzip: 'gzip-compressed: upload it uncompressed',
  pdf: 'a PDF document',
  utf16: 'UTF-16 text',
};

/** The format from the explicit choice or the extension, checked against the magic bytes. */
export function detectFormat(fileName: string, head: Uint8Array, explicit?: SourceFormat): SourceFormat {
  const kind = sniff(head);
  if (kind === 'utf16')
    throw new IngestError('INGEST_ENCODING', 'the file is UTF-16 text: save it as UTF-8 (or GB 18030)');
  const ext = path.extname(fileName).toLowerCase();
  const named = explicit ?? EXTENSIONS[ext];
  const said = explicit
    ? `the stated format is ${explicit}`
    : `the file is named ${ext || 'without extension'}`;
  const format =
    named ??
    (kind === 'parquet' ? 'parquet' : kind === 'zip' ? 'xlsx' : kind === 'text' ? textFormat(head) : null);
  if (!format)
    throw new IngestError('INGEST_FORMAT', `${said}, but its content is ${SNIFFED[kind as 'ole']}`);
  const fits =
    format === 'parquet' ? kind === 'parquet' : format === 'xlsx' ? kind === 'zip' : kind === 'text';
  if (!fits) {
    const content = kind === 'text' ? 'text' : SNIFFED[kind];
    throw new IngestError('INGEST_FORMAT', `${said}, but its content is ${content}`);
  }
  if (format === 'jsonl' && firstText(head).startsWith('['))
    throw new IngestError(
      'INGEST_FORMAT',
      'the file holds a JSON array; JSON lines are expected: one object per line',
    );
  return format;
}

/** The head as text from its first non-blank character. */
const firstText = (head: Uint8Array) =>
  Buffer.from(head)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();

/** JSON lines when the first non-blank character opens an object, else CSV. */
const textFormat = (head: Uint8Array): SourceFormat => (firstText(head).startsWith('{') ? 'jsonl' : 'csv');

async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const isBlank = (head: Uint8Array) =>
  Buffer.from(head)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim() === '';

/** Column names as stored: trimmed, byte order mark dropped, empty ones named column_N; duplicates refused. */
export function cleanColumnNames(
  raw: readonly string[],
  where: { row?: number; of?: (i: number) => string } = {},
) {
  const names = raw.map((n, i) => {
    const t = n.replace(/^\uFEFF/, '').trim();
    return t === '' ? `column_${i + 1}` : t;
  });
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    const j = seen.get(key);
    if (j !== undefined) {
      const of = where.of ?? ((k: number) => `${k + 1}`);
      const same =
        names[j] === name ? `"${name}"` : `"${names[j]}" and "${name}" (letter case does not count)`;
      throw new IngestError(
        'INGEST_DUPLICATE_COLUMN',
        `columns ${of(j)} and ${of(i)}${where.row ? ` of the header (line ${where.row})` : ''} are both named ` +
          `${same}; column names must be unique`,
        { ...(where.row !== undefined && { row: where.row }), column: name },
      );
    }
    seen.set(key, i);
  });
  return names;
}

/** The locked-down DuckDB of one ingestion. */
interface Engine {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
}

async function openEngine(input: IngestInput, files: readonly string[], spill: string): Promise<Engine> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: input.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
    temp_directory: spill,
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    ...(input.threads && { threads: String(input.threads) }),
  });
  try {
    const connection = await instance.connect();
    await connection.run(`SET allowed_paths = [${files.map(sqlString).join(', ')}]`);
    await connection.run(`SET allowed_directories = [${sqlString(`${spill}${path.sep}`)}]`);
    await connection.run('SET enable_external_access = false');
    if (input.onProgress) {
      await connection.run('SET enable_progress_bar = true');
      await connection.run('SET enable_progress_bar_print = false');
    }
    await connection.run('SET lock_configuration = true');
    return { instance, connection };
  } catch (error) {
    instance.closeSync();
    throw error;
  }
}

/** Runs a COPY … TO parquet, reporting DuckDB's progress in bytes of the upload; returns the rows written. */
async function copyToParquet(engine: Engine, select: string, target: string, job: Job): Promise<number> {
  const sql = `COPY (${select}) TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2, USE_TMP_FILE false)`;
  const report = job.input.onProgress;
  const timer =
    report &&
    setInterval(() => {
      const { percentage } = engine.connection.progress;
      if (percentage < 0) return;
      try {
        report({ phase: 'convert', bytes: Math.round((job.size * percentage) / 100) });
      } catch {
        // A failing progress callback must not take the process down from a timer.
      }
    }, 250);
  try {
    const reader = await engine.connection.runAndReadAll(sql);
    return Number(reader.getRowsJson()[0]?.[0] ?? 0);
  } finally {
    if (timer) clearInterval(timer);
  }
}

/** The state of one ingestion. */
interface Job {
  input: IngestInput;
  source: string;
  /** The UTF-8 text DuckDB reads when the upload needs conversion first. */
  text: string;
  partial: string;
  size: number;
  head: Buffer;
  engine: Engine;
  /** Line of the CSV header, once read. */
  headerLine?: number;
}

/** A DuckDB error message cut to what a person needs: no file paths, no hints about DuckDB's options. */
function duckMessage(error: unknown, job: Job): string {
  const message = error instanceof Error ? error.message : String(error);
  let text = message;
  for (const p of [job.source, job.text, job.partial]) text = text.split(p).join('\uE000');
  text = text
    .replace(/ in file ["']\uE000["'],?/g, '')
    .replace(/file ["']\uE000["']/g, 'the file')
    .replace(/\uE000/g, 'the file');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(
      (l) => l && !/^(CSV Error on Line|Original Line|LINE \d+:|Possible (fixes|Solution)|\*|\^)/.test(l),
    );
  return (lines[0] ?? text).replace(/^[A-Za-z ]+ Error: /, '');
}

const isInputError = (error: unknown) =>
  error instanceof Error && /^(Invalid Input|Conversion|Binder|Parser) Error/.test(error.message);

function encodingError(at: BadByte): IngestError {
  return new IngestError(
    'INGEST_ENCODING',
    `the file is not valid UTF-8: byte ${at.offset} (line ${at.line}) cannot be decoded; save the file as UTF-8`,
    { row: at.line },
  );
}

/** Neither encoding reads the file: both first bad bytes are named, the line of the one read further counts. */
function neitherEncodingError(utf8: BadByte, gb: BadByte): IngestError {
  const further = utf8.offset >= gb.offset ? utf8 : gb;
  return new IngestError(
    'INGEST_ENCODING',
    `the file is neither UTF-8 nor GB 18030 (GBK): read as UTF-8, byte ${utf8.offset} (line ${utf8.line}) cannot ` +
      `be decoded; read as GB 18030, byte ${gb.offset} (line ${gb.line}); save the file as UTF-8`,
    { row: further.line },
  );
}

/** CSV: encoding, header, then one COPY; the slow diagnosis runs only when DuckDB refuses the file. */
async function ingestCsv(
  job: Job,
  header?: { names: string[]; line: number },
): Promise<{ rows: number; encoding: 'utf-8' | 'gb18030' }> {
  let encoding = header ? 'utf-8' : detectEncoding(job.head);
  let file = job.source;
  for (;;) {
    if (encoding === 'gb18030' && !header) {
      await transcode(job);
      file = job.text;
    }
    try {
      return { rows: await copyCsv(job, file, header), encoding };
    } catch (error) {
      // DuckDB found bytes that are not UTF-8 beyond the first 64 KiB: GB 18030 after an ASCII head, or bad bytes.
      if (
        encoding === 'utf-8' &&
        !header &&
        error instanceof Error &&
        /not utf-8 encoded/i.test(error.message)
      ) {
        const bad = await firstInvalidUtf8(job.source);
        if (bad && isAscii(job.head)) {
          encoding = 'gb18030';
          continue;
        }
        if (bad) throw encodingError(bad);
      }
      throw error;
    }
  }
}

async function transcode(job: Job): Promise<void> {
  const report = job.input.onProgress;
  try {
    await transcodeGb18030(job.source, job.text, report && ((bytes) => report({ phase: 'decode', bytes })));
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    const utf8 = await firstInvalidUtf8(job.source);
    throw utf8 ? neitherEncodingError(utf8, error.at) : error;
  }
}

async function copyCsv(job: Job, file: string, given?: { names: string[]; line: number }): Promise<number> {
  let header = given;
  if (!header) {
    const read = await readCsvHeader(file);
    if (!read) throw new IngestError('INGEST_EMPTY', 'the file has no header and no rows');
    if ('problem' in read)
      throw new IngestError('INGEST_MALFORMED', read.problem.message, { row: read.problem.line });
    header = read;
  }
  job.headerLine = header.line;
  const names = cleanColumnNames(header.names, { row: header.line });
  const types: Record<string, string> = {};
  for (;;) {
    const options = [
      'header = true',
      "delim = ','",
      `quote = '"'`,
      `escape = '"'`,
      "comment = ''", // else DuckDB may take lines starting with # for comments and drop them
      'skip = 0', // else DuckDB may skip lines it takes for a title
      'strict_mode = true',
      'allow_quoted_nulls = false', // "" is an empty string, an empty field NULL
      `names = [${names.map(sqlString).join(', ')}]`,
      job.input.allVarchar ? 'all_varchar = true' : '',
      Object.keys(types).length
        ? `types = {${Object.entries(types)
            .map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`)
            .join(', ')}}`
        : '',
    ].filter(Boolean);
    try {
      return await copyToParquet(
        job.engine,
        `SELECT * FROM read_csv(${sqlString(file)}, ${options.join(', ')})`,
        job.partial,
        job,
      );
    } catch (error) {
      if (!isInputError(error)) throw error;
      const message = (error as Error).message;
      if (/not utf-8 encoded/i.test(message)) throw error;
      // The structure first: DuckDB reports a ragged row as a failed conversion when its types were inferred.
      const problem = await findCsvProblem(file);
      if (problem) throw new IngestError('INGEST_MALFORMED', problem.message, { row: problem.line });
      // A value beyond DuckDB's type-inference sample that does not fit the inferred type: read that column as text.
      const column = /Error when converting column "(.*)"\. Could not convert/.exec(message)?.[1];
      if (column !== undefined && names.includes(column) && !types[column]) {
        types[column] = 'VARCHAR';
        continue;
      }
      const line = Number(/CSV Error on Line: (\d+)/.exec(message)?.[1]);
      throw new IngestError(
        'INGEST_MALFORMED',
        line ? `line ${line}: ${duckMessage(error, job)}` : duckMessage(error, job),
        line ? { row: line } : {},
      );
    }
  }
}

/** Thrown inside ingestJsonLines when a file with an ASCII head turns out not to be UTF-8 further on. */
class RetryAsGb18030 extends Error {}

/** JSON lines: one object per line; the keys of all lines make the columns. */
async function ingestJsonLines(job: Job): Promise<{ rows: number; encoding: 'utf-8' | 'gb18030' }> {
  try {
    return await jsonLinesIn(job, detectEncoding(job.head));
  } catch (error) {
    if (error instanceof RetryAsGb18030) return jsonLinesIn(job, 'gb18030');
    throw error;
  }
}

async function jsonLinesIn(
  job: Job,
  encoding: 'utf-8' | 'gb18030',
): Promise<{ rows: number; encoding: 'utf-8' | 'gb18030' }> {
  let file = job.source;
  if (encoding === 'gb18030') {
    await transcode(job);
    file = job.text;
  } else if (job.head[0] === 0xef && job.head[1] === 0xbb && job.head[2] === 0xbf) {
    // DuckDB's JSON reader refuses a byte order mark.
    await copyWithout(job.source, job.text, 3);
    file = job.text;
  }
  const connection = job.engine.connection;
  const read = `read_json(${sqlString(file)}, format = 'newline_delimited', records = true, sample_size = -1)`;
  const diagnose = async (error: unknown): Promise<never> => {
    if (!isInputError(error)) throw error;
    const problem = await findJsonLinesProblem(file);
    if (problem) throw new IngestError('INGEST_MALFORMED', problem.message, { row: problem.line });
    if (encoding === 'utf-8') {
      const bad = await firstInvalidUtf8(file);
      if (bad && isAscii(job.head)) throw new RetryAsGb18030();
      if (bad) throw encodingError(bad);
    }
    const message = (error as Error).message;
    const duplicate = /in line (\d+): Object .* has duplicate key "(.*)"/.exec(message);
    if (duplicate)
      throw new IngestError(
        'INGEST_DUPLICATE_COLUMN',
        `line ${duplicate[1]} has the key "${duplicate[2]}" twice; keys must be unique`,
        { row: Number(duplicate[1]), column: duplicate[2]! },
      );
    if (/expected records/.test(message))
      throw new IngestError('INGEST_NO_COLUMNS', 'the JSON objects have no keys, so there are no columns');
    const line = Number(/in line (\d+)/.exec(message)?.[1]);
    throw new IngestError('INGEST_MALFORMED', duckMessage(error, job), line ? { row: line } : {});
  };
  let columns: ColumnSchema[];
  let keys: string[];
  try {
    // Every key of every line: DuckDB renames keys it cannot keep as they are (an empty key, keys that differ
    // only in letter case), and those must be told apart from real keys.
    const found = await connection.runAndReadAll(
      `SELECT DISTINCT unnest(json_keys(json)) AS k FROM read_ndjson_objects(${sqlString(file)})`,
    );
    keys = found.getRowsJson().map((r) => r[0] as string);
    columns = await describe(connection, `SELECT * FROM ${read}`);
  } catch (error) {
    return diagnose(error);
  }
  if (columns.length === 0) throw new IngestError('INGEST_NO_COLUMNS', 'the JSON objects have no keys');
  cleanColumnNames(keys, { of: (i) => `"${keys[i]}"` }); // refuses keys equal but for letter case or spaces
  const known = new Set(keys);
  const raw = columns.map((c) => {
    if (known.has(c.name)) return c.name;
    if (known.has('')) return ''; // DuckDB named the empty key
    throw new IngestError('INGEST_MALFORMED', `the JSON key behind column "${c.name}" cannot be kept`);
  });
  const names = cleanColumnNames(raw);
  try {
    return { rows: await copyRenamed(job, columns, names, read), encoding };
  } catch (error) {
    return diagnose(error);
  }
}

async function describe(connection: DuckDBConnection, select: string): Promise<ColumnSchema[]> {
  const reader = await connection.runAndReadAll(`DESCRIBE ${select}`);
  return reader
    .getRowObjectsJson()
    .map((r) => ({ name: r.column_name as string, type: r.column_type as string }));
}

/** COPY of `from` with its columns renamed to `names` (and cast to VARCHAR when asked). */
function copyRenamed(job: Job, columns: readonly ColumnSchema[], names: readonly string[], from: string) {
  const select = columns
    .map((c, i) => `${sqlIdent(c.name)}${job.input.allVarchar ? '::VARCHAR' : ''} AS ${sqlIdent(names[i]!)}`)
    .join(', ');
  return copyToParquet(job.engine, `SELECT ${select} FROM ${from}`, job.partial, job);
}

/** Parquet: read and written again, which checks every page. */
async function ingestParquet(job: Job): Promise<number> {
  const read = `read_parquet(${sqlString(job.source)})`;
  const damaged = (error: unknown) =>
    isInputError(error)
      ? new IngestError(
          'INGEST_MALFORMED',
          `the Parquet file is damaged or truncated: ${duckMessage(error, job)}`,
        )
      : error;
  let columns: ColumnSchema[];
  try {
    columns = await describe(job.engine.connection, `SELECT * FROM ${read}`);
  } catch (error) {
    throw damaged(error);
  }
  const names = cleanColumnNames(columns.map((c) => c.name));
  try {
    return await copyRenamed(job, columns, names, read);
  } catch (error) {
    throw damaged(error);
  }
}

async function ingestXlsx(job: Job): Promise<number> {
  const report = job.input.onProgress;
  let sheet;
  try {
    sheet = await xlsxToCsv(job.source, job.text, report && ((rows) => report({ phase: 'decode', rows })));
  } catch (error) {
    if (!(error instanceof XlsxProblem)) throw error;
    throw new IngestError(error.code, error.message.split(job.source).join('the file'), {
      ...(error.row !== undefined && { row: error.row }),
      ...(error.cell !== undefined && { column: error.cell }),
    });
  }
  if (!sheet) throw new IngestError('INGEST_EMPTY', 'the first worksheet is empty');
  const { sheet: name, headerRow } = sheet;
  cleanColumnNames(sheet.header, { row: headerRow, of: (i) => cellReference(name, headerRow, i + 1) });
  if (sheet.rows === 0) throw noRows(headerRow);
  const { rows } = await ingestCsv({ ...job, source: job.text }, { names: sheet.header, line: headerRow });
  job.headerLine = headerRow;
  return rows;
}

const noRows = (headerRow?: number) =>
  new IngestError(
    'INGEST_NO_ROWS',
    headerRow
      ? `the file has a header (line ${headerRow}) but no data rows`
      : 'the file has columns but no rows',
    headerRow ? { row: headerRow } : {},
  );

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Flushes a file and its directory entry to disk. */
async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Puts `partial` at `target` unless something is there already (link fails with EEXIST; rename would replace). */
async function publish(partial: string, target: string): Promise<void> {
  let linked = false;
  try {
    await link(partial, target);
    linked = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw targetExists(target);
  }
  if (linked) await unlink(partial);
  else {
    // A file system without hard links: rename, after checking (not atomically) that the target is free.
    const taken = await stat(target).then(
      () => true,
      () => false,
    );
    if (taken) throw targetExists(target);
    await rename(partial, target);
  }
  const dir = await open(path.dirname(target), 'r');
  try {
    await dir.sync();
  } catch {
    // Some file systems cannot sync a directory; the file itself is synced.
  } finally {
    await dir.close();
  }
}

const targetExists = (target: string) =>
  new IngestError('INGEST_TARGET_EXISTS', `the version file ${path.basename(target)} exists already`);

export interface IngestOptions {
  /** How the profile is computed (tests use it to force exact counts or statistics off). */
  profile?: ProfileOptions;
}

/** Ingests one uploaded file into one Parquet file at `input.target`. */
export async function ingestFile(input: IngestInput, options: IngestOptions = {}): Promise<IngestResult> {
  const source = path.resolve(input.source);
  const target = path.resolve(input.target);
  const partial = `${target}.partial-${randomBytes(8).toString('hex')}`;
  const text = `${partial}.txt`;
  const spill = `${partial}.tmp`;
  let engine: Engine | undefined;
  try {
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (exists) throw targetExists(target);
    const { size } = await stat(source);
    const head = await readHead(source);
    if (size === 0 || (size <= HEAD_BYTES && isBlank(head)))
      throw new IngestError('INGEST_EMPTY', 'the file is empty');
    const format = detectFormat(input.fileName, head, input.format);
    await mkdir(path.dirname(target), { recursive: true });
    engine = await openEngine(input, [source, text, partial], spill);
    const job: Job = { input, source, text, partial, size, head, engine };

    let rows: number;
    let encoding: IngestResult['encoding'] = null;
    switch (format) {
      case 'csv':
        ({ rows, encoding } = await ingestCsv(job));
        break;
      case 'jsonl':
        ({ rows, encoding } = await ingestJsonLines(job));
        break;
      case 'parquet':
        rows = await ingestParquet(job);
        break;
      case 'xlsx':
        rows = await ingestXlsx(job);
        break;
    }
    await rm(text, { force: true });
    if (rows === 0) throw noRows(job.headerLine);
    input.onProgress?.({ phase: 'convert', bytes: size, rows });

    input.onProgress?.({ phase: 'profile', rows });
    const schema = await describe(engine.connection, `SELECT * FROM read_parquet(${sqlString(partial)})`);
    // DuckDB profiles on its threads while this thread hashes the file.
    const [profile, sha256, written] = await Promise.all([
      profileParquet(engine.connection, partial, schema, rows, options.profile),
      sha256Of(partial),
      stat(partial),
      syncFile(partial),
    ]);
    input.onProgress?.({ phase: 'profile', rows });
    await publish(partial, target);
    return { format, encoding, rows, bytes: written.size, sha256, schema, profile };
  } finally {
    engine?.connection.closeSync();
    engine?.instance.closeSync();
    await Promise.all([
      rm(partial, { force: true }),
      rm(text, { force: true }),
      rm(spill, { recursive: true, force: true }),
    ]);
  }
}
