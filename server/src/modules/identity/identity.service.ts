// Use cases for organizations, users, memberships and API keys; every one is scoped to the caller.
import { randomUUID } from 'node:crypto';
import { recordChange } from '../../platform/audit.ts';
import { usccProblem } from '../../platform/codes/uscc.ts';
import { findRegion, isValidRegionCode } from '../../platform/codes/region.ts';
import { readsAcrossOrgs, type RequestContext, type Role } from '../../platform/context.ts';
import { uniqueViolation } from '../../platform/db.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { hashPassword, type AuthService } from './auth.service.ts';
import type {
  ApiKeyRow,
  IdentityRepository,
  MembershipRow,
  OrganizationRow,
  UserRow,
} from './identity.repository.ts';
import type { OrgKind } from './identity.tables.ts';

export interface Organization {
  id: string;
  name: string;
  kind: OrgKind;
  creditCode: string | null;
  regionCode: string;
  regionName: string | null;
  contactName: string | null;
  contactPhone: string | null;
  status: 'active' | 'suspended';
  createdAt: string;
  updatedAt: string;
}

export interface Membership {
  id: string;
  userId: string;
  orgId: string;
  roles: Role[];
  createdAt: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  status: 'active' | 'disabled';
  locked: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  memberships: Membership[];
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  orgId: string;
  roles: Role[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const toOrganization = (r: OrganizationRow): Organization => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  creditCode: r.credit_code,
  regionCode: r.region_code,
  regionName: findRegion(r.region_code)?.name ?? null,
  contactName: r.contact_name,
  contactPhone: r.contact_phone,
  status: r.status,
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
});

const toMembership = (m: MembershipRow): Membership => ({
  id: m.id,
  userId: m.user_id,
  orgId: m.org_id,
  roles: m.roles as Role[],
  createdAt: iso(m.created_at)!,
});

const toUser = (u: UserRow, memberships: MembershipRow[]): User => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  email: u.email,
  status: u.status,
  locked: !!u.locked_until && u.locked_until.getTime() > Date.now(),
  lastLoginAt: iso(u.last_login_at),
  createdAt: iso(u.created_at)!,
  memberships: memberships.filter((m) => m.user_id === u.id).map(toMembership),
});

const toApiKey = (k: ApiKeyRow): ApiKey => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  orgId: k.org_id,
  roles: k.roles as Role[],
  createdBy: k.created_by,
  createdAt: iso(k.created_at)!,
  expiresAt: iso(k.expires_at),
  lastUsedAt: iso(k.last_used_at),
  revokedAt: iso(k.revoked_at),
});

export interface OrganizationInput {
  name: string;
  kind: OrgKind;
  creditCode?: string | undefined;
  regionCode: string;
  contactName?: string | undefined;
  contactPhone?: string | undefined;
}

const USCC_MESSAGES = {
  length: 'must be 18 characters',
  alphabet: 'may contain only digits and the capital letters of GB 32100 (no I, O, S, V, Z)',
  region: 'characters 3-8 must be a region code',
  org_code: 'the organization code (characters 9-17) fails its GB 11714 check',
  checksum: 'the check character (18th) does not match GB 32100',
} as const;

function checkOrganizationCodes(input: {
  kind?: OrgKind;
  creditCode?: string | null | undefined;
  regionCode?: string | undefined;
}) {
  if (input.creditCode) {
    const problem = usccProblem(input.creditCode);
    if (problem) {
      throw invalid(
        'ORG_CREDIT_CODE_INVALID',
        '/body/creditCode',
        `Unified social credit code ${USCC_MESSAGES[problem]}`,
      );
    }
  } else if (input.kind && input.kind !== 'individual') {
    throw invalid(
      'ORG_CREDIT_CODE_REQUIRED',
      '/body/creditCode',
      'An organization needs its unified social credit code',
    );
  }
  if (input.regionCode !== undefined && !isValidRegionCode(input.regionCode)) {
    throw invalid(
      'ORG_REGION_CODE_INVALID',
      '/body/regionCode',
      'Not a GB/T 2260 administrative division code',
    );
  }
}

function organizationConflict(error: unknown): never {
  const clash = uniqueViolation(error);
  if (clash?.constraint.includes('credit_code')) {
    throw conflict('ORG_CREDIT_CODE_TAKEN', 'Another organization has this unified social credit code');
  }
  if (clash?.constraint.includes('name'))
    throw conflict('ORG_NAME_TAKEN', 'Another organization has this name');
  throw error;
}

export type MeView = {
  user: User;
  organization: Organization;
  roles: Role[];
  authenticatedBy: 'user' | 'api_key';
};

