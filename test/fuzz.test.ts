// Property test: random bodies, queries and ids against every route in the OpenAPI document never cause a 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Liutong } from '../server/src/app.ts';
import { bearer, createOrgWithUsers, login, testApp, type TestOrg } from '../server/src/testing/index.ts';

let lt: Liutong;
let org: TestOrg;

beforeAll(async () => {
  lt = await testApp();
  org = await createOrgWithUsers(lt, 'fuzz');
});
afterAll(() => lt.close());

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    "' OR '1'='1",
    '1; DROP TABLE identity.users; --',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '${jndi:x}',
    '9'.repeat(400),
    '-1',
    '1e309',
    'null',
    '__proto__',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    nasty,
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('any'), { maxKeys: 5 }),
  ),
})).any;

function operations() {
  const spec = lt.app.swagger() as {
    paths: Record<
      string,
      Record<
        string,
        { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }
      >
    >;
  };
  const ops: { method: string; path: string; fields: string[] }[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!path.startsWith('/api/v1')) continue;
      const schema = op.requestBody?.content['application/json']?.schema;
      ops.push({ method: method.toUpperCase(), path, fields: Object.keys(schema?.properties ?? {}) });
    }
  }
  return ops;
}

describe('no client input causes a server error', () => {
  it('random bodies, shaped and unshaped, to every route', async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(15);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        fc.oneof(value, fc.dictionary(fc.string({ maxLength: 10 }), value)),
        fc.boolean(),
        fc.oneof(
          fc.uuid(),
          fc.string({ maxLength: 40 }).map(encodeURIComponent),
          fc.constantFrom('150102', '0', '-1'),
        ),
        fc.dictionary(
          fc.constantFrom('limit', 'offset', 'q', 'kind', 'orgId', 'before', 'from', 'parent'),
          fc.string({ maxLength: 20 }).map(encodeURIComponent),
          { maxKeys: 3 },
        ),
        async (op, body, shaped, id, query) => {
          let payload: unknown = body;
          if (shaped && op.fields.length) {
            // Keep the route's own field names so validation goes past the first layer.
            const parts = body !== null && typeof body === 'object' ? Object.values(body) : [];
            payload = Object.fromEntries(op.fields.map((f, i) => [f, parts[i] ?? body]));
          }
          const url = op.path.replace(/\{[^}]+\}/g, id) + '?' + new URLSearchParams(query).toString();
          // Logging out would end the shared session and turn the rest of the run into 401s.
          const token = op.path.endsWith('/auth/logout')
            ? (await login(lt, org.users.platform_admin.username)).accessToken
            : org.users.platform_admin.token;
          const res = await lt.app.inject({
            method: op.method as 'GET',
            url,
            headers: { ...bearer(token), 'content-type': 'application/json' },
            ...(op.method !== 'GET' && op.method !== 'DELETE' && { payload: JSON.stringify(payload) }),
          });
          if (res.statusCode >= 500) throw new Error(`${op.method} ${url} -> ${res.statusCode}: ${res.body}`);
          if (res.statusCode >= 400)
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('raw byte bodies and odd content types to every write route', async () => {
    const writes = operations().filter((o) => o.method !== 'GET');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writes),
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=latin1',
          '',
        ),
        async (op, bytes, type) => {
          const res = await lt.app.inject({
            method: op.method as 'POST',
            url: op.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'),
            headers: { ...bearer(org.users.platform_admin.token), ...(type && { 'content-type': type }) },
            payload: Buffer.from(bytes),
          });
          if (res.statusCode >= 500)
            throw new Error(`${op.method} ${op.path} (${type}) -> ${res.statusCode}: ${res.body}`);
        },
      ),
      { numRuns: 200 },
    );
  });
});
