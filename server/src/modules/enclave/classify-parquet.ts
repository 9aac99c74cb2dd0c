// Classification of a stored version (分类分级): every column's values, read from its Parquet file as text, go
// through the classification module's detectors: a reproducible reservoir sample by default, every row on request.
// Only counts leave this function; no value is kept.
import { DuckDBInstance } from '@duckdb/node-api';
import { ColumnAccumulator, summarize, type ClassificationResult } from '../classification/index.ts';
import { sqlIdent, sqlString } from './profile.ts';

export interface ClassifyVersionOptions {
  /** Scan every row instead of a sample. */
  full: boolean;
  /** Rows in the sample. */
  sample: number;
  onProgress?(rows: number): void;
}

export async function classifyParquet(
  parquet: string,
  columns: readonly string[],
  options: ClassifyVersionOptions,
): Promise<ClassificationResult> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    const accumulators = columns.map((name) => new ColumnAccumulator(name));
    const select = columns.map((c) => `CAST(${sqlIdent(c)} AS VARCHAR)`).join(', ');
    const from = `read_parquet(${sqlString(parquet)})`;
    const query = options.full
      ? `SELECT ${select} FROM ${from}`
      : `SELECT ${select} FROM ${from} USING SAMPLE reservoir(${Math.floor(options.sample)} ROWS) REPEATABLE (42)`;
    const result = await connection.stream(query);
    let rows = 0;
    for (
      let chunk = await result.fetchChunk();
      chunk && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      const vectors = chunk.getColumns();
      for (let c = 0; c < vectors.length; c++) {
        const acc = accumulators[c]!;
        for (const value of vectors[c]!) acc.add(value === null ? '' : (value as string));
      }
      rows += chunk.rowCount;
      options.onProgress?.(rows);
    }
    return summarize(
      accumulators.map((a) => a.result()),
      { full: options.full, rows },
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
