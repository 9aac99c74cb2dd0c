// Secrets never reach the logs, even at the most verbose level and on errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Liutong } from '../server/src/app.ts';
import {
  bearer,
  createOrgWithUsers,
  sharedDatabase,
  testConfig,
  TEST_PASSWORD,
  type TestOrg,
} from '../server/src/testing/index.ts';

const lines: string[] = [];
let lt: Liutong;
let org: TestOrg;

beforeAll(async () => {
  lt = await buildApp(testConfig({ logLevel: 'trace' }), {
    database: await sharedDatabase(),
    logStream: { write: (line) => void lines.push(line) },
  });
  org = await createOrgWithUsers(lt, 'secrets');
});
afterAll(() => lt.close());

describe('logs', () => {
  it('hold no password, token or API key', async () => {
    const login = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: org.users.merchant.username, password: TEST_PASSWORD },
    });
    const { accessToken, refreshToken } = login.json();
    await lt.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: org.users.merchant.username, password: 'wrong-secret-pass' },
    });
    await lt.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
    const key = (
      await lt.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: bearer(accessToken),
        payload: { name: 'log test', roles: ['merchant'] },
      })
    ).json().key as string;
    await lt.app.inject({ method: 'GET', url: '/api/v1/me', headers: { 'x-api-key': key } });
    await lt.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${accessToken}x` },
    });
    await lt.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: bearer(accessToken),
      payload: { currentPassword: 'wrong-secret-pass', newPassword: 'another-secret-pass' },
    });

    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(10); // the requests were logged, at trace level
    for (const secret of [
      TEST_PASSWORD,
      'wrong-secret-pass',
      'another-secret-pass',
      accessToken,
      refreshToken,
      key,
      key.split('_')[2]!,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
