import { SignJWT, generateKeyPair, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Liutong } from '../../app.ts';
import {
  bearer,
  createOrgWithUsers,
  login,
  problemOf,
  testApp,
  testConfig,
  TEST_PASSWORD,
  type TestOrg,
} from '../../testing/index.ts';

let lt: Liutong;
let org: TestOrg;

beforeAll(async () => {
  lt = await testApp();
  org = await createOrgWithUsers(lt, 'auth');
});
afterAll(() => lt.close());

const me = (token: string) => lt.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });

describe('login and sessions', () => {
  it('answers the documented token contract and /me gives user, org and roles', async () => {
    const res = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: org.users.holder.username, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType']);
    expect(body.expiresIn).toBe(900);
    const who = (await me(body.accessToken)).json();
    expect(who.user.username).toBe(org.users.holder.username);
    expect(who.organization.id).toBe(org.id);
    expect(who.roles).toEqual(['holder']);
    expect(JSON.stringify(who)).not.toMatch(/argon2|password/i);
  });

  it('stores passwords as argon2id hashes', async () => {
    const row = await lt.identity.repo.findUserByUsername(org.users.holder.username);
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses a wrong password and an unknown user alike, and audits both', async () => {
    const wrong = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: org.users.operator.username, password: 'nope-nope' },
    });
    const unknown = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'no_such_user_x', password: 'nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(problemOf(wrong).code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(problemOf(unknown).code).toBe('AUTH_INVALID_CREDENTIALS');
    const audit = await lt.database.kysely
      .selectFrom('platform.audit_log')
      .selectAll()
      .where('request_id', 'in', [
        wrong.headers['x-request-id'] as string,
        unknown.headers['x-request-id'] as string,
      ])
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.outcome === 'refused' && a.code === 'AUTH_INVALID_CREDENTIALS')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('nope-nope');
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    const victim = await createOrgWithUsers(lt, 'lock');
    const username = victim.users.merchant.username;
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await lt.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: `wrong-${i}-pass` },
      });
      codes.push(problemOf(res).code);
    }
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('AUTH_INVALID_CREDENTIALS'));
    expect(codes[4]).toBe('ACCOUNT_LOCKED');
    const right = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: TEST_PASSWORD },
    });
    expect(right.statusCode).toBe(423);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rotates refresh tokens: the old one stops working', async () => {
    const first = await login(lt, org.users.merchant.username);
    const res = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: first.refreshToken },
    });
    expect(res.statusCode).toBe(200);
    const second = res.json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await me(second.accessToken)).statusCode).toBe(200);
    const replay = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: first.refreshToken },
    });
    expect(problemOf(replay).code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('logout revokes the session: its access and refresh tokens stop working', async () => {
    const tokens = await login(lt, org.users.operator.username);
    expect((await me(tokens.accessToken)).statusCode).toBe(200);
    const out = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(tokens.accessToken),
    });
    expect(out.statusCode).toBe(204);
    expect(problemOf(await me(tokens.accessToken)).code).toBe('SESSION_REVOKED');
    const refresh = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: tokens.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
  });

  it('refuses forged, tampered, expired and missing tokens with distinct codes', async () => {
    expect(problemOf(await lt.app.inject({ method: 'GET', url: '/api/v1/me' })).code).toBe('UNAUTHENTICATED');
    expect(problemOf(await me('not-a-jwt')).code).toBe('TOKEN_INVALID');

    const foreign = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const claims = { sid: '00000000-0000-4000-8000-000000000000', org: org.id };
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(org.users.holder.id)
      .setIssuer('liutong')
      .setAudience('liutong-api')
      .setExpirationTime('10m')
      .sign(foreign.privateKey);
    expect(problemOf(await me(forged)).code).toBe('TOKEN_INVALID');

    const [head, payload, sig] = org.users.holder.token.split('.');
    const raised = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        org: org.id,
        sub: org.users.platform_admin.id,
      }),
    ).toString('base64url');
    expect(problemOf(await me(`${head}.${raised}.${sig}`)).code).toBe('TOKEN_INVALID');

    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(problemOf(await me(none)).code).toBe('TOKEN_INVALID');

    const key = await lt.identity.repo.signingKey(() => Promise.reject(new Error('key must exist')));
    const jwk = typeof key.private_jwk === 'string' ? JSON.parse(key.private_jwk) : key.private_jwk;
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(org.users.holder.id)
      .setIssuer('liutong')
      .setAudience('liutong-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(await importJWK(jwk, 'EdDSA'));
    expect(problemOf(await me(expired)).code).toBe('TOKEN_EXPIRED');
  });

  it('a disabled user is locked out at once, including existing sessions', async () => {
    const o = await createOrgWithUsers(lt, 'disable');
    const admin = o.users.platform_admin.token;
    const target = o.users.holder;
    const res = await lt.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${target.id}`,
      headers: bearer(admin),
      payload: { status: 'disabled' },
    });
    expect(res.statusCode).toBe(200);
    expect((await me(target.token)).statusCode).toBe(401);
    const again = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: target.username, password: TEST_PASSWORD },
    });
    expect(problemOf(again).code).toBe('ACCOUNT_DISABLED');
  });
});

describe('API keys', () => {
  it('shows the key once, stores only its hash, authenticates with X-API-Key and records use', async () => {
    const o = await createOrgWithUsers(lt, 'keys');
    const created = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(o.users.merchant.token),
      payload: { name: 'ERP 对接', roles: ['merchant'] },
    });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(/^ltk_[A-Za-z0-9]{12}_/);
    const listed = await lt.app.inject({
      method: 'GET',
      url: '/api/v1/api-keys',
      headers: bearer(o.users.merchant.token),
    });
    expect(listed.body).not.toContain(key.split('_')[2]);
    const row = await lt.identity.repo.findApiKey(id);
    expect(row?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(key.split('_')[2]);

    const viaKey = await lt.app.inject({ method: 'GET', url: '/api/v1/me', headers: { 'x-api-key': key } });
    expect(viaKey.statusCode).toBe(200);
    expect(viaKey.json()).toMatchObject({ roles: ['merchant'], authenticatedBy: 'api_key' });
    await expect.poll(async () => (await lt.identity.repo.findApiKey(id))?.last_used_at).toBeTruthy();

    const revoked = await lt.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${id}`,
      headers: bearer(o.users.merchant.token),
    });
    expect(revoked.statusCode).toBe(200);
    expect(
      problemOf(await lt.app.inject({ method: 'GET', url: '/api/v1/me', headers: { 'x-api-key': key } }))
        .code,
    ).toBe('API_KEY_REVOKED');
    const twice = await lt.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${id}`,
      headers: bearer(o.users.merchant.token),
    });
    expect(problemOf(twice).code).toBe('API_KEY_ALREADY_REVOKED');
  });

  it('cannot carry roles the creator lacks, and a guessed key is refused', async () => {
    const res = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(org.users.merchant.token),
      payload: { name: 'escalate', roles: ['platform_admin'] },
    });
    expect(problemOf(res).code).toBe('API_KEY_ROLES_EXCEED_CALLER');
    const guess = await lt.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { 'x-api-key': `ltk_AAAAAAAAAAAA_${'A'.repeat(43)}` },
    });
    expect(problemOf(guess).code).toBe('API_KEY_INVALID');
  });
});

describe('login rate limit per IP', () => {
  it('answers 429 with Retry-After once an address exceeds its budget', async () => {
    const limited = await testApp({ auth: { ...testConfig().auth, loginRatePerMinute: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: '10.9.8.7',
          payload: { username: 'nobody_here', password: 'whatever-1' },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) {
          expect(problemOf(res).code).toBe('RATE_LIMITED');
          expect(res.headers['retry-after']).toBeDefined();
        }
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const other = await limited.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.9.8.8',
        payload: { username: 'nobody_here', password: 'whatever-1' },
      });
      expect(other.statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });
});
