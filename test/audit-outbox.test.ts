// Every state change leaves an audit record and an outbox event in the same transaction; GET /audit reads them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Liutong } from '../server/src/app.ts';
import { recordChange } from '../server/src/platform/audit.ts';
import { systemContext } from '../server/src/platform/context.ts';
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
  org = await createOrgWithUsers(lt, 'audit');
});
afterAll(() => lt.close());

const db = () => lt.database.kysely;

describe('audit and outbox', () => {
  it('a change writes who, org, what, when, from where and outcome, plus one outbox event', async () => {
    const name = `审计测试${Date.now()}`;
    const res = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { ...bearer(org.users.authority.token), 'user-agent': 'audit-test/1.0' },
      payload: { name, kind: 'public_institution', creditCode: randomCreditCode(), regionCode: '150104' },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const audit = await db()
      .selectFrom('platform.audit_log')
      .selectAll()
      .where('target_id', '=', id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'identity.organization.created',
      outcome: 'success',
      actor_kind: 'user',
      actor_user_id: org.users.authority.id,
      actor_org_id: org.id,
      ip: '127.0.0.1',
      user_agent: 'audit-test/1.0',
      request_id: res.headers['x-request-id'],
    });
    expect(audit[0]!.at).toBeInstanceOf(Date);
    const events = await db()
      .selectFrom('platform.outbox')
      .selectAll()
      .where('aggregate_id', '=', id)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      topic: 'identity.organization.created',
      aggregate_type: 'organization',
      published_at: null,
    });
  });

  it('a transaction that fails leaves neither the change, nor its audit, nor its event', async () => {
    const marker = `rollback-${Date.now()}`;
    await expect(
      db()
        .transaction()
        .execute(async (tx) => {
          await recordChange(tx, systemContext(marker), {
            action: 'test.rolled_back',
            targetType: 'test',
            targetId: marker,
          });
          throw new Error('crash between the change and the commit');
        }),
    ).rejects.toThrow('crash');
    expect(
      await db().selectFrom('platform.audit_log').selectAll().where('target_id', '=', marker).execute(),
    ).toEqual([]);
    expect(
      await db().selectFrom('platform.outbox').selectAll().where('aggregate_id', '=', marker).execute(),
    ).toEqual([]);
  });

  it('refused attempts are audited with their code and no outbox event', async () => {
    const res = await lt.app.inject({
      method: 'PATCH',
      url: `/api/v1/organizations/${org.id}`,
      headers: bearer(org.users.merchant.token),
      payload: { name: '越权修改' },
    });
    expect(problemOf(res).code).toBe('FORBIDDEN');
    const audit = await db()
      .selectFrom('platform.audit_log')
      .selectAll()
      .where('request_id', '=', String(res.headers['x-request-id']))
      .execute();
    expect(audit).toMatchObject([
      {
        outcome: 'refused',
        code: 'FORBIDDEN',
        actor_user_id: org.users.merchant.id,
        target_id: org.id,
        action: 'identity.organization.update',
      },
    ]);
    const anonymous = await lt.app.inject({ method: 'GET', url: '/api/v1/audit' });
    const anonAudit = await db()
      .selectFrom('platform.audit_log')
      .selectAll()
      .where('request_id', '=', String(anonymous.headers['x-request-id']))
      .execute();
    expect(anonAudit).toMatchObject([{ outcome: 'refused', code: 'UNAUTHENTICATED', actor_kind: 'system' }]);
  });

  it('GET /audit filters by organization, action prefix and outcome, newest first, with a cursor', async () => {
    const regulator = bearer(org.users.regulator.token);
    const all = await lt.app.inject({
      method: 'GET',
      url: `/api/v1/audit?orgId=${org.id}&action=identity.&limit=2`,
      headers: regulator,
    });
    expect(all.statusCode).toBe(200);
    const page1 = all.json();
    expect(page1.items).toHaveLength(2);
    expect(page1.total).toBeGreaterThan(2);
    expect(
      page1.items.every(
        (r: { actorOrgId: string; action: string }) =>
          r.actorOrgId === org.id && r.action.startsWith('identity.'),
      ),
    ).toBe(true);
    expect(BigInt(page1.items[0].id)).toBeGreaterThan(BigInt(page1.items[1].id));
    const page2 = (
      await lt.app.inject({
        method: 'GET',
        url: `/api/v1/audit?orgId=${org.id}&action=identity.&limit=2&before=${page1.nextBefore}`,
        headers: regulator,
      })
    ).json();
    expect(BigInt(page2.items[0].id)).toBeLessThan(BigInt(page1.items[1].id));
    const refused = (
      await lt.app.inject({
        method: 'GET',
        url: `/api/v1/audit?orgId=${org.id}&outcome=refused`,
        headers: regulator,
      })
    ).json();
    expect(refused.items.length).toBeGreaterThan(0);
    expect(refused.items.every((r: { outcome: string }) => r.outcome === 'refused')).toBe(true);
  });

  it('GET /audit/stats counts records per UTC day and outcome, empty days included', async () => {
    const res = await lt.app.inject({
      method: 'GET',
      url: '/api/v1/audit/stats?days=3',
      headers: bearer(org.users.platform_admin.token),
    });
    const days = res.json();
    expect(days).toHaveLength(3);
    expect(days[2].day).toBe(new Date().toISOString().slice(0, 10));
    expect(days[2].success).toBeGreaterThan(0);
    expect(days[2].refused).toBeGreaterThan(0);
  });

  it('never records passwords or tokens', async () => {
    const rows = await db()
      .selectFrom('platform.audit_log')
      .select('details')
      .where('actor_org_id', '=', org.id)
      .execute();
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/correct-horse|eyJhbGci|rt_|ltk_/);
  });
});
