// Assessment over real Parquet files written by DuckDB: exact violation counts per rule kind, references and
// their orphans, refusal of malformed rules, timeliness, hostile names and values, and determinism.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnSchema, DatasetProfile } from '../enclave/types.ts';
import { AppError } from '../../platform/errors.ts';
import { assessVersion, checkRules, type AssessInput } from './assess.ts';
import type { QualityRule } from './rules.ts';
import type { QualityReport } from './score.ts';

let dir: string;
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'liutong-quality-'));
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});
afterAll(async () => {
  db.closeSync();
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
});

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Writes the rows of a SELECT to a Parquet file and returns its path, schema and profile. */
async function parquet(
  name: string,
  select: string,
): Promise<{ path: string; schema: ColumnSchema[]; profile: DatasetProfile }> {
  const path = join(dir, `${name}.parquet`);
  await db.run(`COPY (${select}) TO '${path.replace(/'/g, "''")}' (FORMAT parquet)`);
  const described = await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet($1)`, [path], [VARCHAR]);
  const schema = described
    .getRowObjectsJS()
    .map((r) => ({ name: r.column_name as string, type: r.column_type as string }));
  return { path, schema, profile: await profileOf(path, schema) };
}

/** A minimal profile as the secure store would compute it: digits → 9, letters → a/A, CJK → 汉. */
async function profileOf(path: string, schema: ColumnSchema[]): Promise<DatasetProfile> {
  const src = `read_parquet('${path.replace(/'/g, "''")}')`;
  const rows = Number((await db.runAndReadAll(`SELECT count(*) AS n FROM ${src}`)).getRowObjectsJS()[0]!.n);
  const columns = [];
  for (const c of schema) {
    const col = q(c.name);
    const stats = (
      await db.runAndReadAll(
        `SELECT count(*) - count(${col}) AS nulls, count(DISTINCT ${col}) AS d, CAST(min(${col}) AS VARCHAR) AS mn, CAST(max(${col}) AS VARCHAR) AS mx FROM ${src}`,
      )
    ).getRowObjectsJS()[0]!;
    const shape = `regexp_replace(regexp_replace(regexp_replace(regexp_replace(CAST(${col} AS VARCHAR), '[0-9]', '9', 'g'), '[a-z]', 'a', 'g'), '[A-Z]', 'A', 'g'), '\\p{Han}', '汉', 'g')`;
    const patterns = (
      await db.runAndReadAll(
        `SELECT ${shape} AS p, count(*) AS n FROM ${src} WHERE ${col} IS NOT NULL GROUP BY p ORDER BY n DESC, p LIMIT 5`,
      )
    )
      .getRowObjectsJS()
      .map((r) => ({ pattern: r.p as string, count: Number(r.n) }));
    columns.push({
      name: c.name,
      type: c.type,
      nulls: Number(stats.nulls),
      distinct: Number(stats.d),
      min: stats.mn as string | null,
      max: stats.mx as string | null,
      patterns,
    });
  }
  return { rows, columns };
}

const NOW = new Date('2025-06-30T12:00:00Z');
const base = (
  data: { path: string; schema: ColumnSchema[]; profile: DatasetProfile },
  rules: unknown,
  extra: Partial<AssessInput> = {},
): AssessInput => ({
  parquet: data.path,
  schema: data.schema,
  profile: data.profile,
  rules,
  updateFrequency: 'daily',
  uploadedAt: new Date('2025-06-30T00:00:00Z'),
  now: NOW,
  openLevel: '有条件开放',
  ...extra,
});
const indicator = (report: QualityReport, key: string) => report.indicators.find((i) => i.key === key)!;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentId = (first17: string) =>
  first17 + '10X98765432'[[...first17].reduce((s, c, i) => s + Number(c) * ID_WEIGHTS[i]!, 0) % 11]!;

