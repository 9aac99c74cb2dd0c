// Public surface of the identity module (身份与访问): organizations, users, roles, sessions and API keys.
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import { createAuthService } from './auth.service.ts';
import { IdentityRepository } from './identity.repository.ts';
import { createIdentityService } from './identity.service.ts';

export { identityMigrations, ORG_KINDS, type OrgKind } from './identity.tables.ts';
export { identityRoutes } from './identity.routes.ts';
export { hashPassword, type AuthService, type TokenPair } from './auth.service.ts';
export type { IdentityService, Organization, User, Membership, ApiKey } from './identity.service.ts';
export { seedIdentity, type SeedOrganization, type SeedUser } from './identity.seed.ts';

export function createIdentityModule(db: Kysely<any>, config: Config) {
  const repo = new IdentityRepository(db);
  const auth = createAuthService(repo, config.auth);
  const identity = createIdentityService(repo, auth, config.auth.cacheSeconds);
  /** Name and credit code of an organization, for modules that print them (certificates). */
  const orgCard = async (id: string, tx?: Kysely<any>) => {
    const org = await repo.findOrganization(id, tx);
    return org && { id: org.id, name: org.name, creditCode: org.credit_code };
  };
  /** Cards of several organizations, by id, in one query (lists print many). */
  const orgCards = async (ids: readonly string[]) =>
    new Map(
      (await repo.organizationCards([...new Set(ids)])).map((o) => [
        o.id,
        { id: o.id, name: o.name, creditCode: o.credit_code },
      ]),
    );
  return { repo, auth, identity, orgCard, orgCards };
}
export type IdentityModule = ReturnType<typeof createIdentityModule>;
