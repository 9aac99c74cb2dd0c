// Shapes the secure store (安全域存储) hands to other modules: a dataset version's schema and profile.

/** One column of a stored version: its name and DuckDB logical type (VARCHAR, BIGINT, DOUBLE, DATE, …). */
export interface ColumnSchema {
  name: string;
  type: string;
}

/** A value shape and how many non-null values had it: digits become 9, letters a/A, CJK 汉, others kept. */
export interface PatternCount {
  pattern: string;
  count: number;
}

export interface ColumnProfile {
  name: string;
  type: string;
  nulls: number;
  distinct: number;
  /** Smallest and largest value as text (numbers, dates and strings alike); null when the column is all null. */
  min: string | null;
  max: string | null;
  /** The most frequent value shapes, most frequent first (at most 5). */
  patterns: PatternCount[];
}

export interface DatasetProfile {
  rows: number;
  columns: ColumnProfile[];
}
