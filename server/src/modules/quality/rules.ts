// Quality rules a holder declares per column, and their validation against the version's declared schema.
// Validation here is synchronous and structural; `checkRules` in assess.ts adds the authoritative regex compile.
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { ColumnSchema } from '../enclave/types.ts';

/** Validators a `validator` rule can name: check-digit and structure checks shared with classification. */
export const RULE_VALIDATORS = [
  'cn_resident_id',
  'cn_uscc',
  'cn_mobile',
  'cn_landline',
  'email',
  'bank_card',
  'cn_passport',
  'cn_license_plate',
  'ip_address',
] as const;
export type RuleValidator = (typeof RULE_VALIDATORS)[number];

export type QualityRule =
  /** The column holds a value in every row (for text columns, an empty or blank string counts as missing). */
  | { kind: 'not_null'; column: string }
  /** Non-null values lie within [min, max]: numbers, or ISO 8601 dates/timestamps (a date-only max covers its day). */
  | { kind: 'range'; column: string; min?: number | string; max?: number | string }
  /** Non-null values, as text, fully match an RE2 regular expression. */
  | { kind: 'pattern'; column: string; regex: string }
  /** Non-null values, as text, are one of the listed codes (exact, case-sensitive). */
  | { kind: 'code_list'; column: string; values: string[] }
  /** Non-null values pass a named validator (GB 11643 resident ID, GB 32100 credit code, Luhn, …). */
  | { kind: 'validator'; column: string; validator: RuleValidator }
  /** Every non-null value exists in a column of another stored version. */
  | { kind: 'reference'; column: string; dataset: { parquet: string; column: string } };

export type RuleKind = QualityRule['kind'];
export const RULE_KINDS: readonly RuleKind[] = [
  'not_null',
  'range',
  'pattern',
  'code_list',
  'validator',
  'reference',
];

export const LIMITS = {
  rules: 200,
  regexLength: 1000,
  codeListValues: 10_000,
  codeLength: 1000,
  pathLength: 4096,
} as const;

export type TypeFamily = 'numeric' | 'temporal' | 'text' | 'boolean' | 'other' | 'nested';

/** The family of a DuckDB logical type name, which decides how a rule compares its values. */
export function typeFamily(type: string): TypeFamily {
  const t = type.trim().toUpperCase().replace(/\s+/g, ' ');
  if (/[[\]]|^(LIST|STRUCT|MAP|UNION|ARRAY)\b/.test(t)) return 'nested';
  if (
    /^(TINYINT|SMALLINT|INTEGER|INT|INT1|INT2|INT4|INT8|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|FLOAT4|FLOAT8|REAL|DOUBLE|DECIMAL|NUMERIC)\b/.test(
      t,
    )
  )
    return 'numeric';
  if (/^(DATE|TIMESTAMP(_S|_MS|_NS|TZ)?|DATETIME)\b/.test(t)) return 'temporal';
  if (/^(VARCHAR|CHAR|BPCHAR|TEXT|STRING|NVARCHAR)\b/.test(t)) return 'text';
  if (/^(BOOLEAN|BOOL|LOGICAL)\b/.test(t)) return 'boolean';
  return 'other';
}

const ISO_BOUND =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** An ISO bound as a UTC instant, and whether it named a whole day; undefined when not a real date. */
export function parseIsoBound(value: string): { at: Date; dateOnly: boolean } | undefined {
  const m = ISO_BOUND.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  const at = new Date(ms);
  // Reject overflowing fields (2024-02-30, 25:00) that Date.UTC would roll over.
  if (
    at.getUTCFullYear() !== Number(y) ||
    at.getUTCMonth() !== Number(mo) - 1 ||
    at.getUTCDate() !== Number(d) ||
    at.getUTCHours() !== Number(h ?? 0) ||
    at.getUTCMinutes() !== Number(mi ?? 0) ||
    at.getUTCSeconds() !== Number(s ?? 0)
  )
    return undefined;
  let t = ms + (frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    if (Number(digits.slice(0, 2)) > 14 || Number(digits.slice(2, 4)) > 59) return undefined;
    t -= sign * offset * 60_000;
  }
  return { at: new Date(t), dateOnly: h === undefined };
}

/**
 * A quick structural look at a regex: constructs RE2 (DuckDB's engine) lacks, named so a holder used to
 * JavaScript or PCRE sees why, and unbalanced brackets. Returns the problem, or undefined. Not a full parse:
 * `checkRules` compiles the regex with DuckDB, which is authoritative.
 */
