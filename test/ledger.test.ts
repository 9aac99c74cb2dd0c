// The evidence ledger over the outbox: every event exactly once, signed checkpoints, proofs an auditor can check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildApp, type Liutong } from '../server/src/app.ts';
import {
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  rangeHashes,
  treeHasher,
  verifyConsistency,
  verifyInclusion,
} from '../server/src/modules/ledger/index.ts';
import {
  bearer,
  createOrgWithUsers,
  freshDatabase,
  problemOf,
  randomCreditCode,
  testApp,
  testConfig,
  type TestOrg,
} from '../server/src/testing/index.ts';

let lt: Liutong;
let org: TestOrg;
const sha256 = treeHasher('sha256');
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

beforeAll(async () => {
  lt = await testApp();
  org = await createOrgWithUsers(lt, 'ledger');
});
afterAll(() => lt.close());

const get = (url: string) => lt.app.inject({ method: 'GET', url });

async function checkpoint() {
  const res = await get('/api/v1/ledger/checkpoint');
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  const key = parseVerifierKey((await get('/api/v1/ledger/public-key')).json().verifierKey);
  const opened = openNote(res.body, [key]);
  expect(opened.verifiedBy).toEqual([key.name]);
  return parseCheckpoint(opened.text);
}

async function createOrganization(name: string) {
  const res = await lt.app.inject({
    method: 'POST',
    url: '/api/v1/organizations',
    headers: bearer(org.users.authority.token),
    payload: { name, kind: 'enterprise', creditCode: randomCreditCode(), regionCode: '150102' },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

describe('evidence ledger', () => {
  it('integrates each committed event exactly once, in a gapless log, even with concurrent sequencers', async () => {
    const ids = await Promise.all([
      createOrganization(`账本甲${Date.now()}`),
      createOrganization(`账本乙${Date.now()}`),
    ]);
    await Promise.all([
      lt.ledger.service.integrate(),
      lt.ledger.service.integrate(),
      lt.ledger.service.integrate(),
    ]);
    expect((await lt.ledger.service.integrate()).integrated).toBe(0);
    const db = lt.database.kysely;
    const stats = await db
      .selectFrom('ledger.entries')
      .select((eb) => [
        eb.fn.countAll<string>().as('n'),
        eb.fn.max('idx').as('last'),
        eb.fn.count('event_id').distinct().as('events'),
      ])
      .executeTakeFirstOrThrow();
    expect(Number(stats.n)).toBe(Number(stats.last) + 1);
    expect(Number(stats.events)).toBe(Number(stats.n));
    const pending = await db
      .selectFrom('platform.outbox')
      .select('id')
      .where('published_at', 'is', null)
      .execute();
    expect(pending).toEqual([]);
    for (const id of ids) {
      const bodies = await db
        .selectFrom('ledger.entries')
        .select('body')
        .where('body', 'like', `%${id}%`)
        .execute();
      expect(bodies).toHaveLength(1);
    }
  });

  it('publishes a signed checkpoint whose root an auditor recomputes from the entries', async () => {
    await createOrganization(`账本丙${Date.now()}`);
    await lt.ledger.service.integrate();
    const cp = await checkpoint();
    expect(cp.origin).toBe('liutong.test/ledger');
    const leaves: Uint8Array[] = [];
    for (let start = 0; start < cp.size; start += 1000) {
      const page = (
        await get(`/api/v1/ledger/entries?start=${start}&end=${Math.min(start + 1000, cp.size)}`)
      ).json();
      for (const e of page as { body: string; leafHash: string }[]) {
        expect(e.leafHash).toBe(Buffer.from(sha256.hashLeaf(Buffer.from(e.body))).toString('hex'));
        leaves.push(bytes(e.leafHash));
      }
    }
    expect(leaves).toHaveLength(cp.size);
    expect(Buffer.from(rangeHashes(sha256, leaves)(0, cp.size)).toString('hex')).toBe(
      Buffer.from(cp.root).toString('hex'),
    );
  });

  it('serves inclusion and consistency proofs that verify offline against signed checkpoints', async () => {
    await lt.ledger.service.integrate();
    const before = await checkpoint();
    await createOrganization(`账本丁${Date.now()}`);
    await lt.ledger.service.integrate();
    const after = await checkpoint();
    expect(after.size).toBeGreaterThan(before.size);
    for (const index of [0, Math.floor(after.size / 2), after.size - 1]) {
      const p = (await get(`/api/v1/ledger/proofs/inclusion?index=${index}&treeSize=${after.size}`)).json();
      expect(
        verifyInclusion(sha256, index, after.size, bytes(p.leafHash), p.proof.map(bytes), after.root),
      ).toBe(true);
      const entry = (await get(`/api/v1/ledger/entries/${index}`)).json();
      expect(entry.leafHash).toBe(p.leafHash);
    }
    const c = (await get(`/api/v1/ledger/proofs/consistency?from=${before.size}&to=${after.size}`)).json();
    expect(
      verifyConsistency(sha256, before.size, after.size, c.proof.map(bytes), before.root, after.root),
    ).toBe(true);
  });

  it('records subjects and content hashes, never the content in clear', async () => {
    const name = `隐私测试机构${Date.now()}`;
    const id = await createOrganization(name);
    await lt.ledger.service.integrate();
    const [row] = await lt.database.kysely
      .selectFrom('ledger.entries')
      .select('body')
      .where('body', 'like', `%${id}%`)
      .execute();
    const body = JSON.parse(row!.body);
    expect(body).toMatchObject({
      v: 1,
      type: 'identity.organization.created',
      subject: { type: 'organization', id },
    });
    expect(body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.body).not.toContain(name);
  });

  it.each([
    ['/api/v1/ledger/proofs/consistency?from=5&to=2', 'LEDGER_SIZES_REVERSED'],
    ['/api/v1/ledger/proofs/consistency?from=0&to=2', 'LEDGER_SIZE_ZERO'],
    ['/api/v1/ledger/proofs/consistency?from=1&to=9007199254740991', 'LEDGER_SIZE_UNKNOWN'],
    ['/api/v1/ledger/proofs/inclusion?index=3&treeSize=3', 'LEDGER_INDEX_OUT_OF_RANGE'],
    ['/api/v1/ledger/proofs/inclusion?index=0&treeSize=9007199254740991', 'LEDGER_SIZE_UNKNOWN'],
    ['/api/v1/ledger/proofs/inclusion?index=-1&treeSize=3', 'VALIDATION_FAILED'],
    ['/api/v1/ledger/proofs/inclusion?index=abc&treeSize=3', 'VALIDATION_FAILED'],
    ['/api/v1/ledger/entries/9007199254740991', 'LEDGER_INDEX_OUT_OF_RANGE'],
    ['/api/v1/ledger/entries?start=0&extra=1', 'VALIDATION_FAILED'],
  ])('refuses %s with %s', async (url, code) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).code).toBe(code);
  });
});

describe('a backlog larger than one statement can carry', () => {
  it('integrates 17,000 events in one batch (over 65,535 parameters as rows), and the root checks out', async () => {
    const db = await freshDatabase();
    try {
      const big = await buildApp(testConfig(), { database: db });
      await sql`insert into platform.outbox (topic, aggregate_type, aggregate_id, payload)
        select 'test.bulk', 'bulk', gen_random_uuid()::text, jsonb_build_object('n', n)
        from generate_series(1, 17000) as n`.execute(db.kysely);
      const r = await big.ledger.service.integrate(20_000);
      expect(r).toEqual({ integrated: 17_000, size: 17_000 });
      const cp = await big.ledger.service.checkpoint();
      expect(cp.size).toBe(r.size);
      const p = await big.ledger.service.inclusionProof(16_999, cp.size);
      expect(
        verifyInclusion(sha256, 16_999, cp.size, bytes(p.leafHash), p.proof.map(bytes), bytes(cp.root)),
      ).toBe(true);
      await big.close();
    } finally {
      await db.close();
    }
  });
});
