// Creates organizations and users on an empty database: the demo and the bootstrap administrator use it.
import { randomUUID } from 'node:crypto';
import { recordChange } from '../../platform/audit.ts';
import type { RequestContext, Role } from '../../platform/context.ts';
import { hashPassword } from './auth.service.ts';
import type { IdentityRepository } from './identity.repository.ts';
import type { OrgKind } from './identity.tables.ts';

export interface SeedOrganization {
  key: string;
  name: string;
  kind: OrgKind;
  creditCode: string | null;
  regionCode: string;
  contactName?: string;
  contactPhone?: string;
}

export interface SeedUser {
  username: string;
  displayName: string;
  email?: string;
  password: string;
  orgKey: string;
  roles: Role[];
}

export interface SeedResult {
  seeded: boolean;
  orgIds: Record<string, string>;
  userIds: Record<string, string>;
}

/**
 * Seeds when the precondition holds, in one transaction under an advisory lock, so that of several processes
 * starting together exactly one seeds and the others see the result.
 */
export async function seedIdentity(
  repo: IdentityRepository,
  ctx: RequestContext,
  seed: {
    organizations: SeedOrganization[];
    users: SeedUser[];
    when: 'no_organizations' | 'no_platform_admin';
  },
): Promise<SeedResult> {
  const hashes = await Promise.all(seed.users.map((u) => hashPassword(u.password)));
  return repo.transaction(async (tx) => {
    await repo.lockForSetup(tx);
    const proceed =
      seed.when === 'no_organizations'
        ? (await repo.countOrganizations(tx)) === 0
        : (await repo.countPlatformAdmins(tx)) === 0;
    const result: SeedResult = { seeded: proceed, orgIds: {}, userIds: {} };
    if (!proceed) return result;
    for (const o of seed.organizations) {
      const id = randomUUID();
      await repo.insertOrganization(tx, {
        id,
        name: o.name,
        kind: o.kind,
        credit_code: o.creditCode,
        region_code: o.regionCode,
        contact_name: o.contactName ?? null,
        contact_phone: o.contactPhone ?? null,
        status: 'active',
      });
      await recordChange(tx, ctx, {
        action: 'identity.organization.created',
        targetType: 'organization',
        targetId: id,
        details: {
          name: o.name,
          kind: o.kind,
          creditCode: o.creditCode,
          regionCode: o.regionCode,
          seeded: true,
        },
      });
      result.orgIds[o.key] = id;
    }
    for (const [i, u] of seed.users.entries()) {
      const orgId = result.orgIds[u.orgKey];
      if (!orgId) throw new Error(`seed user ${u.username} names unknown organization ${u.orgKey}`);
      const id = randomUUID();
      await repo.insertUser(tx, {
        id,
        username: u.username,
        display_name: u.displayName,
        email: u.email ?? null,
        password_hash: hashes[i]!,
      });
      await repo.upsertMembership(tx, { id: randomUUID(), user_id: id, org_id: orgId, roles: u.roles });
      await recordChange(tx, ctx, {
        action: 'identity.user.created',
        targetType: 'user',
        targetId: id,
        details: { username: u.username, orgId, roles: u.roles, seeded: true },
      });
      result.userIds[u.username] = id;
    }
    return result;
  });
}
