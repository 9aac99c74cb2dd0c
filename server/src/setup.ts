// Start-up work on the database: demo seeding into an empty database and the bootstrap administrator.
import type { Liutong } from './app.ts';
import type { Config } from './config.ts';
import { seedCatalogDemo } from './demo/catalog-demo.ts';
import { seedRightsDemo } from './demo/rights-demo.ts';
import { DEMO_ORGANIZATIONS, demoUsers } from './demo/demo.ts';
import { seedIdentity, type IdentityModule } from './modules/identity/index.ts';
import { systemContext } from './platform/context.ts';
import { generatePassword } from './platform/secrets.ts';

export interface SetupReport {
  demoSeeded: boolean;
  /** Set only when this run generated the password: it is shown once and never stored in clear. */
  generatedDemoPassword?: string;
  bootstrapAdminCreated: boolean;
}

/**
 * Seeds the demo and the bootstrap administrator. Given the whole application, the demo also gets rights
 * registrations and certificates.
 */
export async function prepareDatabase(
  config: Config,
  identity: IdentityModule,
  liutong?: Pick<Liutong, 'rights' | 'ledger' | 'identity' | 'database' | 'catalog' | 'enclave'>,
): Promise<SetupReport> {
  const report: SetupReport = { demoSeeded: false, bootstrapAdminCreated: false };
  const ctx = systemContext('setup');
  if (config.demo) {
    const password = config.demoPassword ?? generatePassword();
    const result = await seedIdentity(identity.repo, ctx, {
      organizations: DEMO_ORGANIZATIONS,
      users: demoUsers(password),
      when: 'no_organizations',
    });
    report.demoSeeded = result.seeded;
    if (result.seeded && liutong) {
      await seedRightsDemo(liutong, result);
      await seedCatalogDemo(liutong, result);
    }
    if (result.seeded && !config.demoPassword) report.generatedDemoPassword = password;
  }
  if (config.bootstrapAdmin) {
    const result = await seedIdentity(identity.repo, ctx, {
      organizations: [
        {
          key: 'platform',
          name: '平台运营管理 Platform administration',
          kind: 'government_department',
          creditCode: null,
          regionCode: config.platformRegion,
        },
      ],
      users: [
        {
          username: config.bootstrapAdmin.username,
          displayName: config.bootstrapAdmin.username,
          password: config.bootstrapAdmin.password,
          orgKey: 'platform',
          roles: ['platform_admin'],
        },
      ],
      when: 'no_platform_admin',
    });
    report.bootstrapAdminCreated = result.seeded;
  }
  return report;
}
