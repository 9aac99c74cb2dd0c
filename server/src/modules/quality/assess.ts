// Quality assessment of a stored dataset version: validates the holder's rules, counts their violations with
// one DuckDB query over the version's Parquet file, and scores the counts with the pure method in score.ts
// (weights and formulas are documented there). Only counts leave DuckDB, never values.
//
// DuckDB runs in memory, one instance per call, locked down before any rule runs: only the version's file and
// the files of referenced versions are readable, nothing else on disk or the network, extensions are not
// loaded, and the configuration cannot be changed afterwards. Identifiers are quoted; every value a holder
// declares (regexes, codes, bounds, paths) is a bound parameter, never spliced into the SQL. Regexes run on
// RE2, whose matching time is linear in the input, so no pattern can backtrack catastrophically.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  BOOLEAN,
  DOUBLE,
  DuckDBInstance,
  DuckDBScalarFunction,
  LIST,
  VARCHAR,
  listValue,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { VALIDATORS } from '../classification/index.ts';
import type { ColumnSchema, DatasetProfile } from '../enclave/types.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import {
  invalid,
  parseIsoBound,
  quoteIdent,
  typeFamily,
  validateRules,
  type QualityRule,
  type RuleValidator,
} from './rules.ts';
import {
  UPDATE_FREQUENCIES,
  scoreQuality,
  type QualityReport,
  type RuleResult,
  type UpdateFrequency,
} from './score.ts';

export interface AssessInput {
  /** The stored version's Parquet file. */
  parquet: string;
  /** The schema declared for the version. */
  schema: ColumnSchema[];
  profile: DatasetProfile;
  /** The holder's rules, validated here (see validateRules / checkRules). */
  rules: unknown;
  updateFrequency: UpdateFrequency;
  uploadedAt: Date;
  /** The assessment time; passed in so the same inputs always give the same score. */
  now: Date;
  /** Rows the holder expects; adds a record-count item to completeness. */
  expectedRows?: number | null;
  /** The resource's registered open level, if any. */
  openLevel?: string | null;
  /** The date/timestamp column whose newest value dates the data; by default every date/timestamp column except birth dates. */
  timeColumn?: string | null;
}

export interface AssessOptions {
  /** DuckDB memory limit, e.g. '512MB' (DuckDB's default otherwise). */
  memoryLimit?: string;
  /** DuckDB worker threads (DuckDB's default otherwise). */
  threads?: number;
}

/** Columns DuckDB dates but that say nothing about how fresh the data is. */
const BIRTH_DATE = /(出生|生日|birth|dob)/i;
/** Blank text: ASCII white space and the ideographic space. */
const BLANK = `'[\\s\\x{3000}]*'`;

/** Validates rules, then compiles each regex with DuckDB's RE2, so a rule set that passes will run. */
export async function checkRules(rules: unknown, schema: ColumnSchema[]): Promise<QualityRule[]> {
  const valid = validateRules(rules, schema);
  const db = await openSandbox([], {});
  try {
    await compilePatterns(db.connection, valid);
  } finally {
    db.close();
  }
  return valid;
}

