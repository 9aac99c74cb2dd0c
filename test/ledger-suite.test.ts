// Crypto suites and key rotation: the gm suite (SM3 tree, SM2 checkpoints) end to end, a log bound to its
// suite, and checkpoints that stay verifiable after the signing key changes.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS, buildApp, type Liutong } from '../server/src/app.ts';
import {
  generateSignerKey,
  parseSignerKey,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  rangeHashes,
  treeHasher,
  verifyConsistency,
  verifyInclusion,
} from '../server/src/modules/ledger/index.ts';
import { migrate, type Database } from '../server/src/platform/db.ts';
import {
  bearer,
  createOrgWithUsers,
  freshDatabase,
  randomCreditCode,
  testConfig,
  type TestOrg,
} from '../server/src/testing/index.ts';

const BIN = path.resolve(import.meta.dirname, '../server/bin/liutong.js');
const run = promisify(execFile);
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ORIGIN = 'liutong.test/ledger';

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
  await migrate(db.kysely, ALL_MIGRATIONS);
  // The first start binds the log to the gm suite.
  await (await open({ suite: 'gm' })).close();
});
afterAll(() => db.close());

const open = async (ledger: { suite: 'intl' | 'gm'; key?: string }) => {
  const lt = await buildApp(testConfig({ ledger: { origin: ORIGIN, sequencerIntervalMs: 0, ...ledger } }), {
    database: db,
  });
  await lt.app.ready();
  return lt;
};

async function addEvents(lt: Liutong, org: TestOrg, n: number) {
  for (let i = 0; i < n; i++) {
    const res = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: bearer(org.users.authority.token),
      payload: {
        name: `国密机构${i}${Date.now()}`,
        kind: 'enterprise',
        creditCode: randomCreditCode(),
        regionCode: '150102',
      },
    });
    expect(res.statusCode).toBe(201);
  }
  await lt.ledger.service.integrate();
}

