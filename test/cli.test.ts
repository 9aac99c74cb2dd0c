// The `liutong` command: help, configuration errors, and serving on the embedded or a server database.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDatabase, randomCreditCode } from '../server/src/testing/index.ts';
import { DEMO_ORGANIZATIONS } from '../server/src/demo/demo.ts';

const BIN = path.resolve(import.meta.dirname, '../server/bin/liutong.js');
/** Response bodies in these tests are checked field by field, so they are read loosely typed. */
const json = (res: Response): Promise<any> => res.json();
const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    env: { ...cleanEnv, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Starts `liutong serve` and resolves with its base URL once it listens. */
function serve(
  args: string[],
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--log-level', 'warn', ...args], {
    env: { ...cleanEnv, ...env },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) resolve({ url: match[1]!, child, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('liutong CLI', () => {
  it('--help lists the commands and serve lists its options', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/serve/);
    expect(help.stdout).toMatch(/migrate/);
    const serveHelp = run(['serve', '--help']);
    for (const flag of ['--port', '--host', '--data-dir', '--no-demo'])
      expect(serveHelp.stdout).toContain(flag);
  });

  it.each([
    [['serve', '--port', 'abc'], {}, '--port'],
    [['serve'], { PORT: '99999' }, 'PORT'],
    [['serve'], { LIUTONG_BOOTSTRAP_ADMIN: 'admin' }, 'LIUTONG_BOOTSTRAP_ADMIN'],
    [['serve'], { DATABASE_URL: 'mysql://nope' }, 'DATABASE_URL'],
  ])('a bad setting stops start-up with a message naming it: %j %j', (args, env, name) => {
    const res = run(args, env);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(name);
  });

  it('serves API, OpenAPI and docs on the embedded store, seeds the demo and keeps data across restarts', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'liutong-cli-'));
    try {
      const env = { LIUTONG_DEMO_PASSWORD: 'demo-password-1' };
      const first = await serve(['--data-dir', dataDir], env);
      try {
        expect((await json(await fetch(`${first.url}/api/v1/health`))).database).toBe('pglite');
        const spec = await json(await fetch(`${first.url}/api/openapi.json`));
        expect(spec.openapi).toBe('3.1.0');
        expect((await fetch(`${first.url}/api/docs`)).status).toBe(200);
        // The embedded store belongs to one process: a second one on the same directory is refused.
        const second = run(['serve', '--port', '0', '--data-dir', dataDir], env);
        expect(second.status).toBe(3);
        expect(second.stderr).toContain('in use by process');
        const login = await fetch(`${first.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'demo-password-1' }),
        });
        expect(login.status).toBe(200);
      } finally {
        await stop(first.child);
      }
      // A second start finds the data and seeds nothing: the old password still works.
      const second = await serve(['--data-dir', dataDir], { LIUTONG_DEMO_PASSWORD: 'another-password' });
      try {
        const login = await fetch(`${second.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'demo-password-1' }),
        });
        expect(login.status).toBe(200);
      } finally {
        await stop(second.child);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('migrate applies the migrations once, then reports the database up to date', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'liutong-migrate-'));
    try {
      const first = run(['migrate', '--data-dir', dataDir]);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/applied: .*identity_init/);
      const second = run(['migrate', '--data-dir', dataDir]);
      expect(second.stdout).toContain('database is up to date');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'two server processes on one PostgreSQL work side by side',
    async () => {
      const database = await freshDatabase();
      const env = {
        DATABASE_URL: database.url!,
        LIUTONG_DEMO_PASSWORD: 'demo-password-2',
        LIUTONG_AUTH_CACHE_SECONDS: '0',
      };
      // One data directory for both: it holds the ledger key they must share (the store itself is on the server).
      const shared = mkdtempSync(path.join(tmpdir(), 'liutong-two-'));
      const [a, b] = await Promise.all([
        serve(['--data-dir', shared], env),
        serve(['--data-dir', shared], env),
      ]);
      try {
        const post = (base: string, url: string, body: unknown, token?: string) =>
          fetch(`${base}${url}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(token && { authorization: `Bearer ${token}` }),
            },
            body: JSON.stringify(body),
          });
        // Both migrated and started together; the demo was seeded exactly once.
        const tokens = await json(
          await post(a.url, '/api/v1/auth/login', { username: 'admin', password: 'demo-password-2' }),
        );
        const orgs = await json(
          await fetch(`${b.url}/api/v1/organizations?limit=200`, {
            headers: { authorization: `Bearer ${tokens.accessToken}` },
          }),
        );
        expect(orgs.total).toBe(DEMO_ORGANIZATIONS.length);
        // A token issued by one process is accepted by the other, and logout on one is seen by the other.
        const out = await post(b.url, '/api/v1/auth/logout', {}, tokens.accessToken);
        expect(out.status).toBe(204);
        const after = await fetch(`${a.url}/api/v1/me`, {
          headers: { authorization: `Bearer ${tokens.accessToken}` },
        });
        expect(after.status).toBe(401);
        // Concurrent writes through both processes all land.
        const fresh = await json(
          await post(a.url, '/api/v1/auth/login', { username: 'authority', password: 'demo-password-2' }),
        );
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            post(
              i % 2 ? a.url : b.url,
              '/api/v1/organizations',
              {
                name: `并发组织${i}`,
                kind: 'enterprise',
                creditCode: randomCreditCode(),
                regionCode: '150102',
              },
              fresh.accessToken,
            ),
          ),
        );
        expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
      } finally {
        await Promise.all([stop(a.child), stop(b.child)]);
        await database.close();
      }
    },
  );
});
