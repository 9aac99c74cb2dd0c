// Test support: one shared real database per test process (PGlite, or a fresh database on TEST_DATABASE_URL).
import { randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { ALL_MIGRATIONS, buildApp, type Liutong } from '../app.ts';
import { validateConfig, type Config } from '../config.ts';
import { completeUscc } from '../platform/codes/uscc.ts';
import { ROLES, type Role } from '../platform/context.ts';
import { migrate, openDatabase, type Database } from '../platform/db.ts';

export const TEST_PASSWORD = 'correct-horse-battery';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return validateConfig({
    host: '127.0.0.1',
    port: 0,
    dataDir: 'memory://',
    demo: false,
    platformRegion: '150100',
    logLevel: 'silent',
    auth: {
      accessTokenSeconds: 900,
      refreshTokenSeconds: 86_400,
      cacheSeconds: 0,
      maxFailedLogins: 5,
      lockoutSeconds: 900,
      loginRatePerMinute: 10_000,
    },
    bodyLimitBytes: 1024 * 1024,
    consoleDir: '/nonexistent',
    // Tests integrate the ledger explicitly, so that what they assert does not depend on a timer.
    ledger: { origin: 'liutong.test/ledger', suite: 'intl', sequencerIntervalMs: 0 },
    // No waiting for public notices in tests: a notice ends as it starts unless a test says otherwise.
    rights: { noticeSeconds: 0 },
    catalog: { noticeSeconds: 0 },
    datasets: { uploadLimitBytes: 8 * 1024 * 1024, classifySample: 10_000 },
    ...overrides,
  });
}

/** Opens an empty database: a new PGlite in memory, or a new database on the TEST_DATABASE_URL server. */
export async function freshDatabase(): Promise<Database & { url?: string }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return openDatabase({ dataDir: 'memory://' });
  const name = `liutong_t_${process.env.LIUTONG_TEST_RUN ?? 'x'}_${randomBytes(5).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: serverUrl, dataDir: 'unused', poolSize: 1 });
  await sql.raw(`create database ${name}`).execute(admin.kysely);
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' });
  return {
    ...db,
    url: url.toString(),
    async close() {
      await db.close();
      const again = await openDatabase({ databaseUrl: serverUrl, dataDir: 'unused', poolSize: 1 });
      await sql.raw(`drop database if exists ${name} with (force)`).execute(again.kysely);
      await again.close();
    },
  };
}

let shared: Promise<Database> | undefined;

/** The database shared by every test in this process; tests keep apart by creating their own records. */
export function sharedDatabase(): Promise<Database> {
  // Migrated here, not by whichever test builds an app first, so no test depends on another having run.
  shared ??= freshDatabase().then(async (db) => {
    await migrate(db.kysely, ALL_MIGRATIONS);
    return db;
  });
  return shared;
}

/** An application on the shared database. */
export async function testApp(overrides: Partial<Config> = {}): Promise<Liutong> {
  const liutong = await buildApp(testConfig(overrides), { database: await sharedDatabase() });
  await liutong.app.ready();
  return liutong;
}

const unique = () => randomBytes(4).toString('hex');

/** A valid, random unified social credit code for an enterprise in Hohhot. */
export function randomCreditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
  return completeUscc(`91150100${body}`);
}

export interface TestUser {
  id: string;
  username: string;
  roles: Role[];
  token: string;
}

export interface TestOrg {
  id: string;
  name: string;
  users: Record<Role, TestUser>;
}

export const ALL_ROLES: readonly Role[] = ROLES;

/** Creates an organization with one logged-in user per role, directly through the services. */
export async function createOrgWithUsers(liutong: Liutong, label = 'org'): Promise<TestOrg> {
  const { identity } = liutong.identity;
  const system = {
    principal: {
      kind: 'user' as const,
      userId: randomUUID(),
      username: 'test',
      orgId: randomUUID(),
      roles: ['platform_admin' as const],
    },
    requestId: `test-${unique()}`,
    ip: '127.0.0.1',
    userAgent: 'vitest',
  };
  const name = `测试${label}${unique()}`;
  const org = await identity.createOrganization(system, {
    name,
    kind: 'enterprise',
    creditCode: randomCreditCode(),
    regionCode: '150102',
  });
  const users = {} as Record<Role, TestUser>;
  for (const role of ALL_ROLES) {
    const username = `u${unique()}_${role.slice(0, 5)}`;
    const user = await identity.createUser(system, {
      username,
      displayName: `${role} user`,
      password: TEST_PASSWORD,
      orgId: org.id,
      roles: [role],
    });
    const tokens = await login(liutong, username);
    users[role] = { id: user.id, username, roles: [role], token: tokens.accessToken };
  }
  return { id: org.id, name, users };
}

export async function login(liutong: Liutong, username: string, password = TEST_PASSWORD) {
  const res = await liutong.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login of ${username} failed: ${res.body}`);
  return res.json<{ accessToken: string; refreshToken: string; expiresIn: number }>();
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function problemOf(res: LightMyRequestResponse): {
  code: string;
  status: number;
  errors?: { field: string }[];
} {
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(
      `expected problem+json, got ${res.statusCode} ${String(res.headers['content-type'])}: ${res.body}`,
    );
  }
  return res.json();
}