export function createIdentityService(repo: IdentityRepository, auth: AuthService, cacheSeconds = 0) {
  // `/me` is read on every page of the console and by every client at start: it is served from the same
  // short-lived cache as the principal it describes, and dropped with it on any identity change here.
  const meCache = new Map<string, { view: MeView; until: number }>();
  const forget = () => {
    auth.forgetAll();
    meCache.clear();
  };

  /** The organizations whose records the caller may see; undefined means all. */
  const visibleOrgs = (ctx: RequestContext): string[] | undefined =>
    readsAcrossOrgs(ctx) ? undefined : [ctx.principal!.orgId];

  const canSeeOrg = (ctx: RequestContext, orgId: string) => {
    const visible = visibleOrgs(ctx);
    return !visible || visible.includes(orgId);
  };

  async function userWithMemberships(id: string): Promise<User | undefined> {
    const user = await repo.findUser(id);
    return user && toUser(user, await repo.membershipsOfUsers([id]));
  }

  async function requireVisibleUser(ctx: RequestContext, id: string): Promise<User> {
    const user = await userWithMemberships(id);
    const visible = visibleOrgs(ctx);
    if (
      !user ||
      (visible &&
        user.id !== ctx.principal!.userId &&
        !user.memberships.some((m) => visible.includes(m.orgId)))
    ) {
      throw notFound('The user', 'USER_NOT_FOUND');
    }
    return user;
  }

  async function requireOrganization(id: string) {
    const org = await repo.findOrganization(id);
    if (!org) throw notFound('The organization', 'ORG_NOT_FOUND');
    return org;
  }

  return {
    async createOrganization(ctx: RequestContext, input: OrganizationInput): Promise<Organization> {
      checkOrganizationCodes(input);
      const id = randomUUID();
      try {
        const row = await repo.transaction(async (tx) => {
          const created = await repo.insertOrganization(tx, {
            id,
            name: input.name,
            kind: input.kind,
            credit_code: input.creditCode ?? null,
            region_code: input.regionCode,
            contact_name: input.contactName ?? null,
            contact_phone: input.contactPhone ?? null,
            status: 'active',
          });
          await recordChange(tx, ctx, {
            action: 'identity.organization.created',
            targetType: 'organization',
            targetId: id,
            details: {
              name: input.name,
              kind: input.kind,
              creditCode: input.creditCode ?? null,
              regionCode: input.regionCode,
            },
          });
          return created;
        });
        return toOrganization(row);
      } catch (error) {
        organizationConflict(error);
      }
    },

    async updateOrganization(
      ctx: RequestContext,
      id: string,
      patch: Partial<OrganizationInput> & { status?: 'active' | 'suspended' | undefined },
    ): Promise<Organization> {
      const current = await requireOrganization(id);
      checkOrganizationCodes({
        kind: patch.kind ?? current.kind,
        creditCode: patch.creditCode === undefined ? current.credit_code : patch.creditCode,
        regionCode: patch.regionCode,
      });
      try {
        const row = await repo.transaction(async (tx) => {
          const updated = await repo.updateOrganization(tx, id, {
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.kind !== undefined && { kind: patch.kind }),
            ...(patch.creditCode !== undefined && { credit_code: patch.creditCode }),
            ...(patch.regionCode !== undefined && { region_code: patch.regionCode }),
            ...(patch.contactName !== undefined && { contact_name: patch.contactName }),
            ...(patch.contactPhone !== undefined && { contact_phone: patch.contactPhone }),
            ...(patch.status !== undefined && { status: patch.status }),
          });
          if (!updated) throw notFound('The organization', 'ORG_NOT_FOUND');
          await recordChange(tx, ctx, {
            action:
              patch.status && patch.status !== current.status
                ? `identity.organization.${patch.status}`
                : 'identity.organization.updated',
            targetType: 'organization',
            targetId: id,
            details: { changed: Object.keys(patch) },
          });
          return updated;
        });
        if (patch.status) forget();
        return toOrganization(row);
      } catch (error) {
        organizationConflict(error);
      }
    },

    async getOrganization(ctx: RequestContext, id: string): Promise<Organization> {
      if (!canSeeOrg(ctx, id)) throw notFound('The organization', 'ORG_NOT_FOUND');
      return toOrganization(await requireOrganization(id));
    },

    async listOrganizations(
      ctx: RequestContext,
      f: {
        kind?: OrgKind | undefined;
        regionCode?: string | undefined;
        q?: string | undefined;
        limit: number;
        offset: number;
      },
    ): Promise<Page<Organization>> {
      const visible = visibleOrgs(ctx);
      const { rows, total } = await repo.listOrganizations({
        ...(visible && { ids: visible }),
        ...(f.kind && { kind: f.kind }),
        ...(f.regionCode && { regionPrefix: f.regionCode.replace(/(00)+$/, '') }),
        ...(f.q && { q: f.q }),
        limit: f.limit,
        offset: f.offset,
      });
      return { items: rows.map(toOrganization), total, limit: f.limit, offset: f.offset };
    },

    async createUser(
      ctx: RequestContext,
      input: {
        username: string;
        displayName: string;
        email?: string | undefined;
        password: string;
        orgId: string;
        roles: Role[];
      },
    ): Promise<User> {
      await requireOrganization(input.orgId);
      const passwordHash = await hashPassword(input.password);
      const id = randomUUID();
      try {
        await repo.transaction(async (tx) => {
          await repo.insertUser(tx, {
            id,
            username: input.username,
            display_name: input.displayName,
            email: input.email ?? null,
            password_hash: passwordHash,
          });
          await repo.upsertMembership(tx, {
            id: randomUUID(),
            user_id: id,
            org_id: input.orgId,
            roles: [...new Set(input.roles)],
          });
          await recordChange(tx, ctx, {
            action: 'identity.user.created',
            targetType: 'user',
            targetId: id,
            details: { username: input.username, orgId: input.orgId, roles: input.roles },
          });
        });
      } catch (error) {
        if (uniqueViolation(error)) throw conflict('USERNAME_TAKEN', 'This username is already taken');
        throw error;
      }
      return (await userWithMemberships(id))!;
    },

    async updateUser(
      ctx: RequestContext,
      id: string,
      patch: {
        displayName?: string | undefined;
        email?: string | null | undefined;
        status?: 'active' | 'disabled' | undefined;
        password?: string | undefined;
      },
    ): Promise<User> {
      await requireVisibleUser(ctx, id);
      const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
      await repo.transaction(async (tx) => {
        await repo.updateUser(tx, id, {
          ...(patch.displayName !== undefined && { display_name: patch.displayName }),
          ...(patch.email !== undefined && { email: patch.email }),
          ...(patch.status !== undefined && { status: patch.status }),
          ...(passwordHash && { password_hash: passwordHash, failed_logins: 0, locked_until: null }),
        });
        if (patch.status === 'disabled' || passwordHash) await repo.revokeSessionsOfUser(tx, id);
        await recordChange(tx, ctx, {
          action: patch.status === 'disabled' ? 'identity.user.disabled' : 'identity.user.updated',
          targetType: 'user',
          targetId: id,
          details: {
            changed: Object.keys(patch).filter((k) => k !== 'password'),
            passwordReset: !!passwordHash,
          },
        });
      });
      forget();
      return (await userWithMemberships(id))!;
    },

    async changeOwnPassword(
      ctx: RequestContext,
      input: { currentPassword: string; newPassword: string },
    ): Promise<void> {
      if (ctx.principal!.kind !== 'user') {
        throw forbidden(
          'Change a password while logged in as the user, not with an API key',
          'SESSION_REQUIRED',
        );
      }
      const user = await repo.findUser(ctx.principal!.userId);
      if (!user || !(await auth.verifyPassword(user.password_hash, input.currentPassword))) {
        throw new AppError('forbidden', 'AUTH_INVALID_CREDENTIALS', 'The current password is incorrect');
      }
      const passwordHash = await hashPassword(input.newPassword);
      await repo.transaction(async (tx) => {
        await repo.updateUser(tx, user.id, { password_hash: passwordHash });
        await recordChange(tx, ctx, {
          action: 'identity.user.password_changed',
          targetType: 'user',
          targetId: user.id,
        });
      });
    },

    getUser: requireVisibleUser,

    async listUsers(
      ctx: RequestContext,
      f: { orgId?: string | undefined; q?: string | undefined; limit: number; offset: number },
    ): Promise<Page<User>> {
      const visible = visibleOrgs(ctx);
      if (f.orgId && visible && !visible.includes(f.orgId))
        throw notFound('The organization', 'ORG_NOT_FOUND');
      const orgIds = f.orgId ? [f.orgId] : visible;
      const { rows, total } = await repo.listUsers({
        ...(orgIds && { orgIds }),
        ...(f.q && { q: f.q }),
        limit: f.limit,
        offset: f.offset,
      });
      const memberships = await repo.membershipsOfUsers(rows.map((r) => r.id));
      return { items: rows.map((r) => toUser(r, memberships)), total, limit: f.limit, offset: f.offset };
    },

    async me(ctx: RequestContext): Promise<MeView> {
      const p = ctx.principal!;
      const key = `${p.sessionId ?? p.apiKeyId}:${p.roles.join(',')}`;
      const hit = meCache.get(key);
      if (hit && hit.until > Date.now()) return hit.view;
      const [user, org] = await Promise.all([userWithMemberships(p.userId), repo.findOrganization(p.orgId)]);
      if (!user || !org) throw notFound('The account', 'USER_NOT_FOUND');
      const view: MeView = {
        user,
        organization: toOrganization(org),
        roles: [...p.roles],
        authenticatedBy: p.kind,
      };
      if (cacheSeconds > 0) {
        if (meCache.size > 50_000) meCache.clear();
        meCache.set(key, { view, until: Date.now() + cacheSeconds * 1000 });
      }
      return view;
    },

    async setMembership(
      ctx: RequestContext,
      input: { userId: string; orgId: string; roles: Role[] },
    ): Promise<Membership> {
      if (!(await repo.findUser(input.userId))) throw notFound('The user', 'USER_NOT_FOUND');
      await requireOrganization(input.orgId);
      const row = await repo.transaction(async (tx) => {
        const m = await repo.upsertMembership(tx, {
          id: randomUUID(),
          user_id: input.userId,
          org_id: input.orgId,
          roles: [...new Set(input.roles)],
        });
        await recordChange(tx, ctx, {
          action: 'identity.membership.set',
          targetType: 'membership',
          targetId: m.id,
          details: { userId: input.userId, orgId: input.orgId, roles: input.roles },
        });
        return m;
      });
      forget();
      return toMembership(row);
    },

    async removeMembership(ctx: RequestContext, id: string): Promise<void> {
      await repo.transaction(async (tx) => {
        const removed = await repo.deleteMembership(tx, id);
        if (!removed) throw notFound('The membership', 'MEMBERSHIP_NOT_FOUND');
        await recordChange(tx, ctx, {
          action: 'identity.membership.removed',
          targetType: 'membership',
          targetId: id,
          details: { userId: removed.user_id, orgId: removed.org_id },
        });
      });
      forget();
    },

    async listMembers(ctx: RequestContext, orgId: string): Promise<Membership[]> {
      if (!canSeeOrg(ctx, orgId)) throw notFound('The organization', 'ORG_NOT_FOUND');
      await requireOrganization(orgId);
      return (await repo.membershipsOfOrg(orgId)).map(toMembership);
    },

    async createApiKey(
      ctx: RequestContext,
      input: { name: string; roles: Role[]; expiresInDays?: number | undefined },
    ): Promise<ApiKey & { key: string }> {
      const p = ctx.principal!;
      // A leaked key must not be able to mint further keys that outlive its revocation.
      if (p.kind !== 'user')
        throw forbidden('API keys are created by a logged-in user, not by another key', 'SESSION_REQUIRED');
      const beyond = input.roles.filter((r) => !p.roles.includes(r));
      if (beyond.length)
        throw forbidden(
          `A key cannot carry roles you do not hold: ${beyond.join(', ')}`,
          'API_KEY_ROLES_EXCEED_CALLER',
        );
      const { prefix, secretHash, key } = auth.newApiKeySecret();
      const id = randomUUID();
      const row = await repo.transaction(async (tx) => {
        const created = await repo.insertApiKey(tx, {
          id,
          prefix,
          secret_hash: secretHash,
          name: input.name,
          org_id: p.orgId,
          roles: [...new Set(input.roles)],
          created_by: p.userId,
          expires_at: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
        });
        await recordChange(tx, ctx, {
          action: 'identity.api_key.created',
          targetType: 'api_key',
          targetId: id,
          details: { name: input.name, prefix, roles: input.roles },
        });
        return created;
      });
      return { ...toApiKey(row), key };
    },

    async listApiKeys(ctx: RequestContext): Promise<ApiKey[]> {
      return (await repo.listApiKeys(visibleOrgs(ctx))).map(toApiKey);
    },

    async revokeApiKey(ctx: RequestContext, id: string): Promise<ApiKey> {
      const existing = await repo.findApiKey(id);
      // Only the owning organization (or a platform administrator) may revoke; others learn nothing.
      const mayRevoke =
        existing &&
        (existing.org_id === ctx.principal!.orgId || ctx.principal!.roles.includes('platform_admin'));
      if (!mayRevoke) throw notFound('The API key', 'API_KEY_NOT_FOUND');
      const row = await repo.transaction(async (tx) => {
        const revoked = await repo.revokeApiKey(tx, id);
        if (!revoked) throw conflict('API_KEY_ALREADY_REVOKED', 'The API key was already revoked');
        await recordChange(tx, ctx, {
          action: 'identity.api_key.revoked',
          targetType: 'api_key',
          targetId: id,
        });
        return revoked;
      });
      forget();
      return toApiKey(row);
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
