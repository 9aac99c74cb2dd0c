// Who the demo acts as: a seeded user of a seeded organization, with one role.
import type { RequestContext, Role } from '../platform/context.ts';

export interface SeededIds {
  orgIds: Record<string, string>;
  userIds: Record<string, string>;
}

/** A builder of request contexts for the demo's users; `tag` names the part of the demo in request ids. */
export function demoActor(ids: SeededIds, tag: string) {
  return (username: string, orgKey: string, role: Role): RequestContext => ({
    principal: {
      kind: 'user',
      userId: ids.userIds[username]!,
      username,
      orgId: ids.orgIds[orgKey]!,
      roles: [role],
    },
    requestId: `demo-${tag}-${username}`,
    ip: '127.0.0.1',
    userAgent: 'liutong setup',
  });
}