/** 20 rows of people: ids 1..20, phone 1380000xxxx, status A/B, amount 0..95, a date per row. */
const PEOPLE = (defects: boolean) => `
  SELECT i AS id,
    ${defects ? `CASE WHEN i IN (3, 7) THEN NULL WHEN i = 11 THEN '  ' ELSE '张' || i END` : `'张' || i`} AS name,
    ${defects ? `CASE WHEN i IN (4, 9) THEN 'n/a' ELSE '1380000' || lpad(i::VARCHAR, 4, '0') END` : `'1380000' || lpad(i::VARCHAR, 4, '0')`} AS phone,
    ${defects ? `CASE WHEN i IN (5, 6) THEN 'Z' ELSE (CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END) END` : `CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END`} AS status,
    ${defects ? `CASE WHEN i IN (1, 2, 3) THEN -5 - i ELSE i * 5 END` : 'i * 5'} AS amount,
    DATE '2025-06-29' - (20 - i)::INT AS day
  FROM range(1, 21) t(i)`;
const PEOPLE_RULES: QualityRule[] = [
  { kind: 'not_null', column: 'name' },
  { kind: 'pattern', column: 'phone', regex: '1[3-9][0-9]{9}' },
  { kind: 'code_list', column: 'status', values: ['A', 'B'] },
  { kind: 'range', column: 'amount', min: 0, max: 100 },
];

