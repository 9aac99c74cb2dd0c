// Who is calling and from where: passed as the first argument of every service use case.

/** 角色: the roles a membership can hold. */
export const ROLES = [
  'platform_admin',
  'authority',
  'holder',
  'operator',
  'merchant',
  'service_provider',
  'regulator',
  'individual',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose holders may read records of every organization, not only their own. */
export const CROSS_ORG_READ_ROLES: readonly Role[] = ['platform_admin', 'authority', 'regulator'];

export interface Principal {
  kind: 'user' | 'api_key';
  userId: string;
  username: string;
  orgId: string;
  roles: readonly Role[];
  sessionId?: string;
  apiKeyId?: string;
}

export interface RequestContext {
  principal: Principal | undefined;
  requestId: string;
  ip: string;
  userAgent: string | undefined;
}

export const hasRole = (ctx: RequestContext, ...roles: Role[]): boolean =>
  !!ctx.principal && ctx.principal.roles.some((r) => roles.includes(r));

/** True when the caller may see records of organizations other than their own. */
export const readsAcrossOrgs = (ctx: RequestContext): boolean => hasRole(ctx, ...CROSS_ORG_READ_ROLES);

/** A context for work the platform does on its own behalf (start-up, seeding, jobs). */
export function systemContext(requestId = 'system'): RequestContext {
  return { principal: undefined, requestId, ip: '127.0.0.1', userAgent: 'liutong' };
}
