// Retried POSTs with an Idempotency-Key get the first answer; the work is done once.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Liutong } from '../server/src/app.ts';
import {
  bearer,
  createOrgWithUsers,
  problemOf,
  randomCreditCode,
  testApp,
  type TestOrg,
} from '../server/src/testing/index.ts';

let lt: Liutong;
let org: TestOrg;

beforeAll(async () => {
  lt = await testApp();
  org = await createOrgWithUsers(lt, 'idem');
});
afterAll(() => lt.close());

const newKey = () => `retry-${randomBytes(8).toString('hex')}`;
const createKey = (name: string, key?: string, token = org.users.merchant.token) =>
  lt.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: { ...bearer(token), ...(key && { 'idempotency-key': key }) },
    payload: { name, roles: ['merchant'] },
  });
const keysNamed = async (name: string) =>
  (await lt.identity.repo.listApiKeys([org.id])).filter((k) => k.name === name).length;

describe('Idempotency-Key', () => {
  it('a retry replays the first answer and creates nothing more', async () => {
    const key = newKey();
    const first = await createKey('幂等 A', key);
    const retry = await createKey('幂等 A', key);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe(first.json().id);
    expect(await keysNamed('幂等 A')).toBe(1);
  });

  it('without a key, two posts do the work twice', async () => {
    await createKey('幂等 B');
    await createKey('幂等 B');
    expect(await keysNamed('幂等 B')).toBe(2);
  });

  it('the same key for a different request is refused', async () => {
    const key = newKey();
    await createKey('幂等 C', key);
    const other = await createKey('幂等 D', key);
    expect(other.statusCode).toBe(422);
    expect(problemOf(other).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await keysNamed('幂等 D')).toBe(0);
  });

  it('concurrent duplicates do the work once', async () => {
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 5 }, () => createKey('幂等 E', key)));
    expect(await keysNamed('幂等 E')).toBe(1);
    for (const a of answers) {
      if (a.statusCode === 201) expect(a.json().name).toBe('幂等 E');
      else expect(problemOf(a).code).toBe('IDEMPOTENCY_IN_PROGRESS');
    }
  });

  it('keys are per caller: another user may use the same key for their own request', async () => {
    const key = newKey();
    await createKey('幂等 F', key);
    const other = await createKey('幂等 F', key, org.users.holder.token);
    expect(other.statusCode).toBe(403); // a holder may not create merchant keys: a fresh request, not a replay
    expect(other.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a refused request is replayed as refused, and a malformed key is a 400', async () => {
    const key = newKey();
    const payload = {
      name: '幂等组织',
      kind: 'enterprise',
      creditCode: randomCreditCode(),
      regionCode: '150199',
    };
    const post = () =>
      lt.app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: { ...bearer(org.users.authority.token), 'idempotency-key': key },
        payload,
      });
    expect(problemOf(await post()).code).toBe('ORG_REGION_CODE_INVALID');
    const again = await post();
    expect(again.statusCode).toBe(400);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const bad = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { ...bearer(org.users.merchant.token), 'idempotency-key': 'x' },
      payload: { name: 'k', roles: ['merchant'] },
    });
    expect(problemOf(bad).errors?.map((e) => e.field)).toContain('/headers/idempotency-key');
  });
});
