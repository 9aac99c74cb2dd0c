// Tables of the identity module (schema `identity`) and their migrations.
import { sql, type Generated, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** 主体类型: the kinds of organization that take part in data circulation. */
export const ORG_KINDS = [
  'government_department',
  'public_institution',
  'enterprise',
  'service_provider',
  'individual',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export interface IdentityTables {
  'identity.organizations': {
    id: string;
    name: string;
    kind: OrgKind;
    credit_code: string | null;
    region_code: string;
    contact_name: string | null;
    contact_phone: string | null;
    status: Generated<'active' | 'suspended'>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'identity.users': {
    id: string;
    username: string;
    display_name: string;
    email: string | null;
    password_hash: string;
    status: Generated<'active' | 'disabled'>;
    failed_logins: Generated<number>;
    locked_until: Date | null;
    last_login_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'identity.memberships': {
    id: string;
    user_id: string;
    org_id: string;
    roles: string[];
    created_at: Generated<Date>;
  };
  'identity.sessions': {
    id: string;
    user_id: string;
    org_id: string;
    refresh_hash: string;
    created_at: Generated<Date>;
    expires_at: Date;
    refreshed_at: Date | null;
    revoked_at: Date | null;
    ip: string | null;
    user_agent: string | null;
  };
  'identity.api_keys': {
    id: string;
    prefix: string;
    secret_hash: string;
    name: string;
    org_id: string;
    roles: string[];
    created_by: string;
    created_at: Generated<Date>;
    expires_at: Date | null;
    last_used_at: Date | null;
    revoked_at: Date | null;
  };
  'identity.signing_keys': {
    id: string;
    private_jwk: unknown;
    public_jwk: unknown;
    created_at: Generated<Date>;
  };
}

export const identityMigrations: Record<string, Migration> = {
  '20261122T0110_identity_init': {
    async up(db: Kysely<any>) {
      await db.schema.createSchema('identity').ifNotExists().execute();
      const s = db.schema.withSchema('identity');
      await s
        .createTable('organizations')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('credit_code', 'text', (c) => c.unique())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('contact_name', 'text')
        .addColumn('contact_phone', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s
        .createTable('users')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'timestamptz')
        .addColumn('last_login_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s
        .createTable('memberships')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('user_id', 'uuid', (c) => c.notNull().references('identity.users.id').onDelete('cascade'))
        .addColumn('org_id', 'uuid', (c) =>
          c.notNull().references('identity.organizations.id').onDelete('cascade'),
        )
        .addColumn('roles', sql`text[]`, (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('memberships_user_org', ['user_id', 'org_id'])
        .execute();
      await s
        .createTable('sessions')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('user_id', 'uuid', (c) => c.notNull().references('identity.users.id').onDelete('cascade'))
        .addColumn('org_id', 'uuid', (c) => c.notNull())
        .addColumn('refresh_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addColumn('refreshed_at', 'timestamptz')
        .addColumn('revoked_at', 'timestamptz')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await s
        .createTable('api_keys')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('prefix', 'text', (c) => c.notNull().unique())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('org_id', 'uuid', (c) => c.notNull().references('identity.organizations.id'))
        .addColumn('roles', sql`text[]`, (c) => c.notNull())
        .addColumn('created_by', 'uuid', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('expires_at', 'timestamptz')
        .addColumn('last_used_at', 'timestamptz')
        .addColumn('revoked_at', 'timestamptz')
        .execute();
      await s
        .createTable('signing_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('private_jwk', 'jsonb', (c) => c.notNull())
        .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
};
