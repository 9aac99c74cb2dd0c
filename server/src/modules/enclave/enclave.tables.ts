// Tables of the secure store (schema `enclave`): datasets, their immutable versions (Parquet files in the data
// directory, with schema, profile, classification and quality), holders' classification overrides, and uploads
// (each attempt to store a version: its phase while the server works on it, then its outcome).
import { sql, type Generated, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export interface EnclaveTables {
  'enclave.datasets': {
    id: string;
    slug: string;
    org_id: string;
    resource_id: string | null;
    title: string;
    description: string | null;
    /** The holder's quality rules (validated by the quality module) and alert threshold (0-100). */
    quality_rules: unknown;
    quality_threshold: number | null;
    created_by: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'enclave.versions': {
    id: string;
    dataset_id: string;
    number: number;
    source_name: string;
    source_format: string;
    encoding: string | null;
    source_bytes: string;
    source_sha256: string;
    /** Paths relative to the store directory. */
    raw_path: string;
    parquet_path: string;
    parquet_bytes: string;
    parquet_sha256: string;
    rows: string;
    schema: unknown;
    profile: unknown;
    /** What the detectors found: types with confidences and counts, grades; never values. */
    classification: unknown;
    grade: string;
    quality: unknown;
    quality_score: number | null;
    created_by: string;
    created_at: Generated<Date>;
  };
  'enclave.overrides': {
    dataset_id: string;
    column_name: string;
    grade: string;
    reason: string;
    user_id: string;
    created_at: Generated<Date>;
  };
  'enclave.uploads': {
    id: string;
    dataset_id: string;
    org_id: string;
    created_by: string;
    file_name: string;
    full_scan: boolean;
    /** running, stored, failed or interrupted (the process ended while it ran). */
    status: string;
    /** The current phase, or the last one reached: receiving, converting, profiling, classifying, scoring, storing. */
    phase: string;
    /** Progress within the phase, in `unit`s; null when the phase cannot tell. */
    done: string | null;
    total: string | null;
    unit: string | null;
    bytes: string | null;
    rows: string | null;
    version_number: number | null;
    error_code: string | null;
    error_detail: string | null;
    /** When each phase began: [{ phase, at }]. */
    timeline: unknown;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    finished_at: Date | null;
  };
}

export const enclaveMigrations: Record<string, Migration> = {
  '20261122T2100_enclave_init': {
    async up(db: Kysely<any>) {
      await db.schema.createSchema('enclave').ifNotExists().execute();
      const s = db.schema.withSchema('enclave');
      await s
        .createTable('datasets')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('org_id', 'uuid', (c) => c.notNull())
        .addColumn('resource_id', 'uuid')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('quality_rules', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('quality_threshold', 'real')
        .addColumn('created_by', 'uuid', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s.createIndex('datasets_org').on('datasets').column('org_id').execute();
      await s.createIndex('datasets_resource').on('datasets').column('resource_id').execute();
      await s
        .createTable('versions')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('dataset_id', 'uuid', (c) => c.notNull().references('enclave.datasets.id'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('source_name', 'text', (c) => c.notNull())
        .addColumn('source_format', 'text', (c) => c.notNull())
        .addColumn('encoding', 'text')
        .addColumn('source_bytes', 'bigint', (c) => c.notNull())
        .addColumn('source_sha256', 'text', (c) => c.notNull())
        .addColumn('raw_path', 'text', (c) => c.notNull())
        .addColumn('parquet_path', 'text', (c) => c.notNull())
        .addColumn('parquet_bytes', 'bigint', (c) => c.notNull())
        .addColumn('parquet_sha256', 'text', (c) => c.notNull())
        .addColumn('rows', 'bigint', (c) => c.notNull())
        .addColumn('schema', 'jsonb', (c) => c.notNull())
        .addColumn('profile', 'jsonb', (c) => c.notNull())
        .addColumn('classification', 'jsonb', (c) => c.notNull())
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('quality', 'jsonb')
        .addColumn('quality_score', 'real')
        .addColumn('created_by', 'uuid', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('versions_dataset_number', ['dataset_id', 'number'])
        .execute();
      await s
        .createTable('overrides')
        .addColumn('dataset_id', 'uuid', (c) => c.notNull().references('enclave.datasets.id'))
        .addColumn('column_name', 'text', (c) => c.notNull())
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('overrides_pk', ['dataset_id', 'column_name'])
        .execute();
    },
  },
  '20261123T0100_enclave_uploads': {
    async up(db: Kysely<any>) {
      const s = db.schema.withSchema('enclave');
      await s
        .createTable('uploads')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('dataset_id', 'uuid', (c) => c.notNull().references('enclave.datasets.id'))
        .addColumn('org_id', 'uuid', (c) => c.notNull())
        .addColumn('created_by', 'uuid', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('full_scan', 'boolean', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('done', 'bigint')
        .addColumn('total', 'bigint')
        .addColumn('unit', 'text')
        .addColumn('bytes', 'bigint')
        .addColumn('rows', 'bigint')
        .addColumn('version_number', 'integer')
        .addColumn('error_code', 'text')
        .addColumn('error_detail', 'text')
        .addColumn('timeline', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('finished_at', 'timestamptz')
        .execute();
      await s.createIndex('uploads_dataset').on('uploads').columns(['dataset_id', 'created_at']).execute();
      await s
        .createIndex('uploads_running')
        .on('uploads')
        .column('status')
        .where('status', '=', 'running')
        .execute();
    },
  },
};
