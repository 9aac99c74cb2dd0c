// `liutong ledger audit`: an auditor mirrors the whole log over the public API and checks it, and a log that
// lies (altered entries, a rewritten history, a forged checkpoint) is caught.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Liutong } from '../server/src/app.ts';
import {
  auditLog,
  AuditFailure,
  formatCheckpoint,
  generateSignerKey,
  parseSignerKey,
  signNote,
  treeHasher,
} from '../server/src/modules/ledger/index.ts';
import {
  bearer,
  createOrgWithUsers,
  randomCreditCode,
  testApp,
  type TestOrg,
} from '../server/src/testing/index.ts';

const BIN = path.resolve(import.meta.dirname, '../server/bin/liutong.js');
const exec = promisify(execFile);
let lt: Liutong;
let org: TestOrg;
let url: string;
let dir: string;

async function cli(...args: string[]) {
  try {
    const r = await exec(process.execPath, [BIN, 'ledger', 'audit', ...args], { timeout: 60_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

async function addEvent() {
  const res = await lt.app.inject({
    method: 'POST',
    url: '/api/v1/organizations',
    headers: bearer(org.users.authority.token),
    payload: {
      name: `审计机构${Date.now()}`,
      kind: 'enterprise',
      creditCode: randomCreditCode(),
      regionCode: '150102',
    },
  });
  expect(res.statusCode).toBe(201);
  await lt.ledger.service.integrate();
}

/** A fetch that answers from the app in process, letting a test alter what the "server" says. */
const inProcess =
  (alter: (path: string, body: string) => string = (_, b) => b): typeof fetch =>
  async (input) => {
    const target = new URL(input instanceof Request ? input.url : input);
    const res = await lt.app.inject({ method: 'GET', url: target.pathname + target.search });
    return new Response(alter(target.pathname + target.search, res.body), {
      status: res.statusCode,
      headers: { 'content-type': String(res.headers['content-type']) },
    });
  };

beforeAll(async () => {
  lt = await testApp();
  org = await createOrgWithUsers(lt, 'audit');
  url = await lt.app.listen({ host: '127.0.0.1', port: 0 });
  dir = mkdtempSync(path.join(tmpdir(), 'liutong-audit-'));
});
afterAll(async () => {
  await lt.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('liutong ledger audit', () => {
  it('recomputes the whole log, saves the checkpoint, and later proves the log only grew from it', async () => {
    await addEvent();
    const saved = path.join(dir, 'first.checkpoint');
    const first = await cli('--url', url, '--save', saved);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/^valid: liutong\.test\/ledger/m);
    expect(readFileSync(saved, 'utf8')).toMatch(/^liutong\.test\/ledger\n\d+\n/);

    await addEvent();
    const again = await cli('--url', url, '--checkpoint', saved);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/consistent +with the earlier checkpoint/);
  });

  it('pins keys with --key, and fails when the checkpoint is not signed by a pinned key', async () => {
    await addEvent();
    const served = (await lt.app.inject({ method: 'GET', url: '/api/v1/ledger/public-key' })).json()
      .verifierKey;
    expect((await cli('--url', url, '--key', served)).code).toBe(0);
    const stranger = parseSignerKey(generateSignerKey('liutong.test/ledger', 'ed25519')).encoded;
    const res = await cli('--url', url, '--key', stranger);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/not signed by a trusted key/);
  });

  it('fails on a forged earlier checkpoint and on a checkpoint file that was altered', async () => {
    await addEvent();
    const forger = parseSignerKey(generateSignerKey('liutong.test/ledger', 'ed25519'));
    const forged = path.join(dir, 'forged.checkpoint');
    writeFileSync(
      forged,
      signNote(
        formatCheckpoint({
          origin: 'liutong.test/ledger',
          size: 1,
          root: new Uint8Array(32),
          extensions: [],
        }),
        forger,
      ),
    );
    expect((await cli('--url', url, '--checkpoint', forged)).code).toBe(1);

    const good = path.join(dir, 'good.checkpoint');
    expect((await cli('--url', url, '--save', good)).code).toBe(0);
    const lines = readFileSync(good, 'utf8').split('\n');
    lines[2] = Buffer.alloc(32, 1).toString('base64'); // another root under the same signature
    const altered = path.join(dir, 'altered.checkpoint');
    writeFileSync(altered, lines.join('\n'));
    const res = await cli('--url', url, '--checkpoint', altered);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/does not verify/);
  });

  it('answers usage errors with exit 2', async () => {
    expect((await cli()).code).toBe(2);
    expect((await cli('--url', 'not a url')).code).toBe(2);
    expect((await cli('--url', url, '--checkpoint', path.join(dir, 'missing'))).code).toBe(2);
  });

  it('reports an unreachable log as a failure, not a crash', async () => {
    const res = await cli('--url', 'http://127.0.0.1:1');
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/cannot reach/);
  });
});

describe('a log that lies is caught', () => {
  it('an entry whose body does not match its leaf hash', async () => {
    await addEvent();
    const alter = (p: string, body: string) =>
      p.startsWith('/api/v1/ledger/entries') ? body.replace(/organization/, 'organizatiom') : body;
    await expect(auditLog({ url: 'http://log.test', fetch: inProcess(alter) })).rejects.toThrow(
      /hashes to .* the log says/,
    );
  });

  it('entries rewritten with matching leaf hashes no longer give the signed root', async () => {
    await addEvent();
    const honest = inProcess();
    const alter = (p: string, body: string) => {
      if (!p.startsWith('/api/v1/ledger/entries?')) return body;
      const rows = JSON.parse(body) as { body: string; leafHash: string }[];
      const row = rows[0]!;
      row.body = row.body.replace(/"v":1/, '"v":2');
      // The liar recomputes the leaf hash of its altered body.
      row.leafHash = Buffer.from(treeHasher('sha256').hashLeaf(Buffer.from(row.body))).toString('hex');
      return JSON.stringify(rows);
    };
    await expect(auditLog({ url: 'http://log.test', fetch: honest })).resolves.toMatchObject({
      hash: 'sha256',
    });
    await expect(auditLog({ url: 'http://log.test', fetch: inProcess(alter) })).rejects.toBeInstanceOf(
      AuditFailure,
    );
    await expect(auditLog({ url: 'http://log.test', fetch: inProcess(alter) })).rejects.toThrow(
      /the checkpoint says/,
    );
  });

  it('a log that shrank below the earlier checkpoint', async () => {
    await addEvent();
    const report = await auditLog({ url: 'http://log.test', fetch: inProcess() });
    await addEvent();
    const later = await auditLog({ url: 'http://log.test', fetch: inProcess(), earlier: report.note });
    expect(later.earlierSize).toBe(report.size);
    // Replaying the later note as "earlier" against a server that serves the old one: the log shrank.
    const stale = (p: string, body: string) => (p === '/api/v1/ledger/checkpoint' ? report.note : body);
    await expect(
      auditLog({ url: 'http://log.test', fetch: inProcess(stale), earlier: later.note }),
    ).rejects.toThrow(/the log shrank/);
  });
});
