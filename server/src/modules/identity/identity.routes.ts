// HTTP routes of the identity module: thin handlers over the services, with their schemas.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import { IdParams, Paged, PagingQuery, RoleSchema, strict, Text, Timestamp } from '../../platform/schemas.ts';
import type { AuthService } from './auth.service.ts';
import type { IdentityService } from './identity.service.ts';
import { ORG_KINDS } from './identity.tables.ts';

const Username = Type.String({ pattern: '^[a-z][a-z0-9_.-]{2,63}$', description: 'Lower-case login name' });
const Password = Type.String({ minLength: 8, maxLength: 128 });
const OrgKindSchema = Type.Enum(ORG_KINDS);
const CreditCode = Type.String({
  pattern: '^[0-9A-Z]{18}$',
  description: 'Unified social credit code (GB 32100)',
});
const RegionCode = Type.String({
  pattern: '^\\d{6}(\\d{3})?$',
  description: 'GB/T 2260 administrative division code',
});
const Phone = Type.String({ pattern: '^[0-9+() -]{5,32}$' });

const TokenPair = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresIn: Type.Integer({ description: 'Access token lifetime in seconds' }),
  tokenType: Type.Literal('Bearer'),
});

const Organization = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  kind: OrgKindSchema,
  creditCode: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.String(),
  regionName: Type.Union([Type.String(), Type.Null()]),
  contactName: Type.Union([Type.String(), Type.Null()]),
  contactPhone: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const Membership = Type.Object({
  id: Type.String({ format: 'uuid' }),
  userId: Type.String({ format: 'uuid' }),
  orgId: Type.String({ format: 'uuid' }),
  roles: Type.Array(RoleSchema),
  createdAt: Timestamp,
});

const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  locked: Type.Boolean(),
  lastLoginAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  memberships: Type.Array(Membership),
});

const ApiKey = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String(),
  orgId: Type.String({ format: 'uuid' }),
  roles: Type.Array(RoleSchema),
  createdBy: Type.String({ format: 'uuid' }),
  createdAt: Timestamp,
  expiresAt: Type.Union([Timestamp, Type.Null()]),
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});

const ADMIN = ['platform_admin'] as const;
const ORG_ADMINS = ['platform_admin', 'authority'] as const;

export interface IdentityRoutesOptions {
  auth: AuthService;
  identity: IdentityService;
  config: Config;
}

