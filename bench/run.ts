// `npm run bench`: an authenticated read endpoint against a bare Fastify route, and the evidence ledger (issue 3):
// durable appends into PostgreSQL against in-memory hashing baselines, and inclusion proofs in a log of
// 1,000,000 entries against a bare route answering a precomputed proof; all measured in the same run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import autocannon from 'autocannon';
import type { Liutong } from '../server/src/app.ts';
import { INTEGRATE_BATCH, treeHasher, verifyInclusion } from '../server/src/modules/ledger/index.ts';
import { benchSearch } from './catalog.ts';
import { benchIngest } from './ingest.ts';
import {
  createBenchDatabase,
  durabilitySettings,
  entryBodies,
  integrateTimed,
  merkletreejsBuild,
  openLedgerApp,
  pgliteAppends,
  rawLeafHashing,
  seedOutbox,
  type AppendRun,
  type BaselineRun,
} from './ledger.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PASSWORD = 'bench-demo-password';
/** `BENCH_ME=0` skips the /api/v1/me comparison (quick ledger-only runs). */
const RUN_ME = process.env.BENCH_ME !== '0';
/** Entries in the benchmark log: the inclusion proofs are asked of a tree of this size. 0 skips the ledger. */
const LEDGER_ENTRIES = Number(process.env.BENCH_LEDGER_ENTRIES ?? 1_000_000);
/** Events per integrate() call, i.e. per transaction: the live sequencer's batch, for the headline figure. */
const APPEND_BATCH = Number(process.env.BENCH_APPEND_BATCH ?? INTEGRATE_BATCH);
/** The first events go in 1,000 per transaction, for comparison. */
const SMALL_BATCH = 1_000;
const SMALL_BATCH_EVENTS = Math.min(
  Number(process.env.BENCH_SMALL_BATCH_EVENTS ?? 100_000),
  Math.floor(LEDGER_ENTRIES / 5),
);
/** Events appended into a fresh PGlite store (0 skips it). */
const PGLITE_EVENTS = Math.min(Number(process.env.BENCH_PGLITE_EVENTS ?? 50_000), LEDGER_ENTRIES);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const APPEND_TARGET = 10_000;
/** Registered resources in the catalog search benchmark (0 skips it). */
const CATALOG_RESOURCES = Number(process.env.BENCH_CATALOG_RESOURCES ?? 100_000);
const SEARCH_P95_TARGET_MS = 50;
/** Rows of the CSV the ingestion benchmark converts (0 skips it). */
const INGEST_ROWS = Number(process.env.BENCH_INGEST_ROWS ?? 1_000_000);
/** Size of the CSV the classification benchmark scans (0 skips it); kept in BENCH_CLASSIFY_DIR for re-runs. */
const CLASSIFY_BYTES = Number(process.env.BENCH_CLASSIFY_BYTES ?? 2 ** 30);
const CLASSIFY_DIR = process.env.BENCH_CLASSIFY_DIR ?? path.join(tmpdir(), 'liutong-bench-classify');
const PROOF_P99_TARGET_MS = 5;

// On a machine with two or more cores, the servers get one core and the load generator another,
// so that neither steals time from the other and the two measurements see the same conditions.
const PIN = os.availableParallelism() >= 2 && spawnSync('taskset', ['-V']).status === 0;
if (PIN) spawnSync('taskset', ['-cp', '0', String(process.pid)]);

const began = performance.now();
/** Progress goes to stderr, so stdout holds only the results. */
const progress = (message: string) =>
  process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);