describe('the gm crypto suite, key rotation and the suite binding', () => {
  const sm3 = treeHasher('sm3');

  it('hashes the tree with SM3 and signs checkpoints with SM2; proofs verify offline, also in the CLI', async () => {
    const lt = await open({ suite: 'gm' });
    try {
      const org = await createOrgWithUsers(lt, 'gm');
      await addEvents(lt, org, 3);
      const info = (await lt.app.inject({ method: 'GET', url: '/api/v1/ledger/public-key' })).json();
      expect(info).toMatchObject({ suite: 'gm', hash: 'sm3' });
      const vkey = parseVerifierKey(info.verifierKey);
      expect(vkey.type).toBe('sm2');
      const note = (await lt.app.inject({ method: 'GET', url: '/api/v1/ledger/checkpoint' })).body;
      const cp = parseCheckpoint(openNote(note, [vkey]).text);
      const entries = (
        await lt.app.inject({ method: 'GET', url: `/api/v1/ledger/entries?start=0&end=${cp.size}` })
      ).json<{ body: string; leafHash: string }[]>();
      const leaves = entries.map((e) => sm3.hashLeaf(Buffer.from(e.body)));
      expect(leaves.map(hex)).toEqual(entries.map((e) => e.leafHash));
      expect(hex(rangeHashes(sm3, leaves)(0, cp.size))).toBe(hex(cp.root));

      const index = cp.size - 1;
      const p = (
        await lt.app.inject({
          method: 'GET',
          url: `/api/v1/ledger/proofs/inclusion?index=${index}&treeSize=${cp.size}`,
        })
      ).json();
      expect(verifyInclusion(sm3, index, cp.size, bytes(p.leafHash), p.proof.map(bytes), cp.root)).toBe(true);
      // SHA-256 verification of an SM3 proof must fail: the suites do not mix.
      expect(
        verifyInclusion(treeHasher('sha256'), index, cp.size, bytes(p.leafHash), p.proof.map(bytes), cp.root),
      ).toBe(false);
      const args = ['ledger', 'verify-inclusion', '--leaf-hash', p.leafHash, '--index', String(index)];
      args.push(
        '--size',
        String(cp.size),
        '--root',
        hex(cp.root),
        '--proof',
        p.proof.join(','),
        '--suite',
        'gm',
      );
      const ok = await run(process.execPath, [BIN, ...args]);
      expect(ok.stdout).toMatch(/^valid/);
      const bad = await run(process.execPath, [BIN, ...args.slice(0, -1), 'intl']).catch(
        (e: { code: number }) => e,
      );
      expect(bad).toMatchObject({ code: 1 });
    } finally {
      await lt.close();
    }
  });

  it('refuses to open the log with another suite', async () => {
    await expect(open({ suite: 'intl' })).rejects.toMatchObject({ code: 'LEDGER_SUITE_MISMATCH' });
  });

  it('refuses a key of the wrong type for the suite', async () => {
    await expect(open({ suite: 'gm', key: generateSignerKey(ORIGIN, 'ed25519') })).rejects.toThrow(/sm2/);
  });

  it('after a key rotation, old checkpoints verify with the old key from the key history, and the log stays consistent', async () => {
    const keyA = generateSignerKey(ORIGIN, 'sm2');
    const keyB = generateSignerKey(ORIGIN, 'sm2');
    const first = await open({ suite: 'gm', key: keyA });
    let firstNote: string;
    try {
      await addEvents(first, await createOrgWithUsers(first, 'gm1'), 1);
      firstNote = (await first.app.inject({ method: 'GET', url: '/api/v1/ledger/checkpoint' })).body;
    } finally {
      await first.close();
    }
    const lt = await open({ suite: 'gm', key: keyB });
    try {
      const org = await createOrgWithUsers(lt, 'gm2');
      await addEvents(lt, org, 2);
      const info = (await lt.app.inject({ method: 'GET', url: '/api/v1/ledger/public-key' })).json<{
        verifierKey: string;
        keys: { verifierKey: string; fromSize: number; untilSize?: number; current: boolean }[];
      }>();
      const keyed = (skey: string) => info.keys.find((k) => k.verifierKey === parseSignerKey(skey).encoded)!;
      const [oldKey, newKey] = [keyed(keyA), keyed(keyB)];
      expect(info.keys.at(-1)).toEqual(newKey);
      expect(newKey).toMatchObject({ verifierKey: info.verifierKey, current: true });
      expect(oldKey.current).toBe(false);
      expect(oldKey.untilSize).toBe(newKey.fromSize);

      const oldVerifier = parseVerifierKey(oldKey.verifierKey);
      const newVerifier = parseVerifierKey(newKey.verifierKey);
      const before = parseCheckpoint(openNote(firstNote, [oldVerifier, newVerifier]).text);
      expect(openNote(firstNote, [newVerifier]).verifiedBy).toEqual([]); // only the old key signed it
      const latest = (await lt.app.inject({ method: 'GET', url: '/api/v1/ledger/checkpoint' })).body;
      expect(openNote(latest, [newVerifier]).verifiedBy).toEqual([ORIGIN]);
      const after = parseCheckpoint(openNote(latest, [newVerifier]).text);
      const c = (
        await lt.app.inject({
          method: 'GET',
          url: `/api/v1/ledger/proofs/consistency?from=${before.size}&to=${after.size}`,
        })
      ).json();
      expect(
        verifyConsistency(sm3, before.size, after.size, c.proof.map(bytes), before.root, after.root),
      ).toBe(true);
    } finally {
      await lt.close();
    }
  });
});

describe('liutong ledger rotate-key', () => {
  it('writes a new key of the suite, keeps the old one aside with mode 0600, and refuses an env-configured key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'liutong-rotate-'));
    try {
      const env = { ...process.env, LIUTONG_CRYPTO_SUITE: 'gm', LIUTONG_LEDGER_KEY: '' };
      const first = await run(process.execPath, [BIN, 'ledger', 'rotate-key', '--data-dir', dir], { env });
      const key1 = readFileSync(path.join(dir, 'ledger.key'), 'utf8').trim();
      expect(parseSignerKey(key1).type).toBe('sm2');
      expect(first.stdout).toContain(parseSignerKey(key1).encoded);
      const second = await run(process.execPath, [BIN, 'ledger', 'rotate-key', '--data-dir', dir], { env });
      const key2 = readFileSync(path.join(dir, 'ledger.key'), 'utf8').trim();
      expect(key2).not.toBe(key1);
      const retired = readdirSync(dir).filter((f) => f.endsWith('.retired'));
      expect(retired).toEqual([`ledger.key.${parseSignerKey(key1).id.toString('hex')}.retired`]);
      expect(readFileSync(path.join(dir, retired[0]!), 'utf8').trim()).toBe(key1);
      expect(statSync(path.join(dir, 'ledger.key')).mode & 0o777).toBe(0o600);
      expect(second.stdout).toMatch(/old key kept/);
      const refused = await run(process.execPath, [BIN, 'ledger', 'rotate-key', '--data-dir', dir], {
        env: { ...env, LIUTONG_LEDGER_KEY: key2 },
      }).catch((e: { code: number; stderr: string }) => e);
      expect(refused).toMatchObject({ code: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
