// Opens the one PostgreSQL database: embedded PGlite in a data directory by default, a server with DATABASE_URL.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
  let unlock = () => {};
  if (!pglite) {
    const { PGlite } = await import('@electric-sql/pglite');
    if (!options.dataDir.startsWith('memory://')) {
      mkdirSync(options.dataDir, { recursive: true });
      unlock = lockDataDir(options.dataDir);
    }
    try {
      pglite = await PGlite.create(options.dataDir);
    } catch (error) {
      unlock();
      throw error;
    }
  }
  const kysely = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: 'pglite',
    kysely,
    close: async () => {
      if (owned) await kysely.destroy();
      unlock();
    },
  };
}

export class DataDirLockedError extends Error {}

/**
 * The embedded store is one process's: a second process opening the same directory would corrupt it.
 * A lock file names the owner; one left by a process that no longer runs is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'liutong.lock');
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const owner = Number(readFileSync(file, 'utf8').trim());
    if (owner && owner !== process.pid && isRunning(owner)) {
      throw new DataDirLockedError(
        `the data directory ${dataDir} is in use by process ${owner}; stop it, or use DATABASE_URL to share a PostgreSQL server`,
      );
    }
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