export function regexProblem(regex: string): string | undefined {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === '\\') {
      const next = regex[i + 1];
      if (next === undefined) return 'the regex ends with a lone backslash';
      if (next === 'Q') {
        // \Q…\E quotes literal text
        const end = regex.indexOf('\\E', i + 2);
        i = end < 0 ? regex.length : end + 1;
        continue;
      }
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && regex[i + 2] === '<')))
        return 'backreferences are not supported (RE2)';
      i++;
    } else if (inClass) {
      if (c === '[' && regex[i + 1] === ':') {
        const end = regex.indexOf(':]', i + 2);
        if (end > 0) i = end + 1;
      } else if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (regex[i + 1] === '^') i++;
      if (regex[i + 1] === ']') i++; // a leading ] is literal
    } else if (c === '(') {
      const ahead = regex.slice(i + 1, i + 4);
      if (/^\?(=|!|<=|<!)/.test(ahead)) return 'lookahead and lookbehind are not supported (RE2)';
      if (ahead.startsWith('?>')) return 'atomic groups are not supported (RE2)';
      depth++;
    } else if (c === ')') {
      if (--depth < 0) return 'unbalanced parentheses';
    }
  }
  if (inClass) return 'unterminated character class [';
  if (depth !== 0) return 'unbalanced parentheses';
  return undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const hasNul = (s: string) => s.includes('\u0000');

/**
 * Checks rules declared for a version against its declared schema and returns clean copies (only known
 * properties). Throws AppError('validation', 'QUALITY_RULES_INVALID') listing every bad rule by index, kind
 * and column. Regexes are checked here for size and non-RE2 constructs only; `checkRules` compiles them.
 */
