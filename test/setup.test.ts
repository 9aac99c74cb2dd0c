// Start-up on an empty database: the demo, the generated demo password, and the bootstrap administrator.
import { describe, expect, it } from 'vitest';
import { buildApp } from '../server/src/app.ts';
import { DEMO_ORGANIZATIONS, DEMO_USERNAMES } from '../server/src/demo/demo.ts';
import { isValidRegionCode } from '../server/src/platform/codes/region.ts';
import { isValidUscc } from '../server/src/platform/codes/uscc.ts';
import { verifyCertificate } from '../server/src/modules/rights/index.ts';
import { prepareDatabase } from '../server/src/setup.ts';
import { freshDatabase, login, testConfig } from '../server/src/testing/index.ts';

describe('demo data', () => {
  it('has valid credit codes and region codes, one organization per participant kind', () => {
    for (const o of DEMO_ORGANIZATIONS) {
      expect(isValidUscc(o.creditCode!), o.name).toBe(true);
      expect(isValidRegionCode(o.regionCode), o.name).toBe(true);
    }
    expect(new Set(DEMO_ORGANIZATIONS.map((o) => o.kind))).toEqual(
      new Set(['government_department', 'enterprise', 'service_provider']),
    );
    expect(DEMO_USERNAMES).toEqual(
      expect.arrayContaining([
        'admin',
        'authority',
        'holder',
        'operator',
        'merchant',
        'provider',
        'regulator',
      ]),
    );
  });

  it('seeds an empty database once, with a generated password that works, and never twice', async () => {
    const database = await freshDatabase();
    try {
      const config = testConfig({
        demo: true,
        bootstrapAdmin: { username: 'root', password: 'bootstrap-pass' },
      });
      const lt = await buildApp(config, { database });
      const report = await prepareDatabase(config, lt.identity, lt);
      expect(report.demoSeeded).toBe(true);
      expect(report.generatedDemoPassword).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
      // The demo has a platform administrator already, so the bootstrap one is not added.
      expect(report.bootstrapAdminCreated).toBe(false);
      for (const username of [
        'admin',
        'authority',
        'holder',
        'operator',
        'merchant',
        'provider',
        'regulator',
      ]) {
        const tokens = await login(lt, username, report.generatedDemoPassword);
        expect(tokens.accessToken).toBeTruthy();
      }
      const me = await lt.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: {
          authorization: `Bearer ${(await login(lt, 'regulator', report.generatedDemoPassword)).accessToken}`,
        },
      });
      expect(me.json().organization.name).toBe('中共呼和浩特市委网络安全和信息化委员会办公室');
      // The demo's rights: three certificates that verify, one application under review, one in public notice.
      await lt.ledger.service.integrate();
      const certs = await lt.rights.repo.listCertificates({ limit: 10, offset: 0 });
      expect(certs.rows.map((c) => [c.right_type, c.status])).toEqual(
        expect.arrayContaining([
          ['holding', 'valid'],
          ['holding', 'valid'],
          ['processing', 'valid'],
        ]),
      );
      for (const c of certs.rows)
        expect(verifyCertificate(await lt.rights.service.certificate(c.number)).valid).toBe(true);
      expect((await lt.rights.service.notices({ limit: 10, offset: 0 })).total).toBe(1);
      expect(
        (await lt.rights.repo.listApplications({ status: 'under_review', limit: 10, offset: 0 })).total,
      ).toBe(1);
      // The demo's catalog: registered resources whose data went through the real ingestion, PUMS under `pums`.
      const catalog = await lt.catalog.service.search({ limit: 50, offset: 0 });
      expect(catalog.items.map((r) => r.title)).toEqual(
        expect.arrayContaining([
          '呼和浩特市市场主体登记信息',
          '职工社会保险缴费明细',
          '公交线路分时客流量',
          '人口微观数据样本（PUMS）',
        ]),
      );
      const admin = await login(lt, 'regulator', report.generatedDemoPassword);
      const pums = await lt.app.inject({
        method: 'GET',
        url: '/api/v1/datasets/pums',
        headers: { authorization: `Bearer ${admin.accessToken}` },
      });
      expect(pums.json()).toMatchObject({ slug: 'pums', rows: 1000, latestVersion: 1 });
      const social = await lt.app.inject({
        method: 'GET',
        url: '/api/v1/datasets/social-insurance',
        headers: { authorization: `Bearer ${admin.accessToken}` },
      });
      const columns = social.json().versions[0].classification.columns;
      expect(columns.find((c: { name: string }) => c.name === '公民身份号码').types[0].type).toBe(
        'cn_resident_id',
      );
      expect(social.json().grade).toBe('general_4');
      expect(catalog.items.every((r) => r.qualityScore !== null)).toBe(true);
      const again = await prepareDatabase(config, lt.identity, lt);
      expect(again).toEqual({ demoSeeded: false, bootstrapAdminCreated: false });
      expect((await lt.identity.repo.listOrganizations({ limit: 100, offset: 0 })).total).toBe(
        DEMO_ORGANIZATIONS.length,
      );
      const seededEvents = await database.kysely.selectFrom('platform.outbox').select('topic').execute();
      const identityEvents = seededEvents.filter((e) => e.topic.startsWith('identity.'));
      expect(identityEvents.length).toBe(DEMO_ORGANIZATIONS.length + DEMO_USERNAMES.length + 9);
      expect(seededEvents.filter((e) => e.topic === 'rights.certificate.issued')).toHaveLength(3);
      await lt.close();
    } finally {
      await database.close();
    }
  });

  it('creates the bootstrap administrator in an empty database without the demo', async () => {
    const database = await freshDatabase();
    try {
      const config = testConfig({
        demo: false,
        bootstrapAdmin: { username: 'root', password: 'bootstrap-pass' },
      });
      const lt = await buildApp(config, { database });
      expect(await prepareDatabase(config, lt.identity)).toEqual({
        demoSeeded: false,
        bootstrapAdminCreated: true,
      });
      const tokens = await login(lt, 'root', 'bootstrap-pass');
      const me = (
        await lt.app.inject({
          method: 'GET',
          url: '/api/v1/me',
          headers: { authorization: `Bearer ${tokens.accessToken}` },
        })
      ).json();
      expect(me.roles).toEqual(['platform_admin']);
      expect(me.organization.regionCode).toBe('150100');
      expect((await prepareDatabase(config, lt.identity)).bootstrapAdminCreated).toBe(false);
      await lt.close();
    } finally {
      await database.close();
    }
  });
});