export async function identityRoutes(
  root: FastifyInstance,
  { auth, identity, config }: IdentityRoutesOptions,
) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const loginLimit = { rateLimit: { max: config.auth.loginRatePerMinute, timeWindow: 60_000 } };

  app.post(
    '/auth/login',
    {
      config: {
        access: 'public',
        action: 'identity.session.start',
        auditFields: ['username'],
        ...loginLimit,
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with a username and password',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 128 }),
            organizationId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          strict,
        ),
        response: { 200: TokenPair },
      },
    },
    (req) => auth.login(req.ctx, req.body),
  );

  app.post(
    '/auth/refresh',
    {
      config: { access: 'public', action: 'identity.session.refresh', ...loginLimit },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token for a new token pair',
        body: Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 256 }) }, strict),
        response: { 200: TokenPair },
      },
    },
    (req) => auth.refresh(req.ctx, req.body.refreshToken),
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'authenticated', action: 'identity.session.end' },
      schema: { tags: ['auth'], summary: 'End the current session', response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await auth.logout(req.ctx);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'The caller: user, organization and roles',
        response: {
          200: Type.Object({
            user: User,
            organization: Organization,
            roles: Type.Array(RoleSchema),
            authenticatedBy: Type.Union([Type.Literal('user'), Type.Literal('api_key')]),
          }),
        },
      },
    },
    (req) => identity.me(req.ctx),
  );

  app.post(
    '/me/password',
    {
      config: { access: 'authenticated', action: 'identity.user.change_password' },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password',
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: 128 }), newPassword: Password },
          strict,
        ),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await identity.changeOwnPassword(req.ctx, req.body);
      return reply.status(204).send(null);
    },
  );

  // Organizations

  app.get(
    '/organizations',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['organizations'],
        summary: 'List organizations (your own, or all for the authority, regulators and administrators)',
        querystring: Type.Object(
          {
            ...PagingQuery,
            kind: Type.Optional(OrgKindSchema),
            regionCode: Type.Optional(RegionCode),
            q: Type.Optional(Text(1, 100)),
          },
          strict,
        ),
        response: { 200: Paged(Organization) },
      },
    },
    (req) => identity.listOrganizations(req.ctx, req.query),
  );

  app.post(
    '/organizations',
    {
      config: {
        access: ORG_ADMINS,
        action: 'identity.organization.create',
        auditFields: ['name', 'creditCode'],
      },
      schema: {
        tags: ['organizations'],
        summary: 'Register an organization',
        body: Type.Object(
          {
            name: Text(2, 100),
            kind: OrgKindSchema,
            creditCode: Type.Optional(CreditCode),
            regionCode: RegionCode,
            contactName: Type.Optional(Text(1, 50)),
            contactPhone: Type.Optional(Phone),
          },
          strict,
        ),
        response: { 201: Organization },
      },
    },
    async (req, reply) => reply.status(201).send(await identity.createOrganization(req.ctx, req.body)),
  );

  app.get(
    '/organizations/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['organizations'],
        summary: 'One organization',
        params: IdParams,
        response: { 200: Organization },
      },
    },
    (req) => identity.getOrganization(req.ctx, req.params.id),
  );

  app.patch(
    '/organizations/:id',
    {
      config: { access: ORG_ADMINS, action: 'identity.organization.update' },
      schema: {
        tags: ['organizations'],
        summary: 'Change or suspend an organization',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Text(2, 100)),
            kind: Type.Optional(OrgKindSchema),
            creditCode: Type.Optional(CreditCode),
            regionCode: Type.Optional(RegionCode),
            contactName: Type.Optional(Text(1, 50)),
            contactPhone: Type.Optional(Phone),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
          },
          { ...strict, minProperties: 1 },
        ),
        response: { 200: Organization },
      },
    },
    (req) => identity.updateOrganization(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/organizations/:id/members',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['organizations'],
        summary: 'Memberships of an organization',
        params: IdParams,
        response: { 200: Type.Array(Membership) },
      },
    },
    (req) => identity.listMembers(req.ctx, req.params.id),
  );

  // Users and memberships

  app.get(
    '/users',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['users'],
        summary: 'List users (of your organization, or all for cross-organization roles)',
        querystring: Type.Object(
          {
            ...PagingQuery,
            orgId: Type.Optional(Type.String({ format: 'uuid' })),
            q: Type.Optional(Text(1, 100)),
          },
          strict,
        ),
        response: { 200: Paged(User) },
      },
    },
    (req) => identity.listUsers(req.ctx, req.query),
  );

  app.post(
    '/users',
    {
      config: { access: ADMIN, action: 'identity.user.create', auditFields: ['username'] },
      schema: {
        tags: ['users'],
        summary: 'Create a user with a first membership',
        body: Type.Object(
          {
            username: Username,
            displayName: Text(1, 50),
            email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
            password: Password,
            orgId: Type.String({ format: 'uuid' }),
            roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 8 }),
          },
          strict,
        ),
        response: { 201: User },
      },
    },
    async (req, reply) => reply.status(201).send(await identity.createUser(req.ctx, req.body)),
  );

  app.get(
    '/users/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['users'], summary: 'One user', params: IdParams, response: { 200: User } },
    },
    (req) => identity.getUser(req.ctx, req.params.id),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: ADMIN, action: 'identity.user.update' },
      schema: {
        tags: ['users'],
        summary: 'Change, disable or reset the password of a user',
        params: IdParams,
        body: Type.Object(
          {
            displayName: Type.Optional(Text(1, 50)),
            email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
            password: Type.Optional(Password),
          },
          { ...strict, minProperties: 1 },
        ),
        response: { 200: User },
      },
    },
    (req) => identity.updateUser(req.ctx, req.params.id, req.body),
  );

  app.put(
    '/memberships',
    {
      config: { access: ADMIN, action: 'identity.membership.set' },
      schema: {
        tags: ['users'],
        summary: 'Grant a user roles in an organization (replaces the roles held there)',
        body: Type.Object(
          {
            userId: Type.String({ format: 'uuid' }),
            orgId: Type.String({ format: 'uuid' }),
            roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 8 }),
          },
          strict,
        ),
        response: { 200: Membership },
      },
    },
    (req) => identity.setMembership(req.ctx, req.body),
  );

  app.delete(
    '/memberships/:id',
    {
      config: { access: ADMIN, action: 'identity.membership.remove' },
      schema: {
        tags: ['users'],
        summary: 'Remove a membership',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await identity.removeMembership(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  // API keys

  app.get(
    '/api-keys',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['api-keys'],
        summary: 'API keys of your organization',
        response: { 200: Type.Array(ApiKey) },
      },
    },
    (req) => identity.listApiKeys(req.ctx),
  );

  app.post(
    '/api-keys',
    {
      config: { access: 'authenticated', action: 'identity.api_key.create', auditFields: ['name'] },
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key for machines; the key is shown only in this response',
        body: Type.Object(
          {
            name: Text(1, 64),
            roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 8 }),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
          },
          strict,
        ),
        response: { 201: Type.Intersect([ApiKey, Type.Object({ key: Type.String() })]) },
      },
    },
    async (req, reply) => reply.status(201).send(await identity.createApiKey(req.ctx, req.body)),
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { access: 'authenticated', action: 'identity.api_key.revoke' },
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key',
        params: IdParams,
        response: { 200: ApiKey },
      },
    },
    (req) => identity.revokeApiKey(req.ctx, req.params.id),
  );
}