export function validateRules(rules: unknown, schema: ColumnSchema[]): QualityRule[] {
  if (!Array.isArray(rules)) throw invalid([{ field: '/rules', message: 'rules must be an array' }]);
  if (rules.length > LIMITS.rules)
    throw invalid([
      { field: '/rules', message: `at most ${LIMITS.rules} rules are allowed, got ${rules.length}` },
    ]);
  const columns = new Map(schema.map((c) => [c.name, c]));
  const errors: FieldError[] = [];
  const out: QualityRule[] = [];
  rules.forEach((raw: unknown, i) => {
    const at = `/rules/${i}`;
    const fail = (field: string, message: string) => {
      const label = isRecord(raw)
        ? `rule ${i} (${String(raw.kind)}${typeof raw.column === 'string' ? ` on column "${raw.column}"` : ''})`
        : `rule ${i}`;
      errors.push({ field: `${at}${field}`, message: `${label}: ${message}` });
    };
    if (!isRecord(raw)) return fail('', 'must be an object');
    const kind = raw.kind;
    if (typeof kind !== 'string' || !(RULE_KINDS as readonly string[]).includes(kind))
      return fail('/kind', `unknown kind ${JSON.stringify(kind)}; expected one of ${RULE_KINDS.join(', ')}`);
    const name = raw.column;
    if (typeof name !== 'string' || name === '') return fail('/column', 'column must be a non-empty string');
    const column = columns.get(name);
    if (!column) return fail('/column', `unknown column; the version has ${describeColumns(schema)}`);
    const family = typeFamily(column.type);
    if (family === 'nested' && kind !== 'not_null')
      return fail('/column', `a ${kind} rule cannot check a column of type ${column.type}`);
    switch (kind as RuleKind) {
      case 'not_null':
        out.push({ kind: 'not_null', column: name });
        return;
      case 'range': {
        const { min, max } = raw;
        if (min === undefined && max === undefined) return fail('', 'a range needs min, max or both');
        const bounds = [min, max].filter((b) => b !== undefined);
        if (bounds.some((b) => typeof b === 'number')) {
          if (!bounds.every((b) => typeof b === 'number' && Number.isFinite(b)))
            return fail('', 'min and max must both be finite numbers, or both ISO dates');
          if (family !== 'numeric' && family !== 'text')
            return fail('', `numeric bounds need a numeric or text column, not ${column.type}`);
          if (typeof min === 'number' && typeof max === 'number' && min > max)
            return fail('', `min (${min}) is greater than max (${max})`);
        } else {
          const parsed = bounds.map((b) => (typeof b === 'string' ? parseIsoBound(b) : undefined));
          if (parsed.some((p) => p === undefined))
            return fail(
              '',
              'min and max must be numbers or ISO 8601 dates such as 2024-01-31 or 2024-01-31T08:00:00Z',
            );
          if (family !== 'temporal' && family !== 'text')
            return fail('', `date bounds need a date, timestamp or text column, not ${column.type}`);
          if (
            min !== undefined &&
            max !== undefined &&
            parseIsoBound(min as string)!.at > parseIsoBound(max as string)!.at
          )
            return fail('', `min (${min as string}) is later than max (${max as string})`);
        }
        const rule: QualityRule = { kind: 'range', column: name };
        if (min !== undefined) rule.min = min as number | string;
        if (max !== undefined) rule.max = max as number | string;
        out.push(rule);
        return;
      }
      case 'pattern': {
        const regex = raw.regex;
        if (typeof regex !== 'string' || regex === '')
          return fail('/regex', 'regex must be a non-empty string');
        if (regex.length > LIMITS.regexLength)
          return fail('/regex', `regex is longer than ${LIMITS.regexLength} characters`);
        if (hasNul(regex)) return fail('/regex', 'regex contains a NUL character');
        const problem = regexProblem(regex);
        if (problem) return fail('/regex', `invalid regex: ${problem}`);
        out.push({ kind: 'pattern', column: name, regex });
        return;
      }
      case 'code_list': {
        const values = raw.values;
        if (!Array.isArray(values) || values.length === 0)
          return fail('/values', 'values must be a non-empty array of strings');
        if (values.length > LIMITS.codeListValues)
          return fail('/values', `at most ${LIMITS.codeListValues} codes are allowed, got ${values.length}`);
        const bad = values.findIndex(
          (v) => typeof v !== 'string' || v.length > LIMITS.codeLength || hasNul(v),
        );
        if (bad >= 0)
          return fail(
            `/values/${bad}`,
            `codes must be strings of at most ${LIMITS.codeLength} characters without NUL (code ${bad})`,
          );
        out.push({ kind: 'code_list', column: name, values: [...new Set(values as string[])] });
        return;
      }
      case 'validator': {
        const validator = raw.validator;
        if (typeof validator !== 'string' || !(RULE_VALIDATORS as readonly string[]).includes(validator))
          return fail(
            '/validator',
            `unknown validator ${JSON.stringify(validator)}; expected one of ${RULE_VALIDATORS.join(', ')}`,
          );
        if (family !== 'text' && family !== 'numeric')
          return fail('/column', `a validator needs a text or numeric column, not ${column.type}`);
        out.push({ kind: 'validator', column: name, validator: validator as RuleValidator });
        return;
      }
      case 'reference': {
        const dataset = raw.dataset;
        if (!isRecord(dataset)) return fail('/dataset', 'dataset must be an object { parquet, column }');
        const { parquet, column: refColumn } = dataset;
        if (
          typeof parquet !== 'string' ||
          parquet === '' ||
          parquet.length > LIMITS.pathLength ||
          hasNul(parquet)
        )
          return fail('/dataset/parquet', 'dataset.parquet must be the path of a stored version');
        if (typeof refColumn !== 'string' || refColumn === '')
          return fail('/dataset/column', 'dataset.column must be a non-empty string');
        out.push({ kind: 'reference', column: name, dataset: { parquet, column: refColumn } });
        return;
      }
    }
  });
  if (errors.length > 0) throw invalid(errors);
  return out;
}

function describeColumns(schema: ColumnSchema[]): string {
  if (schema.length === 0) return 'no columns';
  const names = schema.slice(0, 20).map((c) => JSON.stringify(c.name));
  return `columns ${names.join(', ')}${schema.length > 20 ? ', …' : ''}`;
}

export function invalid(fields: FieldError[]): AppError {
  const first = fields[0]?.message ?? 'invalid rules';
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : '';
  return new AppError('validation', 'QUALITY_RULES_INVALID', `Invalid quality rule: ${first}${more}`, {
    fields,
  });
}

/** A DuckDB identifier, quoted: any double quote inside is doubled. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A one-line English description of a rule without any of its values (codes, regex) for details and logs. */
export function describeRule(rule: QualityRule): string {
  switch (rule.kind) {
    case 'not_null':
      return `not_null(${rule.column})`;
    case 'range':
      return `range(${rule.column})`;
    case 'pattern':
      return `pattern(${rule.column})`;
    case 'code_list':
      return `code_list(${rule.column}, ${rule.values.length} codes)`;
    case 'validator':
      return `validator(${rule.column}, ${rule.validator})`;
    case 'reference':
      return `reference(${rule.column} → ${rule.dataset.column})`;
  }
}
