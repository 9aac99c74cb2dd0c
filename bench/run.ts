// `npm run bench`: an authenticated read endpoint against a bare Fastify route, measured in the same run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const ROOT = path.resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PASSWORD = 'bench-demo-password';

// On a machine with two or more cores, the servers get one core and the load generator another,
// so that neither steals time from the other and the two measurements see the same conditions.
const PIN = os.availableParallelism() >= 2 && spawnSync('taskset', ['-V']).status === 0;
if (PIN) spawnSync('taskset', ['-cp', '0', String(process.pid)]);

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

interface Measure {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Measure> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers }); // warm-up
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'liutong-bench-'));
const children: ChildProcess[] = [];
try {
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

  console.log(
    `Liutong bench: ${CONNECTIONS} connections, ${SECONDS} s per run, loopback, store: PGlite, ${PIN ? 'server and load generator on separate cores' : 'unpinned'}`,
  );
  console.log(`The baseline answers the same ${Buffer.byteLength(meBody)} bytes as /api/v1/me.`);
  // Baseline and target alternate over several rounds, so that a change in the machine's speed during the run
  // touches both; the verdict uses the median round.
  const rounds: { bare: Measure; me: Measure; ratio: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const bareRun = await measure(`round ${round}: bare Fastify GET /bare (baseline)`, `${bare.url}/bare`);
    const meRun = await measure(`round ${round}: authenticated GET /api/v1/me`, `${lt.url}/api/v1/me`, auth);
    rounds.push({ bare: bareRun, me: meRun, ratio: meRun.rps / bareRun.rps });
  }
  const dbRead = await measure(
    'authenticated GET /api/v1/organizations/:id (one database read)',
    `${lt.url}/api/v1/organizations/${me.organization.id}`,
    auth,
  );
  const runs = [...rounds.flatMap((r) => [r.bare, r.me]), dbRead];
  const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
  const baseline = median.bare.rps;

  console.log('');
  console.log('| run | req/s | p50 ms | p99 ms | errors | non-2xx |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of runs)
    console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`);
  const ratio = median.ratio;
  const p99 = Math.max(...rounds.map((r) => r.me.p99));
  const clean = rounds.every((r) => r.me.errors === 0 && r.me.non2xx === 0);
  const ok = ratio >= 0.5 && p99 < 20 && clean;
  console.log('');
  console.log(`Ratios by round: ${rounds.map((r) => `${(r.ratio * 100).toFixed(0)}%`).join(', ')}`);
  console.log(
    `Target: authenticated read ≥ 50% of the bare route's throughput and p99 < 20 ms at ${CONNECTIONS} connections.`,
  );
  console.log(
    `Result: median ratio ${(ratio * 100).toFixed(0)}%, worst p99 ${p99} ms → ${ok ? 'MET' : 'NOT MET'}`,
  );
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(
    path.join(ROOT, 'bench/results/latest.json'),
    `${JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS, rounds, baseline, runs, ratio, met: ok }, null, 2)}\n`,
  );
} finally {
  for (const c of children) c.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