function start(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess }> {
  const [command, argv] = PIN
    ? ['taskset', ['-c', '1', process.execPath, ...args]]
    : [process.execPath, args];
  const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) resolve({ url: match[1]!, child });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${output}`)));
  });
}

/** Stops a child and waits for it to go (at most 5 s). */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

interface Measure {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Throughput under load: autocannon, CONNECTIONS connections; `pathFor` gives each request its own path. */
async function measure(
  name: string,
  url: string,
  headers: Record<string, string> = {},
  pathFor?: () => string,
): Promise<Measure> {
  const requests = pathFor && [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: pathFor() }) }];
  const options = { url, connections: CONNECTIONS, headers, ...(requests && { requests }) };
  await autocannon({ ...options, duration: 2 }); // warm-up
  const r = await autocannon({ ...options, duration: SECONDS });
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

/**
 * Latency without queueing: one keep-alive connection, one request at a time, for SECONDS, timed to the
 * microsecond (autocannon's histogram counts whole milliseconds, too coarse for a 5 ms target).
 */
async function sequential(name: string, origin: string, pathFor: () => string): Promise<Measure> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (p: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(`${origin}${p}`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  const run = async (seconds: number) => {
    const latencies: number[] = [];
    let errors = 0;
    let non2xx = 0;
    const deadline = performance.now() + seconds * 1000;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const status = await get(pathFor());
        if (status < 200 || status > 299) non2xx++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
    return { latencies, errors, non2xx };
  };
  try {
    await run(2); // warm-up
    const { latencies, errors, non2xx } = await run(SECONDS);
    latencies.sort((a, b) => a - b);
    const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!;
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return {
      name,
      rps: latencies.length / SECONDS,
      p50: round(at(0.5)),
      p99: round(at(0.99)),
      errors,
      non2xx,
    };
  } finally {
    agent.destroy();
  }
}

const median = <T>(items: readonly T[], by: (t: T) => number): T =>
  [...items].sort((a, b) => by(a) - by(b))[Math.floor(items.length / 2)]!;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (n: number) => `${(n * 100).toFixed(n < 0.1 ? 1 : 0)}%`;

interface ProofRound {
  bareLatency: Measure;
  proofLatency: Measure;
  bareLoad: Measure;
  proofLoad: Measure;
}

interface LedgerResults {
  entries: number;
  database: string;
  settings: Record<string, string>;
  averageBodyBytes: number;
  averagePayloadBytes: number;
  seedSeconds: number;
  /** The headline: durable appends at APPEND_BATCH events per transaction. */
  appends: AppendRun;
  smallBatch?: AppendRun;
  pglite?: AppendRun & { settings: Record<string, string> };
  baselines: {
    raw: BaselineRun[];
    merkletreejs: BaselineRun[];
    /** merkletreejs's root equals the ledger's signed checkpoint root for the same entries. */
    sameRoot: boolean;
    rawMedian: number;
    merkletreejsMedian: number;
  };
  proofs: { rounds: ProofRound[]; sampleVerified: boolean; proofLength: number };
  met: { appends: boolean; proofP99: boolean };
}

async function ledgerBench(children: ChildProcess[]): Promise<LedgerResults> {
  const N = LEDGER_ENTRIES;
  progress(`ledger: creating a throw-away database on ${new URL(DATABASE_URL).host}`);
  const db = await createBenchDatabase(DATABASE_URL);
  const ledgerDir = mkdtempSync(path.join(tmpdir(), 'liutong-bench-ledger-'));
  let lt: Liutong | undefined;
  const servers: ChildProcess[] = [];
  try {
    // The application migrates the database as `liutong serve` does; its ledger key goes into ledgerDir, where the
    // server started later finds it again.
    lt = await openLedgerApp(ledgerDir, db.url);
    const k = lt.database.kysely;
    progress(`ledger: writing ${int(N)} outbox events into ${db.name}`);
    const t0 = performance.now();
    await seedOutbox(k, N);
    await sql`vacuum analyze platform.outbox`.execute(k);
    // Flush the seeding's writes now, so that its checkpoint does not land in the timed appends.
    await sql`checkpoint`.execute(k).catch(() => undefined);
    const seedSeconds = (performance.now() - t0) / 1000;
    const payload = await sql<{
      n: string;
    }>`select avg(octet_length(payload::text))::int as n from platform.outbox`
      .execute(k)
      .then((r) => Number(r.rows[0]?.n ?? 0));
    const settings = await durabilitySettings(k);

    let smallBatch: AppendRun | undefined;
    if (SMALL_BATCH_EVENTS > 0) {
      progress(`ledger: integrating ${int(SMALL_BATCH_EVENTS)} events, ${int(SMALL_BATCH)} per transaction`);
      smallBatch = await integrateTimed(lt, SMALL_BATCH_EVENTS, SMALL_BATCH);
    }
    progress(
      `ledger: integrating ${int(N - SMALL_BATCH_EVENTS)} events, ${int(APPEND_BATCH)} per transaction`,
    );
    const appends = await integrateTimed(lt, N - SMALL_BATCH_EVENTS, APPEND_BATCH);
    const checkpoint = await lt.ledger.service.checkpoint();
    if (checkpoint.size !== N) throw new Error(`the log has ${checkpoint.size} entries, expected ${N}`);

    progress('ledger: baselines over the same entry bodies (node:crypto leaf hashing, merkletreejs)');
    let bodies = await entryBodies(k, N);
    await lt.close();
    lt = undefined;
    const averageBodyBytes = bodies.reduce((n, b) => n + b.length, 0) / N;
    const raw: BaselineRun[] = [];
    const mt: (BaselineRun & { root: string })[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      raw.push(rawLeafHashing(bodies));
      mt.push(merkletreejsBuild(bodies));
    }
    bodies = [];
    const sameRoot = mt.every((m) => m.root === checkpoint.root);

    let pglite: LedgerResults['pglite'];
    if (PGLITE_EVENTS > 0) {
      progress(`ledger: ${int(PGLITE_EVENTS)} appends into PGlite, ${int(APPEND_BATCH)} per transaction`);
      pglite = await pgliteAppends(PGLITE_EVENTS, APPEND_BATCH);
    }

    progress(`ledger: inclusion proofs at tree size ${int(N)}`);
    const server = await start(
      [
        path.join(ROOT, 'server/bin/liutong.js'),
        'serve',
        '--no-demo',
        '--port',
        '0',
        '--data-dir',
        ledgerDir,
        '--log-level',
        'error',
      ],
      { DATABASE_URL: db.url, LIUTONG_SEQUENCER_INTERVAL_MS: '0', LIUTONG_DEMO: 'false' },
    );
    servers.push(server.child);
    children.push(server.child);
    const route = '/api/v1/ledger/proofs/inclusion';
    // A typical proof for the bare route to answer: a leaf at random, not the right edge's short path.
    const sampleIndex = Math.floor(Math.random() * N);
    const sample = await (await fetch(`${server.url}${route}?index=${sampleIndex}&treeSize=${N}`)).text();
    const proof = JSON.parse(sample) as { leafHash: string; rootHash: string; proof: string[] };
    const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
    const sampleVerified =
      proof.rootHash === checkpoint.root &&
      verifyInclusion(
        treeHasher('sha256'),
        sampleIndex,
        N,
        bytes(proof.leafHash),
        proof.proof.map(bytes),
        bytes(checkpoint.root),
      );
    const bare = await start([path.join(ROOT, 'bench/bare-server.ts')], { BARE_PROOF_BODY: sample });
    servers.push(bare.child);
    children.push(bare.child);
    const at = (base: string) => () => `${base}?index=${Math.floor(Math.random() * N)}&treeSize=${N}`;
    const rounds: ProofRound[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      progress(`ledger: proofs, round ${round} of ${ROUNDS}`);
      rounds.push({
        bareLatency: await sequential(
          `round ${round}: bare GET /bare-proof, 1 connection (baseline)`,
          bare.url,
          at('/bare-proof'),
        ),
        proofLatency: await sequential(`round ${round}: GET ${route}, 1 connection`, server.url, at(route)),
        bareLoad: await measure(
          `round ${round}: bare GET /bare-proof, ${CONNECTIONS} connections (baseline)`,
          bare.url,
          {},
          at('/bare-proof'),
        ),
        proofLoad: await measure(
          `round ${round}: GET ${route}, ${CONNECTIONS} connections`,
          server.url,
          {},
          at(route),
        ),
      });
    }
    const rawMedian = median(raw, (r) => r.perSecond).perSecond;
    const merkletreejsMedian = median(mt, (r) => r.perSecond).perSecond;
    const worstP99 = Math.max(...rounds.map((r) => r.proofLatency.p99));
    const clean = rounds.every((r) =>
      [r.proofLatency, r.proofLoad].every((m) => m.errors === 0 && m.non2xx === 0),
    );
    return {
      entries: N,
      database: `PostgreSQL ${new URL(DATABASE_URL).host}`,
      settings,
      averageBodyBytes,
      averagePayloadBytes: payload,
      seedSeconds,
      appends,
      ...(smallBatch && { smallBatch }),
      ...(pglite && { pglite }),
      baselines: {
        raw: raw.map(({ perSecond, seconds }) => ({ perSecond, seconds })),
        merkletreejs: mt.map(({ perSecond, seconds }) => ({ perSecond, seconds })),
        sameRoot,
        rawMedian,
        merkletreejsMedian,
      },
      proofs: { rounds, sampleVerified, proofLength: proof.proof.length },
      met: {
        appends: appends.perSecond >= APPEND_TARGET,
        proofP99: worstP99 < PROOF_P99_TARGET_MS && clean && sampleVerified,
      },
    };
  } finally {
    await Promise.all(servers.map(stop));
    await lt?.close();
    await db.drop();
    rmSync(ledgerDir, { recursive: true, force: true });
  }
}

const row = (r: Measure) =>
  `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`;

const dataDir = mkdtempSync(path.join(tmpdir(), 'liutong-bench-'));
const children: ChildProcess[] = [];
try {
  const load = os.loadavg();
  const lines: string[] = [];
  const results: Record<string, unknown> = {
    at: new Date().toISOString(),
    seconds: SECONDS,
    connections: CONNECTIONS,
    cores: os.cpus().length,
    loadAverageAtStart: load,
  };

  if (RUN_ME) {
    progress('me: starting the server (PGlite) and the bare baseline');
    const lt = await start(
      [
        path.join(ROOT, 'server/bin/liutong.js'),
        'serve',
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--log-level',
        'error',
      ],
      {
        LIUTONG_DEMO_PASSWORD: PASSWORD,
      },
    );
    children.push(lt.child);

    const login = await fetch(`${lt.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'regulator', password: PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    const meBody = await (await fetch(`${lt.url}/api/v1/me`, { headers: auth })).text();
    const me = JSON.parse(meBody) as { organization: { id: string } };
    const bare = await start([path.join(ROOT, 'bench/bare-server.ts')], { BARE_BODY: meBody });
    children.push(bare.child);

    // Baseline and target alternate over several rounds, so that a change in the machine's speed during the run
    // touches both; the verdict uses the median round.
    const rounds: { bare: Measure; me: Measure; ratio: number }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      progress(`me: round ${round} of ${ROUNDS}`);
      const bareRun = await measure(`round ${round}: bare Fastify GET /bare (baseline)`, `${bare.url}/bare`);
      const meRun = await measure(
        `round ${round}: authenticated GET /api/v1/me`,
        `${lt.url}/api/v1/me`,
        auth,
      );
      rounds.push({ bare: bareRun, me: meRun, ratio: meRun.rps / bareRun.rps });
    }
    const dbRead = await measure(
      'authenticated GET /api/v1/organizations/:id (one database read)',
      `${lt.url}/api/v1/organizations/${me.organization.id}`,
      auth,
    );
    await Promise.all([stop(lt.child), stop(bare.child)]);
    const runs = [...rounds.flatMap((r) => [r.bare, r.me]), dbRead];
    const middle = median(rounds, (r) => r.ratio);
    const baseline = middle.bare.rps;
    const ratio = middle.ratio;
    const p99 = Math.max(...rounds.map((r) => r.me.p99));
    const clean = rounds.every((r) => r.me.errors === 0 && r.me.non2xx === 0);
    const ok = ratio >= 0.5 && p99 < 20 && clean;

    lines.push(
      `Liutong bench: ${CONNECTIONS} connections, ${SECONDS} s per run, loopback, store: PGlite, ${PIN ? 'server and load generator on separate cores' : 'unpinned'}`,
      `The baseline answers the same ${Buffer.byteLength(meBody)} bytes as /api/v1/me.`,
      '',
      '| run | req/s | p50 ms | p99 ms | errors | non-2xx |',
      '|---|---:|---:|---:|---:|---:|',
      ...runs.map(row),
      '',
      `Ratios by round: ${rounds.map((r) => `${(r.ratio * 100).toFixed(0)}%`).join(', ')}`,
      `Target: authenticated read ≥ 50% of the bare route's throughput and p99 < 20 ms at ${CONNECTIONS} connections.`,
      `Result: median ratio ${(ratio * 100).toFixed(0)}%, worst p99 ${p99} ms → ${ok ? 'MET' : 'NOT MET'}`,
    );
    Object.assign(results, { rounds, baseline, runs, ratio, met: ok });
  }

  if (LEDGER_ENTRIES > 0) {
    const L = await ledgerBench(children);
    const s = L.settings;
    const rawRatio = L.appends.perSecond / L.baselines.rawMedian;
    const mtRatio = L.appends.perSecond / L.baselines.merkletreejsMedian;
    const appendRow = (name: string, a: AppendRun) =>
      `| ${name} | ${int(a.entries)} | ${int(a.perSecond)} | ${a.batchP50Ms.toFixed(0)} / ${a.batchMaxMs.toFixed(0)} |`;
    const baselineRow = (name: string, runs: BaselineRun[], m: number) =>
      `| ${name} | ${int(L.entries)} | ${int(m)} (rounds: ${runs.map((r) => int(r.perSecond)).join(', ')}) | in memory |`;
    const proofRuns = L.proofs.rounds.flatMap((r) => [
      r.bareLatency,
      r.proofLatency,
      r.bareLoad,
      r.proofLoad,
    ]);
    const worstP99 = Math.max(...L.proofs.rounds.map((r) => r.proofLatency.p99));
    const medianRound = median(L.proofs.rounds, (r) => r.proofLatency.p50);
    const loadRound = median(L.proofs.rounds, (r) => r.proofLoad.rps / r.bareLoad.rps);
    if (lines.length) lines.push('');
    lines.push(
      `Evidence ledger: ${int(L.entries)} entries (bodies ${L.averageBodyBytes.toFixed(0)} B on average, ` +
        `outbox payloads ${L.averagePayloadBytes} B), ${L.database} (fsync=${s.fsync}, ` +
        `synchronous_commit=${s.synchronous_commit}, wal_sync_method=${s.wal_sync_method}, ` +
        `full_page_writes=${s.full_page_writes}, shared_buffers=${s.shared_buffers}×8kB), same machine, same run.`,
      `Appends: integrate() moves outbox events into the log and signs a checkpoint in one transaction; the clock ` +
        `stops when the commit returns. Writing the outbox events beforehand (${L.seedSeconds.toFixed(0)} s) is not timed.`,
      '',
      '| appends | entries | entries/s | one transaction p50 / max ms |',
      '|---|---:|---:|---:|',
      appendRow(`PostgreSQL, durable, ${int(L.appends.batch)} per transaction`, L.appends),
      ...(L.smallBatch
        ? [appendRow(`PostgreSQL, durable, ${int(L.smallBatch.batch)} per transaction`, L.smallBatch)]
        : []),
      ...(L.pglite
        ? [
            appendRow(
              `PGlite (embedded, in process, fsync=${L.pglite.settings.fsync}), ${int(L.pglite.batch)} per transaction`,
              L.pglite,
            ),
          ]
        : []),
      baselineRow(
        'baseline: node:crypto SHA-256(0x00 ‖ entry), leaves only',
        L.baselines.raw,
        L.baselines.rawMedian,
      ),
      baselineRow(
        'baseline: merkletreejs building the whole tree',
        L.baselines.merkletreejs,
        L.baselines.merkletreejsMedian,
      ),
      '',
      `Durable appends are ${pct(rawRatio)} of raw leaf hashing and ${pct(mtRatio)} of merkletreejs's in-memory ` +
        `tree build. merkletreejs (leaves given as 0x00 ‖ entry, 0x01 ‖ left ‖ right by its concatenator) ` +
        `${L.baselines.sameRoot ? 'builds the same tree: its root equals the signed checkpoint root' : 'builds a DIFFERENT tree: its root differs from the checkpoint root'}.`,
      '',
      `Inclusion proofs at tree size ${int(L.entries)} (random index per request; ${L.proofs.proofLength} hashes ` +
        `in the sample proof, ${L.proofs.sampleVerified ? 'verified against the checkpoint' : 'NOT VERIFIED'}); ` +
        `server: liutong serve on PostgreSQL${PIN ? ', pinned to its own core' : ''}; 1 connection = one request ` +
        `at a time (latency), ${CONNECTIONS} connections = autocannon (throughput).`,
      '',
      '| run | req/s | p50 ms | p99 ms | errors | non-2xx |',
      '|---|---:|---:|---:|---:|---:|',
      ...proofRuns.map(row),
      '',
      `Target: durable appends ≥ ${int(APPEND_TARGET)}/s → ${int(L.appends.perSecond)}/s at ` +
        `${int(L.appends.batch)} per transaction → ${L.met.appends ? 'MET' : 'NOT MET'}`,
      `Target: inclusion proof p99 < ${PROOF_P99_TARGET_MS} ms at ${int(L.entries)} entries, judged on the worst ` +
        `round → median round p50 ${medianRound.proofLatency.p50} ms (bare ${medianRound.bareLatency.p50} ms), ` +
        `p99 by round ${L.proofs.rounds.map((r) => r.proofLatency.p99).join(', ')} ms (bare ` +
        `${L.proofs.rounds.map((r) => r.bareLatency.p99).join(', ')} ms), worst ${worstP99} ms → ` +
        `${L.met.proofP99 ? 'MET' : 'NOT MET'}`,
      `Under load (${CONNECTIONS} connections): median round ${int(loadRound.proofLoad.rps)} proofs/s, ` +
        `${pct(loadRound.proofLoad.rps / loadRound.bareLoad.rps)} of the bare route's ${int(loadRound.bareLoad.rps)} req/s, ` +
        `p99 ${loadRound.proofLoad.p99} ms.`,
    );
    results.ledger = L;
  }

  if (CATALOG_RESOURCES > 0) {
    progress(`catalog: seeding ${int(CATALOG_RESOURCES)} resources into PostgreSQL`);
    const C = await benchSearch({
      resources: CATALOG_RESOURCES,
      databaseUrl: DATABASE_URL,
      rounds: Math.max(5, ROUNDS * 5),
      progress: (m) => progress(`catalog: ${m}`),
    });
    const ms = (n: number) => n.toFixed(1);
    const met = C.ours.p95 < SEARCH_P95_TARGET_MS;
    if (lines.length) lines.push('');
    lines.push(
      `Catalog search: ${int(C.resources)} registered resources in ${C.store} (seeded in ${C.seedSeconds.toFixed(0)} s), ` +
        `20 questions (Chinese words, several words, filters, none) asked one at a time over HTTP, ${C.ours.n} requests.`,
      '',
      '| run | requests | p50 ms | p95 ms | max ms |',
      '|---|---:|---:|---:|---:|',
      `| GET /api/v1/catalog/resources (bigram index, ranked window) | ${C.ours.n} | ${ms(C.ours.p50)} | ${ms(C.ours.p95)} | ${ms(C.ours.max)} |`,
      `| baseline: the same questions as ILIKE scans, in SQL without HTTP | ${C.baseline.n} | ${ms(C.baseline.p50)} | ${ms(C.baseline.p95)} | ${ms(C.baseline.max)} |`,
      '',
      `Target: search p95 < ${SEARCH_P95_TARGET_MS} ms at ${int(C.resources)} resources → ${ms(C.ours.p95)} ms → ${met ? 'MET' : 'NOT MET'}`,
    );
    results.catalog = { ...C, met };
  }

  if (CLASSIFY_BYTES > 0) {
    // The full scan may use every core (ripgrep, by design, uses one thread for one file), so it runs in a child
    // process that is not pinned to this process's core.
    progress('classification: full scan against ripgrep (its own process, all cores)');
    const cores = `0-${os.cpus().length - 1}`; // availableParallelism() sees this process's pinning
    const child = spawnSync(
      PIN ? 'taskset' : process.execPath,
      [...(PIN ? ['-c', cores, process.execPath] : []), path.join(ROOT, 'bench/classify.ts')],
      {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          BENCH_CLASSIFY_BYTES: String(CLASSIFY_BYTES),
          BENCH_CLASSIFY_DIR: CLASSIFY_DIR,
          BENCH_CLASSIFY_ROUNDS: String(ROUNDS),
        },
      },
    );
    if (child.status !== 0) throw new Error(`bench/classify.ts exited ${child.status}`);
    const [report = '', json = '{}'] = child.stdout.split(/\nripgrep: [^\n]*\n/);
    if (lines.length) lines.push('');
    lines.push(...report.trimEnd().split('\n'));
    results.classify = JSON.parse(json) as unknown;
  }

  if (INGEST_ROWS > 0) {
    const dir = mkdtempSync(path.join(tmpdir(), 'liutong-bench-ingest-'));
    try {
      const I = await benchIngest({ rows: INGEST_ROWS, dir, rounds: ROUNDS, progress });
      const met = I.ratio <= 2;
      if (lines.length) lines.push('');
      lines.push(
        `Ingestion: a ${int(I.rows)}-row CSV (${(I.bytes / 1e6).toFixed(0)} MB, 11 Chinese columns) to Parquet, ` +
          `median of ${ROUNDS} rounds, the two alternating in each round.`,
        '',
        '| run | wall ms | CPU ms |',
        '|---|---:|---:|',
        `| ingestFile: detect, convert, schema, profile, hash | ${int(I.oursMs)} | ${int(I.oursCpuMs)} |`,
        `| baseline: DuckDB read_csv + COPY … TO parquet | ${int(I.baselineMs)} | ${int(I.baselineCpuMs)} |`,
        '',
        `Target: within 2× of the baseline → median ratio ${I.ratio.toFixed(2)}× → ${met ? 'MET' : 'NOT MET'}`,
      );
      results.ingest = { ...I, met };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  results.loadAverageAtEnd = os.loadavg();
  results.totalSeconds = (performance.now() - began) / 1000;
  const end = os.loadavg();
  lines.push(
    '',
    `Load average (1/5/15 min) at start ${load.map((n) => n.toFixed(1)).join('/')}, at end ` +
      `${end.map((n) => n.toFixed(1)).join('/')} on ${os.cpus().length} cores; ` +
      `the bench took ${((performance.now() - began) / 1000).toFixed(0)} s.`,
  );
  console.log(lines.join('\n'));
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await Promise.all(children.map(stop));
  rmSync(dataDir, { recursive: true, force: true });
}
