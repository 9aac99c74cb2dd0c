// Bad input gets a clear 4xx problem with a stable code, is audited, and changes nothing.
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
  lt = await testApp({ bodyLimitBytes: 4096 });
  org = await createOrgWithUsers(lt, 'bad');
});
afterAll(() => lt.close());

const admin = () => bearer(org.users.platform_admin.token);
const createOrg = (payload: unknown, headers: Record<string, string> = {}) =>
  lt.app.inject({
    method: 'POST',
    url: '/api/v1/organizations',
    headers: { ...admin(), ...headers },
    payload: payload as object,
  });

async function orgCount() {
  return (await lt.identity.repo.listOrganizations({ limit: 1, offset: 0 })).total;
}

async function auditOf(res: { headers: Record<string, unknown> }) {
  return lt.database.kysely
    .selectFrom('platform.audit_log')
    .selectAll()
    .where('request_id', '=', String(res.headers['x-request-id']))
    .execute();
}

describe('bad input', () => {
  const valid = () => ({
    name: `合规测试${Math.random().toString(36).slice(2, 8)}`,
    kind: 'enterprise',
    creditCode: randomCreditCode(),
    regionCode: '150102',
  });

  it.each([
    ['an unknown field', { extra: 'x' }, 'VALIDATION_FAILED', '/body/extra'],
    ['a missing field', { regionCode: undefined }, 'VALIDATION_FAILED', '/body/regionCode'],
    ['a bad enum', { kind: 'pirate' }, 'VALIDATION_FAILED', '/body/kind'],
    [
      'a credit code with a bad check character',
      { creditCode: '91350100M000100Y44' },
      'ORG_CREDIT_CODE_INVALID',
      '/body/creditCode',
    ],
    [
      'a credit code in lower case',
      { creditCode: '91350100m000100y43' },
      'VALIDATION_FAILED',
      '/body/creditCode',
    ],
    [
      'a region code that is no division',
      { regionCode: '150199' },
      'ORG_REGION_CODE_INVALID',
      '/body/regionCode',
    ],
    ['SQL in a name', { name: "x'; DROP TABLE identity.users; --" }, 'VALIDATION_FAILED', '/body/name'],
    ['a script in a name', { name: '<script>alert(1)</script>' }, 'VALIDATION_FAILED', '/body/name'],
    ['a control character in a name', { name: 'ab\u0007cd' }, 'VALIDATION_FAILED', '/body/name'],
  ])('%s: 400 naming the field, audited, nothing created', async (_label, patch, code, field) => {
    const before = await orgCount();
    const body = { ...valid(), ...patch };
    const res = await createOrg(body);
    expect(res.statusCode).toBe(400);
    const problem = problemOf(res);
    expect(problem.code).toBe(code);
    expect(problem.errors?.map((e) => e.field)).toContain(field);
    expect(await orgCount()).toBe(before);
    const audit = await auditOf(res);
    expect(audit).toMatchObject([{ outcome: 'refused', code, action: 'identity.organization.create' }]);
  });

  it('malformed JSON is a 400 MALFORMED_JSON, never a 500', async () => {
    for (const raw of ['{', '{"name":', 'nul', '[1,2', '{"a":1}}']) {
      const res = await createOrg(raw, { 'content-type': 'application/json' });
      expect(res.statusCode).toBe(400);
      expect(problemOf(res).code).toBe('MALFORMED_JSON');
    }
  });

  it('a body over the limit is a 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await createOrg({ ...valid(), name: 'x'.repeat(10_000) });
    expect(res.statusCode).toBe(413);
    expect(problemOf(res).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a wrong content type is a 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await createOrg('name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(problemOf(res).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('query strings are validated too', async () => {
    const res = await lt.app.inject({
      method: 'GET',
      url: '/api/v1/organizations?limit=100000&unknown=1',
      headers: admin(),
    });
    expect(res.statusCode).toBe(400);
    const fields = problemOf(res).errors!.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/querystring/limit', '/querystring/unknown']));
  });

  it('a URL with broken percent-encoding is a 400 URL_INVALID problem, before any route runs', async () => {
    for (const url of [
      '/api/v1/ledger/entries/%zz',
      '/api/v1/certificates/%E0%A4%A',
      '/api/v1/ledger/tile/0/%zz',
    ]) {
      const res = await lt.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'URL_INVALID' });
    }
  });

  it('unknown routes answer a 404 problem', async () => {
    const res = await lt.app.inject({ method: 'GET', url: '/api/v1/no/such/thing' });
    expect(res.statusCode).toBe(404);
    expect(problemOf(res)).toMatchObject({
      code: 'ROUTE_NOT_FOUND',
      status: 404,
      instance: '/api/v1/no/such/thing',
    });
  });

  it('duplicates are a 409 with a code, and the first record survives unchanged', async () => {
    const first = valid();
    expect((await createOrg(first)).statusCode).toBe(201);
    const sameCode = await createOrg({ ...valid(), creditCode: first.creditCode });
    expect(problemOf(sameCode).code).toBe('ORG_CREDIT_CODE_TAKEN');
    const sameName = await createOrg({ ...valid(), name: first.name });
    expect(problemOf(sameName).code).toBe('ORG_NAME_TAKEN');
  });
});