describe('assessVersion', () => {
  it('scores a clean dataset higher than one with nulls, bad patterns, unknown codes and values out of range', async () => {
    const clean = await parquet('clean', PEOPLE(false));
    const dirty = await parquet('dirty', PEOPLE(true));
    const good = await assessVersion(base(clean, PEOPLE_RULES));
    const bad = await assessVersion(base(dirty, PEOPLE_RULES));
    expect(good.score).toBeGreaterThan(bad.score);
    expect(good.score).toBe(100);
    for (const key of ['normativity', 'completeness', 'accuracy'])
      expect(indicator(bad, key).score!).toBeLessThan(indicator(good, key).score!);
    expect(bad.rules.map((r) => [r.rule.kind, r.checked, r.failed])).toEqual([
      ['not_null', 20, 3], // two nulls and one blank
      ['pattern', 20, 2],
      ['code_list', 20, 2],
      ['range', 20, 3],
    ]);
    expect(bad.rules[0]!.passRate).toBe(0.85);
  });

  it('counts exactly the violating rows for every rule kind', async () => {
    const ref = await parquet('ref-codes', `SELECT * FROM (VALUES ('R1'), ('R2'), ('R3'), (NULL)) t(code)`);
    const valid = residentId('11010119900307123');
    const ids = [
      valid,
      residentId('31010419851111002'),
      valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0'),
    ];
    const badId = ids[2]!;
    ids[2] = residentId('44030520000229555');
    const data = await parquet(
      'kinds',
      `SELECT * FROM (VALUES
         (1, 'a@x.cn', 5.5, DATE '2024-01-01', TIMESTAMP '2024-03-31 23:00:00', 'K1', '${ids[0]}', 'R1', '2024-02-01'),
         (2, NULL,     10.0, DATE '2024-12-31', TIMESTAMP '2024-04-01 00:00:00', 'K2', '${ids[1]}', 'R2', 'not a date'),
         (3, 'b@y.cn', 10.5, DATE '2025-01-01', TIMESTAMP '2024-02-01 00:00:00', 'K9', '${badId}', 'R4', '2023-12-31'),
         (4, '',       NULL, NULL, NULL, NULL, NULL, NULL, NULL),
         (5, 'c@z.cn', -1,   DATE '2023-12-31', TIMESTAMP '2023-12-31 23:59:59', 'k1', '${ids[2]}', 'R9', '2024-06-30')
       ) t(id, email, score, d, ts, code, pid, ref, dtext)`,
    );
    const rules: QualityRule[] = [
      { kind: 'not_null', column: 'email' },
      { kind: 'range', column: 'score', min: 0, max: 10 },
      { kind: 'range', column: 'd', min: '2024-01-01', max: '2024-12-31' },
      { kind: 'range', column: 'ts', min: '2024-01-01', max: '2024-03-31' },
      { kind: 'range', column: 'dtext', min: '2024-01-01', max: '2024-12-31' },
      { kind: 'pattern', column: 'email', regex: '[a-z]+@[a-z]+\\.cn' },
      { kind: 'code_list', column: 'code', values: ['K1', 'K2', 'K3'] },
      { kind: 'validator', column: 'pid', validator: 'cn_resident_id' },
      { kind: 'reference', column: 'ref', dataset: { parquet: ref.path, column: 'code' } },
    ];
    const report = await assessVersion(base(data, rules));
    expect(report.rules.map((r) => `${r.rule.kind}(${r.rule.column}) ${r.checked}/${r.failed}`)).toEqual([
      'not_null(email) 5/2', // NULL and ''
      'range(score) 4/2', // 10.5 and -1; 10.0 is inside
      'range(d) 4/2', // 2025-01-01 and 2023-12-31
      'range(ts) 4/2', // a date-only max covers its day: 2024-04-01 00:00 and 2023-12-31 23:59:59 fail
      'range(dtext) 4/2', // 'not a date' and 2023-12-31
      'pattern(email) 4/1', // '' does not match
      'code_list(code) 4/2', // K9, and k1 (case-sensitive)
      'validator(pid) 4/1',
      'reference(ref) 4/2', // R4 and R9; the NULL in the referenced column does not hide them
    ]);
  });

  it('finds orphans of a reference across types and leaves referenced nulls out', async () => {
    const regions = await parquet('regions', `SELECT * FROM (VALUES (150102), (150103), (NULL)) t(code)`);
    const people = await parquet(
      'people-regions',
      `SELECT * FROM (VALUES ('150102'), ('150103'), ('150104'), (NULL), ('150102'), ('x')) t(region)`,
    );
    const report = await assessVersion(
      base(people, [
        { kind: 'reference', column: 'region', dataset: { parquet: regions.path, column: 'code' } },
      ]),
    );
    expect(report.rules[0]).toMatchObject({ checked: 5, failed: 2, passRate: 0.6 });
    expect(indicator(report, 'consistency').detail).toContain('reference(region → code) 60%');
  });

  it('refuses a reference to an unreadable version or a missing column, and wildcard paths', async () => {
    const data = await parquet('orph', `SELECT 1 AS k`);
    const refuse = async (dataset: { parquet: string; column: string }, code: string, text: RegExp) => {
      const error = await assessVersion(base(data, [{ kind: 'reference', column: 'k', dataset }])).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe(code);
      expect((error as AppError).message).toMatch(text);
    };
    await refuse(
      { parquet: join(dir, 'nope.parquet'), column: 'k' },
      'QUALITY_REFERENCE_INVALID',
      /cannot be read/,
    );
    await refuse({ parquet: data.path, column: 'zz' }, 'QUALITY_REFERENCE_INVALID', /no column "zz"/);
    await refuse({ parquet: join(dir, '*.parquet'), column: 'k' }, 'QUALITY_PATH_INVALID', /wildcards/);
  });

  it('drops timeliness when the newest data is older than the frequency allows', async () => {
    const fresh = await parquet(
      'fresh',
      `SELECT DATE '2025-06-29' - i::INT AS 统计日期, DATE '1980-01-01' AS 出生日期 FROM range(5) t(i)`,
    );
    const stale = await parquet('stale', `SELECT DATE '2025-05-01' - i::INT AS 统计日期 FROM range(5) t(i)`);
    const ahead = await parquet(
      'ahead',
      `SELECT DATE '2025-05-01' AS 统计日期, DATE '2030-01-01' AS 有效期至`,
    );
    const t = async (data: Awaited<ReturnType<typeof parquet>>, extra: Partial<AssessInput> = {}) =>
      indicator(await assessVersion(base(data, [], extra)), 'timeliness');
    expect((await t(fresh)).score).toBe(100);
    expect((await t(fresh)).detail).toContain('in 统计日期');
    expect((await t(stale)).score).toBe(0); // 60 days old, daily data
    expect((await t(stale, { updateFrequency: 'monthly' })).score).toBe(100);
    // 21.5 days old, weekly: full marks to 14 days, none from 42: 100 × (1 − (21.5/7 − 2)/4)
    expect((await t(stale, { updateFrequency: 'weekly', now: new Date('2025-05-22T12:00:00Z') })).score).toBe(
      73.2,
    );
    // Future values (a validity end) do not make old data look new.
    expect((await t(ahead)).score).toBe(0);
    // The birth date alone would be decades old; it is not a freshness signal.
    expect((await t(fresh, { timeColumn: '出生日期' })).score).toBe(0);
    // Without dates, the upload's age counts.
    const plain = await parquet('plain', `SELECT 1 AS n`);
    expect((await t(plain, { uploadedAt: new Date('2025-06-01T00:00:00Z') })).score).toBe(0);
    expect((await t(plain, { uploadedAt: new Date('2025-06-30T00:00:00Z') })).detail).toContain('the upload');
    expect((await t(plain, { updateFrequency: 'irregular' })).score).toBeNull();
  });

  it('handles column names with quotes and Chinese', async () => {
    const name = '客户"名称\'';
    const data = await parquet(
      'quotes',
      `SELECT * FROM (VALUES ('张三', 1), (NULL, 2), ('李四', 3)) t(${q(name)}, ${q('金额 (元)')})`,
    );
    expect(data.schema.map((c) => c.name)).toEqual([name, '金额 (元)']);
    const report = await assessVersion(
      base(data, [
        { kind: 'not_null', column: name },
        { kind: 'pattern', column: name, regex: '\\p{Han}{2,4}' },
        { kind: 'range', column: '金额 (元)', max: 2 },
      ]),
    );
    expect(report.rules.map((r) => [r.checked, r.failed])).toEqual([
      [3, 1],
      [2, 0],
      [3, 1],
    ]);
  });

  it('treats hostile regexes, codes and column names as data, never as SQL', async () => {
    const evil = `x") FROM read_csv('/etc/passwd'); --`;
    const data = await parquet(
      'evil',
      `SELECT * FROM (VALUES ('a''b'), ('x'), ('/etc/passwd')) t(${q(evil)})`,
    );
    const rules: QualityRule[] = [
      { kind: 'pattern', column: evil, regex: `x' OR '1'='1` },
      { kind: 'pattern', column: evil, regex: `.*'.*` },
      {
        kind: 'code_list',
        column: evil,
        values: [`a'b`, `'); SELECT * FROM read_csv('/etc/passwd'); --`, '$1', '"x"'],
      },
      { kind: 'not_null', column: evil },
    ];
    const report = await assessVersion(base(data, rules));
    expect(report.rules.map((r) => r.failed)).toEqual([3, 2, 2, 0]);
  });

  it('refuses malformed rules with an error that names the rule and column', async () => {
    const data = await parquet('malformed', `SELECT 'a' AS code, 1 AS n`);
    const refuse = async (rules: unknown, text: RegExp) => {
      const error = await assessVersion(base(data, rules)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('QUALITY_RULES_INVALID');
      expect((error as AppError).kind).toBe('validation');
      expect((error as AppError).message).toMatch(text);
    };
    await refuse(
      [{ kind: 'not_null', column: 'missing' }],
      /rule 0 \(not_null on column "missing"\): unknown column/,
    );
    await refuse(
      [{ kind: 'pattern', column: 'code', regex: '[a-' }],
      /column "code".*unterminated character class/,
    );
    await refuse(
      [{ kind: 'pattern', column: 'code', regex: 'a**' }],
      /rule 0 \(pattern on column "code"\): invalid regex: bad repetition/,
    );
    await refuse([{ kind: 'pattern', column: 'code', regex: '(?<=a)b' }], /lookahead and lookbehind/);
    await refuse(
      [{ kind: 'range', column: 'n', min: 10, max: 1 }],
      /column "n".*min \(10\) is greater than max \(1\)/,
    );
    // checkRules is the same check for declaring rules before any version exists.
    await expect(
      checkRules([{ kind: 'pattern', column: 'code', regex: 'a{2,1}' }], data.schema),
    ).rejects.toThrow(/invalid regex/);
    await expect(
      checkRules([{ kind: 'pattern', column: 'code', regex: '(?i)[[:alpha:]]\\p{Han}?' }], data.schema),
    ).resolves.toHaveLength(1);
  });

  it('keeps scoring a version that cannot be read, with accessibility showing why', async () => {
    const data = await parquet('gone', `SELECT 1 AS n`);
    const broken = join(dir, 'broken.parquet');
    await writeFile(broken, 'not parquet at all');
    const missing = await assessVersion(
      base({ ...data, path: join(dir, 'missing.parquet') }, [{ kind: 'not_null', column: 'n' }]),
    );
    const corrupt = await assessVersion(base({ ...data, path: broken }, []));
    const ok = await assessVersion(base(data, []));
    expect(indicator(missing, 'accessibility').score).toBe(40); // not stored, not readable, no schema read; names; open level
    expect(indicator(corrupt, 'accessibility').score).toBe(60); // stored, but not readable
    expect(indicator(corrupt, 'completeness').score).toBe(0);
    expect(missing.rules[0]).toMatchObject({
      checked: 0,
      failed: 0,
      note: 'the stored version could not be read',
    });
    expect(missing.score).toBeLessThan(ok.score);
  });

  it('counts a rule on a column missing from the stored file as failing every row', async () => {
    const data = await parquet('drift', `SELECT 1 AS a FROM range(4)`);
    const report = await assessVersion(
      base({ ...data, schema: [...data.schema, { name: 'b', type: 'VARCHAR' }] }, [
        { kind: 'not_null', column: 'b' },
      ]),
    );
    expect(report.rules[0]).toMatchObject({
      checked: 4,
      failed: 4,
      note: 'the column is missing from the stored version',
    });
    expect(indicator(report, 'normativity').detail).toContain('declared types (1/2 columns)');
  });

  it('gives identical reports for identical inputs', async () => {
    const data = await parquet('same', PEOPLE(true));
    const a = await assessVersion(base(data, PEOPLE_RULES, { expectedRows: 25 }));
    const b = await assessVersion(base(data, PEOPLE_RULES, { expectedRows: 25 }));
    expect(b).toEqual(a);
    expect(a.score).toBeGreaterThanOrEqual(0);
    expect(a.score).toBeLessThanOrEqual(100);
  });

  it('measures format consistency from the profile and skips free text', async () => {
    const notes = [
      'Hello world',
      '天气不错',
      'ok 1',
      '3 apples',
      'A-b',
      'x_y_z',
      '你好, world',
      '1+1=2',
      'Room 101!',
      '(note)',
      'a.b.c',
      '#tag',
    ];
    const dates = [
      ...Array.from({ length: 9 }, (_, i) => `2024-01-0${i + 1}`),
      '01/10/2024',
      '01/11/2024',
      '01/12/2024',
    ];
    const rows = notes.map((n, i) => `('${dates[i]}', '${n.replace(/'/g, "''")}')`).join(', ');
    const data = await parquet('formats', `SELECT * FROM (VALUES ${rows}) t(日期文本, 备注)`);
    const report = await assessVersion(base(data, []));
    const consistency = indicator(report, 'consistency');
    expect(consistency.score).toBe(75);
    expect(consistency.detail).toContain('format of 日期文本 75%');
    expect(consistency.detail).toContain('1 free-text column skipped');
  });
});