/** Assesses one stored version; throws AppError('validation') for bad rules or input, never for bad data. */
export async function assessVersion(input: AssessInput, options: AssessOptions = {}): Promise<QualityReport> {
  const rules = validateRules(input.rules, input.schema);
  checkInput(input);
  const path = localPath(input.parquet, '/parquet');
  const refPaths = rules.map((r, i) =>
    r.kind === 'reference' ? localPath(r.dataset.parquet, `/rules/${i}/dataset/parquet`) : undefined,
  );
  const stored = await isStoredFile(path);
  const allowed = [path, ...refPaths.filter((p): p is string => p !== undefined)];
  const db = await openSandbox([...new Set(allowed)], options);
  try {
    await compilePatterns(db.connection, rules);
    const storedSchema = stored ? await describe(db.connection, path).catch(() => null) : null;
    const base = {
      schema: input.schema,
      stored,
      profile: input.profile,
      updateFrequency: input.updateFrequency,
      uploadedAt: input.uploadedAt,
      now: input.now,
      expectedRows: input.expectedRows ?? null,
      openLevel: input.openLevel ?? null,
    };
    const unread = (note: string) =>
      scoreQuality({
        ...base,
        storedSchema: null,
        rules: rules.map((rule) => ({ rule, checked: 0, failed: 0, note })),
        newestDataTime: null,
      });
    if (!storedSchema) return unread('the stored version could not be read');
    const refSchemas = await describeReferences(db.connection, rules, refPaths);
    let counted: Counted;
    try {
      counted = await countRules(
        db,
        path,
        storedSchema,
        rules,
        refSchemas,
        timeColumns(input, storedSchema),
        input.now,
      );
    } catch (error) {
      if (!isReadError(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const ref = rules.findIndex((_, i) => refPaths[i] !== undefined && message.includes(refPaths[i]));
      if (ref >= 0)
        throw new AppError(
          'validation',
          'QUALITY_REFERENCE_INVALID',
          `Invalid quality rule: rule ${ref}: the referenced version cannot be read: ${duckMessage(error)}`,
          {
            fields: [
              { field: `/rules/${ref}/dataset/parquet`, message: `the referenced version cannot be read` },
            ],
          },
        );
      return unread('the stored version could not be read');
    }
    return scoreQuality({
      ...base,
      storedSchema,
      rules: counted.rules,
      newestDataTime: counted.newest?.at ?? null,
      newestDataColumn: counted.newest?.column ?? null,
    });
  } finally {
    db.close();
  }
}

function checkInput(input: AssessInput): void {
  const errors: FieldError[] = [];
  if (!(UPDATE_FREQUENCIES as readonly string[]).includes(input.updateFrequency))
    errors.push({
      field: '/updateFrequency',
      message: `unknown update frequency ${JSON.stringify(input.updateFrequency)}; expected one of ${UPDATE_FREQUENCIES.join(', ')}`,
    });
  for (const key of ['uploadedAt', 'now'] as const)
    if (!(input[key] instanceof Date) || Number.isNaN(input[key].getTime()))
      errors.push({ field: `/${key}`, message: `${key} must be a valid date` });
  if (input.expectedRows !== undefined && input.expectedRows !== null) {
    if (!Number.isSafeInteger(input.expectedRows) || input.expectedRows < 0)
      errors.push({ field: '/expectedRows', message: 'expectedRows must be a non-negative integer' });
  }
  if (input.timeColumn !== undefined && input.timeColumn !== null) {
    const column = input.schema.find((c) => c.name === input.timeColumn);
    if (!column)
      errors.push({ field: '/timeColumn', message: `timeColumn "${input.timeColumn}" is not a column` });
    else if (typeFamily(column.type) !== 'temporal')
      errors.push({
        field: '/timeColumn',
        message: `timeColumn "${column.name}" is ${column.type}, not a date or timestamp`,
      });
  }
  if (errors.length > 0)
    throw new AppError(
      'validation',
      'QUALITY_INPUT_INVALID',
      `Invalid assessment input: ${errors[0]!.message}`,
      {
        fields: errors,
      },
    );
}

/** An absolute local file path; URLs and glob characters (which DuckDB would expand) are refused. */
function localPath(path: string, field: string): string {
  if (
    typeof path !== 'string' ||
    path === '' ||
    path.includes('\u0000') ||
    /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ||
    /[*?[\]{}]/.test(path)
  )
    throw new AppError(
      'validation',
      'QUALITY_PATH_INVALID',
      'A dataset version must be a local file path without wildcards',
      {
        fields: [{ field, message: 'must be a local file path without wildcards' }],
      },
    );
  return resolve(path);
}

async function isStoredFile(path: string): Promise<boolean> {
  try {
    const s = await stat(path);
    return s.isFile() && s.size > 0;
  } catch {
    return false;
  }
}

interface Sandbox {
  connection: DuckDBConnection;
  close: () => void;
}

/** An in-memory DuckDB that can read the given files and nothing else, with its configuration locked. */
async function openSandbox(paths: string[], options: AssessOptions): Promise<Sandbox> {
  const config: Record<string, string> = {};
  if (options.memoryLimit !== undefined) {
    if (!/^\d+(\.\d+)?\s?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(options.memoryLimit))
      throw new RangeError(`memoryLimit must look like 512MB, got ${options.memoryLimit}`);
    config.memory_limit = options.memoryLimit;
  }
  if (options.threads !== undefined) {
    if (!Number.isSafeInteger(options.threads) || options.threads < 1)
      throw new RangeError(`threads must be a positive integer, got ${options.threads}`);
    config.threads = String(options.threads);
  }
  const instance = await DuckDBInstance.create(':memory:', config);
  let connection: DuckDBConnection | undefined;
  try {
    connection = await instance.connect();
    await connection.run(`SET TimeZone = 'UTC'`);
    await connection.run(`SET autoinstall_known_extensions = false`);
    await connection.run(`SET autoload_known_extensions = false`);
    if (paths.length > 0) await connection.run(`SET allowed_paths = $1`, [listValue(paths)], [LIST(VARCHAR)]);
    await connection.run(`SET enable_external_access = false`);
    await connection.run(`SET lock_configuration = true`);
  } catch (error) {
    connection?.closeSync();
    instance.closeSync();
    throw error;
  }
  const open = connection;
  return {
    connection: open,
    close: () => {
      open.closeSync();
      instance.closeSync();
    },
  };
}

/** The first line of a DuckDB error without its category, e.g. "missing ]: [a-". */
const duckMessage = (error: unknown) =>
  (error instanceof Error ? error.message : String(error))
    .split('\n')[0]!
    .replace(/^[A-Za-z ]+Error: /, '')
    .trim();

async function compilePatterns(connection: DuckDBConnection, rules: QualityRule[]): Promise<void> {
  const errors: FieldError[] = [];
  for (const [i, rule] of rules.entries()) {
    if (rule.kind !== 'pattern') continue;
    try {
      await connection.run(`SELECT regexp_full_match('', $1)`, [rule.regex], [VARCHAR]);
    } catch (error) {
      errors.push({
        field: `/rules/${i}/regex`,
        message: `rule ${i} (pattern on column "${rule.column}"): invalid regex: ${duckMessage(error)}`,
      });
    }
  }
  if (errors.length > 0) throw invalid(errors);
}

async function describe(connection: DuckDBConnection, path: string): Promise<ColumnSchema[]> {
  const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet($1)`, [path], [VARCHAR]);
  return reader
    .getRowObjectsJS()
    .map((row) => ({ name: row.column_name as string, type: row.column_type as string }));
}

/** The stored schema of each referenced version; a reference that cannot be read or lacks its column is a rule error. */
async function describeReferences(
  connection: DuckDBConnection,
  rules: QualityRule[],
  refPaths: (string | undefined)[],
): Promise<Map<string, ColumnSchema[]>> {
  const schemas = new Map<string, ColumnSchema[]>();
  const errors: FieldError[] = [];
  for (const [i, rule] of rules.entries()) {
    const path = refPaths[i];
    if (rule.kind !== 'reference' || path === undefined) continue;
    const label = `rule ${i} (reference on column "${rule.column}")`;
    if (!schemas.has(path)) {
      try {
        schemas.set(path, await describe(connection, path));
      } catch (error) {
        errors.push({
          field: `/rules/${i}/dataset/parquet`,
          message: `${label}: the referenced version cannot be read: ${duckMessage(error)}`,
        });
        continue;
      }
    }
    if (!findColumn(schemas.get(path)!, rule.dataset.column))
      errors.push({
        field: `/rules/${i}/dataset/column`,
        message: `${label}: the referenced version has no column "${rule.dataset.column}"`,
      });
  }
  if (errors.length > 0)
    throw new AppError(
      'validation',
      'QUALITY_REFERENCE_INVALID',
      `Invalid quality rule: ${errors[0]!.message}`,
      {
        fields: errors,
      },
    );
  return schemas;
}

/** A column by exact name, else by DuckDB's case-insensitive name matching. */
function findColumn(schema: ColumnSchema[], name: string): ColumnSchema | undefined {
  return (
    schema.find((c) => c.name === name) ?? schema.find((c) => c.name.toLowerCase() === name.toLowerCase())
  );
}

function timeColumns(input: AssessInput, stored: ColumnSchema[]): ColumnSchema[] {
  const temporal = stored.filter((c) => typeFamily(c.type) === 'temporal');
  if (input.timeColumn) return temporal.filter((c) => c.name === input.timeColumn);
  return temporal.filter((c) => !BIRTH_DATE.test(c.name));
}

/** Parameters bound by position, with their DuckDB types. */
class Params {
  readonly values: DuckDBValue[] = [];
  readonly types: DuckDBType[] = [];
  add(value: DuckDBValue, type: DuckDBType): string {
    this.values.push(value);
    this.types.push(type);
    return `$${this.values.length}`;
  }
}

/** An ISO bound as DuckDB TIMESTAMP text in UTC. */
const timestampText = (at: Date) => at.toISOString().replace('T', ' ').replace('Z', '');

interface Counted {
  rules: RuleResult[];
  newest: { at: Date; column: string } | null;
}

/** One query: rows, then checked/failed per rule, then the newest time per time column. */
async function countRules(
  db: Sandbox,
  path: string,
  stored: ColumnSchema[],
  rules: QualityRule[],
  refSchemas: Map<string, ColumnSchema[]>,
  times: ColumnSchema[],
  now: Date,
): Promise<Counted> {
  const params = new Params();
  const source = params.add(path, VARCHAR);
  const select: string[] = ['count(*) AS "rows"'];
  const missing = new Set<number>();
  const validators = new Set<RuleValidator>();

  for (const [i, rule] of rules.entries()) {
    const column = findColumn(stored, rule.column);
    if (!column) {
      missing.add(i);
      continue;
    }
    const col = quoteIdent(column.name);
    const family = typeFamily(column.type);
    const text = `CAST(${col} AS VARCHAR)`;
    let checked = `count(${col})`;
    let failed: string;
    switch (rule.kind) {
      case 'not_null':
        checked = 'count(*)';
        failed =
          family === 'text'
            ? `count_if(${col} IS NULL OR regexp_full_match(${col}, ${BLANK}))`
            : `count_if(${col} IS NULL)`;
        break;
      case 'range': {
        const numeric = typeof rule.min === 'number' || typeof rule.max === 'number';
        const cast = family === 'text' ? 'TRY_CAST' : 'CAST';
        const value = `${cast}(${col} AS ${numeric ? 'DOUBLE' : 'TIMESTAMP'})`;
        const out: string[] = [`${value} IS NULL`];
        if (numeric) {
          if (typeof rule.min === 'number') out.push(`${value} < ${params.add(rule.min, DOUBLE)}`);
          if (typeof rule.max === 'number') out.push(`${value} > ${params.add(rule.max, DOUBLE)}`);
        } else {
          const min = typeof rule.min === 'string' ? parseIsoBound(rule.min) : undefined;
          const max = typeof rule.max === 'string' ? parseIsoBound(rule.max) : undefined;
          if (min) out.push(`${value} < CAST(${params.add(timestampText(min.at), VARCHAR)} AS TIMESTAMP)`);
          if (max) {
            // A date-only max covers its whole day.
            const end = max.dateOnly ? new Date(max.at.getTime() + 86_400_000) : max.at;
            const bound = `CAST(${params.add(timestampText(end), VARCHAR)} AS TIMESTAMP)`;
            out.push(max.dateOnly ? `${value} >= ${bound}` : `${value} > ${bound}`);
          }
        }
        failed = `count_if(${col} IS NOT NULL AND (${out.join(' OR ')}))`;
        break;
      }
      case 'pattern':
        failed = `count_if(${col} IS NOT NULL AND NOT regexp_full_match(${text}, ${params.add(rule.regex, VARCHAR)}))`;
        break;
      case 'code_list': {
        const codes = params.add(listValue(rule.values), LIST(VARCHAR));
        failed = `count_if(${col} IS NOT NULL AND NOT (${text} IN (SELECT unnest(${codes}))))`;
        break;
      }
      case 'validator':
        validators.add(rule.validator);
        failed = `count_if(${col} IS NOT NULL AND NOT ${validatorFunction(rule.validator)}(${text}))`;
        break;
      case 'reference': {
        const refPath = localPath(rule.dataset.parquet, `/rules/${i}/dataset/parquet`);
        const refColumn = findColumn(refSchemas.get(refPath) ?? [], rule.dataset.column)!;
        const ref = quoteIdent(refColumn.name);
        const [left, right] = comparable(col, column.type, ref, refColumn.type);
        failed = `count_if(${col} IS NOT NULL AND NOT (${left} IN (SELECT ${right} FROM read_parquet(${params.add(refPath, VARCHAR)}) WHERE ${ref} IS NOT NULL)))`;
        break;
      }
    }
    select.push(`${checked} AS "c${i}"`, `${failed} AS "f${i}"`);
  }
  const nowParam = times.length > 0 ? params.add(timestampText(now), VARCHAR) : '';
  for (const [j, column] of times.entries()) {
    const value = `CAST(${quoteIdent(column.name)} AS TIMESTAMP)`;
    select.push(
      `epoch_ms(max(${value}) FILTER (WHERE ${value} <= CAST(${nowParam} AS TIMESTAMP))) AS "t${j}"`,
    );
  }

  for (const name of validators) db.connection.registerScalarFunction(validatorUdf(name));
  const sql = `SELECT ${select.join(', ')} FROM read_parquet(${source})`;
  const reader = await db.connection.runAndReadAll(sql, params.values, params.types);
  const row = reader.getRowObjectsJS()[0] ?? {};
  const num = (v: unknown) => (typeof v === 'bigint' || typeof v === 'number' ? Number(v) : 0);
  const rows = num(row.rows);

  const results: RuleResult[] = rules.map((rule, i) =>
    missing.has(i)
      ? { rule, checked: rows, failed: rows, note: 'the column is missing from the stored version' }
      : { rule, checked: num(row[`c${i}`]), failed: num(row[`f${i}`]) },
  );
  let newest: Counted['newest'] = null;
  for (const [j, column] of times.entries()) {
    const v = row[`t${j}`];
    if (v === null || v === undefined) continue;
    const at = num(v);
    if (!newest || at > newest.at.getTime()) newest = { at: new Date(at), column: column.name };
  }
  return { rules: results, newest };
}

/** Expressions to compare a column with a referenced one: natively when types agree, as numbers or as text otherwise. */
function comparable(left: string, leftType: string, right: string, rightType: string): [string, string] {
  if (leftType.trim().toUpperCase() === rightType.trim().toUpperCase()) return [left, right];
  if (typeFamily(leftType) === 'numeric' && typeFamily(rightType) === 'numeric')
    return [`CAST(${left} AS DOUBLE)`, `CAST(${right} AS DOUBLE)`];
  return [`CAST(${left} AS VARCHAR)`, `CAST(${right} AS VARCHAR)`];
}

const validatorFunction = (name: RuleValidator) => `quality_valid_${name}`;

/** A DuckDB function running one of the classification validators on each value (null stays null). */
function validatorUdf(name: RuleValidator): DuckDBScalarFunction {
  const validate = VALIDATORS[name];
  return DuckDBScalarFunction.create({
    name: validatorFunction(name),
    returnType: BOOLEAN,
    parameterTypes: [VARCHAR],
    mainFunction: (_info, input, output) => {
      const values = input.getColumnVector(0);
      for (let i = 0; i < input.rowCount; i++) {
        const value = values.getItem(i);
        let valid: boolean | null = null;
        if (value !== null) {
          try {
            valid = validate(String(value));
          } catch {
            valid = false;
          }
        }
        output.setItem(i, valid);
      }
      output.flush();
    },
  });
}

/** DuckDB errors that mean the file itself is unreadable (missing, truncated, corrupt), not a query problem. */
function isReadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return (
    /^IO Error/.test(message) ||
    /^Invalid Input Error: .*(parquet|magic bytes|file)/i.test(message) ||
    /^(Invalid Error|Serialization Error|Corrupt)/i.test(message)
  );
}
