// Validation of declared rules: clear errors naming the rule and column, clean copies, the RE2 pre-check and
// ISO bounds; any input gives rules or a validation AppError, nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../enclave/types.ts';
import { AppError } from '../../platform/errors.ts';
import { parseIsoBound, quoteIdent, regexProblem, typeFamily, validateRules } from './rules.ts';

const schema: ColumnSchema[] = [
  { name: '姓名', type: 'VARCHAR' },
  { name: 'amount', type: 'DECIMAL(18,2)' },
  { name: 'day', type: 'DATE' },
  { name: 'at', type: 'TIMESTAMP WITH TIME ZONE' },
  { name: 'ok', type: 'BOOLEAN' },
  { name: 'tags', type: 'VARCHAR[]' },
];

const errorOf = (rules: unknown): AppError => {
  try {
    validateRules(rules, schema);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the rules to be refused');
};

describe('validateRules', () => {
  it('accepts well-formed rules and returns clean copies', () => {
    const rules = validateRules(
      [
        { kind: 'not_null', column: '姓名', extra: 'dropped' },
        { kind: 'range', column: 'amount', min: 0 },
        { kind: 'range', column: 'day', min: '2024-01-01', max: '2024-12-31T23:59:59+08:00' },
        { kind: 'range', column: '姓名', max: 10 },
        { kind: 'pattern', column: '姓名', regex: '(?P<x>\\p{Han})+[[:alpha:]]*\\Q(\\E' },
        { kind: 'code_list', column: 'ok', values: ['true', 'false', 'true'] },
        { kind: 'validator', column: '姓名', validator: 'cn_resident_id' },
        { kind: 'reference', column: 'amount', dataset: { parquet: '/data/v1.parquet', column: 'amt' } },
        { kind: 'not_null', column: 'tags' },
      ],
      schema,
    );
    expect(rules[0]).toEqual({ kind: 'not_null', column: '姓名' });
    expect(rules[5]).toEqual({ kind: 'code_list', column: 'ok', values: ['true', 'false'] });
    expect(rules).toHaveLength(9);
  });

  it('names the bad rule, its column and the problem', () => {
    const cases: [unknown, RegExp][] = [
      [
        { kind: 'not_null', column: 'nope' },
        /rule 0 \(not_null on column "nope"\): unknown column; the version has columns "姓名"/,
      ],
      [{ kind: 'unique', column: '姓名' }, /unknown kind "unique"/],
      [{ kind: 'range', column: 'amount', min: 5, max: 1 }, /min \(5\) is greater than max \(1\)/],
      [
        { kind: 'range', column: 'day', min: '2024-12-31', max: '2024-01-01' },
        /min \(2024-12-31\) is later than max/,
      ],
      [{ kind: 'range', column: 'day', min: '2024-02-30' }, /ISO 8601/],
      [{ kind: 'range', column: 'day', min: 1 }, /numeric bounds need a numeric or text column, not DATE/],
      [
        { kind: 'range', column: 'amount', min: '2024-01-01' },
        /date bounds need a date, timestamp or text column/,
      ],
      [{ kind: 'range', column: 'amount', min: 1, max: '9' }, /both be finite numbers/],
      [{ kind: 'range', column: 'amount', min: Number.NaN }, /both be finite numbers/],
      [{ kind: 'range', column: 'amount' }, /needs min, max or both/],
      [{ kind: 'pattern', column: '姓名', regex: '(a' }, /invalid regex: unbalanced parentheses/],
      [{ kind: 'pattern', column: '姓名', regex: '(a)\\1' }, /backreferences are not supported/],
      [{ kind: 'pattern', column: '姓名', regex: 'a(?!b)' }, /lookahead and lookbehind/],
      [{ kind: 'pattern', column: '姓名', regex: 'x'.repeat(1001) }, /longer than 1000/],
      [{ kind: 'pattern', column: '姓名', regex: '' }, /non-empty string/],
      [{ kind: 'code_list', column: '姓名', values: [] }, /non-empty array/],
      [{ kind: 'code_list', column: '姓名', values: ['a', 1] }, /code 1/],
      [{ kind: 'code_list', column: '姓名', values: ['a\u0000'] }, /without NUL/],
      [
        { kind: 'validator', column: '姓名', validator: 'date_of_birth' },
        /unknown validator "date_of_birth"/,
      ],
      [{ kind: 'validator', column: 'day', validator: 'cn_uscc' }, /text or numeric column, not DATE/],
      [{ kind: 'reference', column: '姓名', dataset: '/x.parquet' }, /dataset must be an object/],
      [{ kind: 'reference', column: '姓名', dataset: { parquet: '/x.parquet' } }, /dataset.column/],
      [{ kind: 'pattern', column: 'tags', regex: 'a' }, /cannot check a column of type VARCHAR\[\]/],
      ['not_null', /rule 0: must be an object/],
    ];
    for (const [rule, text] of cases) {
      const error = errorOf([rule]);
      expect(error.code).toBe('QUALITY_RULES_INVALID');
      expect(error.kind).toBe('validation');
      expect(error.message).toMatch(text);
    }
  });

  it('lists every bad rule with a field path', () => {
    const error = errorOf([
      { kind: 'not_null', column: '姓名' },
      { kind: 'not_null', column: 'a' },
      { kind: 'pattern', column: '姓名', regex: '[x' },
    ]);
    expect(error.fields?.map((f) => f.field)).toEqual(['/rules/1/column', '/rules/2/regex']);
    expect(error.message).toMatch(/\(and 1 more\)$/);
    expect(errorOf({}).message).toMatch(/must be an array/);
    expect(
      errorOf(Array.from({ length: 201 }, () => ({ kind: 'not_null', column: '姓名' }))).message,
    ).toMatch(/at most 200/);
  });

  it('returns rules or a validation error for any input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        try {
          validateRules(input, schema);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).kind).toBe('validation');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('rule helpers', () => {
  it('pre-checks regexes without refusing RE2 syntax', () => {
    for (const ok of [
      '[(]',
      '\\(',
      '(?i)abc',
      '(?P<n>a)',
      '(?<n>a)',
      '[[:digit:]]+',
      '[]a]',
      '[^]a]',
      '\\Q(?=\\E',
      'a{2,3}?',
    ])
      expect(regexProblem(ok), ok).toBeUndefined();
    for (const bad of ['(', ')', '[a', 'a\\', '\\2', '\\k<n>', '(?=a)', '(?<=a)', '(?<!a)', '(?>a)'])
      expect(regexProblem(bad), bad).toBeDefined();
  });

  it('parses ISO bounds as UTC instants', () => {
    expect(parseIsoBound('2024-01-31')).toEqual({ at: new Date('2024-01-31T00:00:00Z'), dateOnly: true });
    expect(parseIsoBound('2024-01-31T08:00:00+08:00')?.at).toEqual(new Date('2024-01-31T00:00:00Z'));
    expect(parseIsoBound('2024-01-31 08:00:00.5Z')?.at).toEqual(new Date('2024-01-31T08:00:00.500Z'));
    for (const bad of [
      '2024-02-30',
      '2024-13-01',
      '2024-01-01T24:00',
      '31/01/2024',
      '2024-01-01T00:00+15:00',
      'x',
    ])
      expect(parseIsoBound(bad), bad).toBeUndefined();
  });

  it('knows type families and quotes identifiers', () => {
    expect(['BIGINT', 'DECIMAL(18,2)', 'double', 'UHUGEINT'].map(typeFamily)).toEqual([
      'numeric',
      'numeric',
      'numeric',
      'numeric',
    ]);
    expect(['DATE', 'TIMESTAMP_NS', 'TIMESTAMP WITH TIME ZONE'].map(typeFamily)).toEqual([
      'temporal',
      'temporal',
      'temporal',
    ]);
    expect(['VARCHAR', 'INTEGER[]', 'STRUCT(a INTEGER)', 'BLOB', 'BOOLEAN'].map(typeFamily)).toEqual([
      'text',
      'nested',
      'nested',
      'other',
      'boolean',
    ]);
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });
});
