// The dataset profile: value shapes follow their rules for every type, min and max from Parquet statistics equal
// those computed in SQL, and the estimates used for large tables (sampled shapes, approximate distinct) stay close.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileParquet, sqlString } from './profile.ts';
import type { ColumnSchema } from './types.ts';

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'liutong-profile-'));
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `select` to a Parquet file (small row groups, so statistics span several) and describes it. */
async function parquetOf(
  name: string,
  select: string,
): Promise<{ file: string; schema: ColumnSchema[]; rows: number }> {
  const file = path.join(dir, `${name}.parquet`);
  await connection.run(
    `COPY (${select}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2, ROW_GROUP_SIZE 2048)`,
  );
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`);
  const schema = described
    .getRowObjectsJson()
    .map((r) => ({ name: r.column_name as string, type: r.column_type as string }));
  const count = await connection.runAndReadAll(`SELECT count(*) FROM read_parquet(${sqlString(file)})`);
  return { file, schema, rows: Number(count.getRowsJson()[0]![0]) };
}

const MIXED = `
  SELECT
    i - 50 AS 整数,
    CASE i % 7 WHEN 0 THEN NULL WHEN 1 THEN -1.5 WHEN 2 THEN 1e21 ELSE 0.25 END::DOUBLE AS 小数,
    (i * 3.5)::DECIMAL(10, 2) AS 金额,
    DATE '2024-01-01' + i::INT AS 日期,
    TIMESTAMP '2024-01-01 08:30:00' + INTERVAL (i) MINUTE AS 时间,
    i % 3 = 0 AS 标志,
    CASE i % 4 WHEN 0 THEN 'AB-12 中文x' WHEN 1 THEN '张三' WHEN 2 THEN '13800001111' ELSE NULL END AS 文本,
    NULL::VARCHAR AS 空列,
    repeat('长', 70 + i % 3) AS 长文本,
    [i, i + 1] AS 列表,
    {'k': i % 2} AS 结构
  FROM range(5000) t(i)`;

describe('profileParquet', () => {
  it('profiles every type: nulls, distinct, min, max and shapes', async () => {
    const { file, schema, rows } = await parquetOf('mixed', MIXED);
    const profile = await profileParquet(connection, file, schema, rows);
    expect(profile.rows).toBe(5000);
    const col = Object.fromEntries(profile.columns.map((c) => [c.name, c]));
    expect(col['整数']).toMatchObject({ nulls: 0, distinct: 5000, min: '-50', max: '4949' });
    expect(col['整数']!.patterns).toEqual([
      { pattern: '9999', count: 3950 },
      { pattern: '999', count: 900 },
      { pattern: '99', count: 90 },
      { pattern: '-99', count: 41 },
      { pattern: '9', count: 10 },
    ]);
    expect(col['小数']!.nulls).toBe(715);
    expect(col['小数']!.patterns).toEqual([
      { pattern: '9.99', count: 2856 },
      { pattern: '-9.9', count: 715 },
      { pattern: '9a+99', count: 714 },
    ]);
    expect(col['金额']).toMatchObject({ min: '0.00', max: '17496.50' });
    expect(col['金额']!.patterns.slice(0, 2)).toEqual([
      { pattern: '9999.99', count: 2572 },
      { pattern: '99999.99', count: 2142 },
    ]);
    expect(col['日期']).toMatchObject({
      min: '2024-01-01',
      patterns: [{ pattern: '9999-99-99', count: 5000 }],
    });
    expect(col['时间']!.patterns[0]!.pattern).toBe('9999-99-99 99:99:99');
    expect(col['标志']).toMatchObject({ distinct: 2, min: 'false', max: 'true' });
    expect(col['标志']!.patterns).toEqual([
      { pattern: 'aaaaa', count: 3333 },
      { pattern: 'aaaa', count: 1667 },
    ]);
    expect(col['文本']).toMatchObject({ nulls: 1250, distinct: 3 });
    expect(col['文本']!.patterns).toEqual([
      { pattern: '99999999999', count: 1250 },
      { pattern: 'AA-99 汉汉a', count: 1250 },
      { pattern: '汉汉', count: 1250 },
    ]);
    expect(col['空列']).toMatchObject({ nulls: 5000, distinct: 0, min: null, max: null, patterns: [] });
    // Shapes stop after 64 characters.
    expect(col['长文本']!.patterns).toEqual([{ pattern: '汉'.repeat(64), count: 5000 }]);
    expect(col['列表']).toMatchObject({ type: 'BIGINT[]', distinct: 5000, min: '[0, 1]' });
    expect(col['结构']).toMatchObject({ distinct: 2 });
  });

  it('takes min and max from Parquet statistics exactly as SQL computes them', async () => {
    const flat = MIXED.replace(/,\s*\[i, i \+ 1\] AS 列表,\s*\{'k': i % 2\} AS 结构/, '');
    const { file, schema, rows } = await parquetOf('flat', flat);
    const fromStatistics = await profileParquet(connection, file, schema, rows);
    const fromSql = await profileParquet(connection, file, schema, rows, { minMaxFromStatistics: false });
    expect(fromStatistics).toEqual(fromSql);
  });

  it('estimates shapes from a sample and distinct values approximately above the limits', async () => {
    const { file, schema, rows } = await parquetOf(
      'large',
      `SELECT i AS 编号, CASE WHEN i % 10 = 0 THEN 'X' || i ELSE i::VARCHAR END AS 代码 FROM range(200000) t(i)`,
    );
    const exact = await profileParquet(connection, file, schema, rows);
    const estimated = await profileParquet(connection, file, schema, rows, {
      exactDistinctLimit: 1000,
      patternSampleRows: 20_000,
    });
    expect(exact.columns[0]!.distinct).toBe(200_000);
    const distinct = estimated.columns[0]!.distinct;
    expect(Math.abs(distinct - 200_000) / 200_000).toBeLessThan(0.25);
    const truth = new Map(exact.columns[1]!.patterns.map((p) => [p.pattern, p.count]));
    for (const p of estimated.columns[1]!.patterns.slice(0, 2)) {
      expect(Math.abs(p.count - truth.get(p.pattern)!) / truth.get(p.pattern)!).toBeLessThan(0.1);
    }
    expect(estimated.columns[1]!.patterns[0]!.pattern).toBe('999999');
  });
});
