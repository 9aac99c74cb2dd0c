// Evidence-ledger benchmarks for `npm run bench` (issue 3): durable appends through the ledger service's
// integrate() into PostgreSQL (and PGlite), and two in-memory baselines over the very same entry bodies:
// raw RFC 9162 leaf hashing with node:crypto, and the merkletreejs package building the same tree.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { MerkleTree } from 'merkletreejs';
import { buildApp, type Liutong } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/platform/db.ts';

const quiet = { write: (line: string) => void process.stderr.write(line) };

/** The application as `liutong serve` builds it, without listening and without the timed sequencer. */
export function openLedgerApp(dataDir: string, databaseUrl?: string): Promise<Liutong> {
  const config = loadConfig(
    { dataDir, demo: false, logLevel: 'error' },
    { ...(databaseUrl && { DATABASE_URL: databaseUrl }), LIUTONG_SEQUENCER_INTERVAL_MS: '0' },
  );
  return buildApp(config, { logStream: quiet });
}

/** A throw-away database on the benchmark's PostgreSQL server; `drop` removes it, connections or not. */
export async function createBenchDatabase(baseUrl: string) {
  const admin = await openDatabase({ databaseUrl: baseUrl, dataDir: 'memory://', poolSize: 1 });
  const name = `liutong_bench_${randomBytes(4).toString('hex')}`;
  await sql`create database ${sql.id(name)}`.execute(admin.kysely);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      try {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.kysely);
      } finally {
        await admin.close();
      }
    },
  };
}

/**
 * Writes `count` outbox events shaped like the ones identity writes through recordChange (organization
 * created, user created, session started, in turn), in one statement per 100,000.
 */
export async function seedOutbox(db: Kysely<any>, count: number): Promise<void> {
  for (let from = 1; from <= count; from += 100_000) {
    const to = Math.min(count, from + 99_999);
    await sql`
      insert into platform.outbox (topic, aggregate_type, aggregate_id, actor_org_id, payload)
      select
        case i % 3 when 0 then 'identity.organization.created' when 1 then 'identity.user.created'
          else 'identity.session.started' end,
        case i % 3 when 0 then 'organization' when 1 then 'user' else 'session' end,
        gen_random_uuid()::text, a.org,
        case i % 3
          when 0 then jsonb_build_object('name', '呼和浩特市流通数据服务有限公司 ' || i, 'kind', 'enterprise',
            'creditCode', '91150102' || upper(substr(md5(i::text), 1, 10)), 'regionCode', '150102')
          when 1 then jsonb_build_object('username', 'user' || i, 'orgId', a.org,
            'roles', jsonb_build_array('org_admin', 'data_holder'), 'seeded', false)
          else jsonb_build_object('userId', a.usr, 'orgId', a.org)
        end || jsonb_build_object('actor', jsonb_build_object('userId', a.usr, 'orgId', a.org),
          'requestId', 'req-' || substr(md5(i::text), 1, 16))
      from generate_series(${from}::bigint, ${to}::bigint) i,
        lateral (select gen_random_uuid() as org, gen_random_uuid() as usr, i as k) a
    `.execute(db);
  }
}

export interface AppendRun {
  batch: number;
  entries: number;
  seconds: number;
  perSecond: number;
  /** Duration of one integrate() call: one committed transaction. */
  batchP50Ms: number;
  batchMaxMs: number;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;

/** Calls integrate(batch) until `events` entries are in the log; each call commits before the next starts. */
export async function integrateTimed(lt: Liutong, events: number, batch: number): Promise<AppendRun> {
  const times: number[] = [];
  let entries = 0;
  const started = performance.now();
  while (entries < events) {
    const t0 = performance.now();
    const { integrated } = await lt.ledger.service.integrate(Math.min(batch, events - entries));
    times.push(performance.now() - t0);
    if (!integrated) throw new Error(`the outbox ran dry after ${entries} of ${events} events`);
    entries += integrated;
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    batch,
    entries,
    seconds,
    perSecond: entries / seconds,
    batchP50Ms: percentile(times, 50),
    batchMaxMs: times.at(-1) ?? 0,
  };
}

/** Settings that decide whether a commit is durable (fsync'd WAL) on the server measured. */
export async function durabilitySettings(db: Kysely<any>): Promise<Record<string, string>> {
  const { rows } = await sql<{ name: string; setting: string }>`
    select name, setting from pg_settings
    where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers')
    order by name`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
}

/** The bodies of entries [0, count), in log order. */
export async function entryBodies(db: Kysely<any>, count: number): Promise<Buffer[]> {
  const bodies: Buffer[] = [];
  for (let start = 0; start < count; start += 100_000) {
    const rows = await db
      .selectFrom('ledger.entries')
      .select('body')
      .where('idx', '>=', String(start))
      .where('idx', '<', String(Math.min(count, start + 100_000)))
      .orderBy('idx')
      .execute();
    for (const r of rows as { body: string }[]) bodies.push(Buffer.from(r.body));
  }
  return bodies;
}

const LEAF = Buffer.of(0x00);
const NODE = Buffer.of(0x01);

export interface BaselineRun {
  perSecond: number;
  seconds: number;
}

/** (a) MTH leaves only: SHA-256(0x00 ‖ entry) for every entry, with node:crypto. */
export function rawLeafHashing(bodies: readonly Buffer[]): BaselineRun {
  const out = new Array<Buffer>(bodies.length);
  const t0 = performance.now();
  for (let i = 0; i < bodies.length; i++)
    out[i] = createHash('sha256').update(LEAF).update(bodies[i]!).digest();
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: bodies.length / seconds, seconds };
}

/**
 * (b) merkletreejs building the tree of the same entries. It has no leaf/node domain separation of its own, so
 * the leaves are handed over as 0x00 ‖ entry (prepared before the clock starts) and hashed by it, and the
 * concatenator prefixes 0x01 to each pair. Its default promotion of a lone last node to the next layer gives the
 * RFC 9162 shape for any size, so the root can be compared with the ledger's checkpoint.
 */
export function merkletreejsBuild(bodies: readonly Buffer[]): BaselineRun & { root: string } {
  const leaves = bodies.map((b) => Buffer.concat([LEAF, b]));
  const t0 = performance.now();
  const tree = new MerkleTree(
    leaves,
    (x: unknown) =>
      createHash('sha256')
        .update(x as Buffer)
        .digest(),
    {
      hashLeaves: true,
      concatenator: (pair: Buffer[]) => Buffer.concat([NODE, ...pair]),
    },
  );
  const root = tree.getRoot().toString('hex');
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: bodies.length / seconds, seconds, root };
}

/** Appends into the embedded store (PGlite in a fresh data directory), through the same integrate(). */
export async function pgliteAppends(
  events: number,
  batch: number,
): Promise<AppendRun & { settings: Record<string, string> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'liutong-bench-pglite-'));
  try {
    const lt = await openLedgerApp(dir);
    try {
      await seedOutbox(lt.database.kysely, events);
      await sql`vacuum analyze platform.outbox`.execute(lt.database.kysely);
      const run = await integrateTimed(lt, events, batch);
      return { ...run, settings: await durabilitySettings(lt.database.kysely) };
    } finally {
      await lt.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
