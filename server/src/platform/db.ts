// Opens the one PostgreSQL database: embedded PGlite in a data directory by default, a server with DATABASE_URL.
import { mkdirSync } from 'node:fs';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import type { PGlite } from '@electric-sql/pglite';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  /** Untyped handle: each module narrows it to its own tables, so one module cannot query another's. */
  readonly kysely: Kysely<any>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory, or `memory://` for a throw-away in-memory store. */
  dataDir: string;
  /** An already-open PGlite to share (tests share one per run: each instance costs seconds and memory). */
  pglite?: PGlite;
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    await sql`select 1`.execute(kysely);
    return { kind: 'postgres', kysely, close: () => kysely.destroy() };
  }
  let pglite = options.pglite;
  const owned = !pglite;
  if (!pglite) {
    const { PGlite } = await import('@electric-sql/pglite');
    if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
    pglite = await PGlite.create(options.dataDir);
  }
  const kysely = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: 'pglite',
    kysely,
    close: async () => {
      if (owned) await kysely.destroy();
    },
  };
}

/**
 * Applies every module's migrations. Names start with a UTC timestamp so modules interleave by time;
 * Kysely's migration lock makes concurrent starts of several processes safe.
 */
export async function migrate(kysely: Kysely<any>, migrations: Record<string, Migration>): Promise<string[]> {
  const migrator = new Migrator({
    db: kysely,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** PostgreSQL's unique_violation, from either driver; `constraint` names which unique key clashed. */
export function uniqueViolation(error: unknown): { constraint: string } | undefined {
  const e = error as { code?: string; constraint?: string; detail?: string; message?: string } | null;
  if (!e || e.code !== '23505') return undefined;
  return { constraint: e.constraint ?? e.detail ?? e.message ?? '' };
}
