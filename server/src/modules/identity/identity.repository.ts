// The identity module's SQL: nothing else touches the `identity` schema.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { IdentityTables, OrgKind } from './identity.tables.ts';

export type OrganizationRow = Selectable<IdentityTables['identity.organizations']>;
export type UserRow = Selectable<IdentityTables['identity.users']>;
export type MembershipRow = Selectable<IdentityTables['identity.memberships']>;
export type SessionRow = Selectable<IdentityTables['identity.sessions']>;
export type ApiKeyRow = Selectable<IdentityTables['identity.api_keys']>;

type Db = Kysely<IdentityTables> | Transaction<IdentityTables>;

export interface OrganizationFilter {
  ids?: string[];
  kind?: OrgKind;
  regionPrefix?: string;
  q?: string;
  limit: number;
  offset: number;
}

export interface UserFilter {
  orgIds?: string[];
  q?: string;
  limit: number;
  offset: number;
}

const like = (text: string) => `%${text.replace(/[%_\\]/g, '\\$&')}%`;

export class IdentityRepository {
  readonly #db: Kysely<IdentityTables>;

  constructor(db: Kysely<any>) {
    this.#db = db as Kysely<IdentityTables>;
  }

  transaction<T>(work: (tx: Transaction<IdentityTables>) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute(work);
  }

  /** Serializes seeding and bootstrap across processes sharing one database. */
  async lockForSetup(tx: Db): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext('liutong.identity.setup'))`.execute(tx);
  }

  // Organizations

  insertOrganization(tx: Db, row: Omit<OrganizationRow, 'created_at' | 'updated_at'>) {
    return tx.insertInto('identity.organizations').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateOrganization(tx: Db, id: string, patch: Partial<Omit<OrganizationRow, 'id' | 'created_at'>>) {
    return tx
      .updateTable('identity.organizations')
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  findOrganization(id: string, tx: Db = this.#db) {
    return tx.selectFrom('identity.organizations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Names and credit codes of several organizations in one query. */
  organizationCards(ids: readonly string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.#db
      .selectFrom('identity.organizations')
      .select(['id', 'name', 'credit_code'])
      .where('id', 'in', ids)
      .execute();
  }

  async listOrganizations(f: OrganizationFilter): Promise<{ rows: OrganizationRow[]; total: number }> {
    let q = this.#db.selectFrom('identity.organizations');
    if (f.ids) q = f.ids.length ? q.where('id', 'in', f.ids) : q.where(sql<boolean>`false`);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.regionPrefix) q = q.where('region_code', 'like', `${f.regionPrefix}%`);
    if (f.q) q = q.where((eb) => eb.or([eb('name', 'ilike', like(f.q!)), eb('credit_code', '=', f.q!)]));
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { rows, total: Number(total.n) };
  }

  async countOrganizations(tx: Db = this.#db): Promise<number> {
    const r = await tx
      .selectFrom('identity.organizations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  // Users

  insertUser(tx: Db, row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'email' | 'password_hash'>) {
    return tx.insertInto('identity.users').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findUserByUsername(username: string, tx: Db = this.#db) {
    return tx.selectFrom('identity.users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  findUser(id: string, tx: Db = this.#db) {
    return tx.selectFrom('identity.users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  updateUser(tx: Db, id: string, patch: Partial<Omit<UserRow, 'id' | 'created_at'>>) {
    return tx
      .updateTable('identity.users')
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Counts a failed login and locks the account once the count reaches the limit, atomically. */
  recordFailedLogin(id: string, maxFailures: number, lockSeconds: number) {
    return this.#db
      .updateTable('identity.users')
      .set((eb) => ({
        failed_logins: sql<number>`case when ${eb.ref('failed_logins')} + 1 >= ${maxFailures} then 0 else ${eb.ref('failed_logins')} + 1 end`,
        locked_until: sql<Date | null>`case when ${eb.ref('failed_logins')} + 1 >= ${maxFailures}
          then now() + make_interval(secs => ${lockSeconds}) else ${eb.ref('locked_until')} end`,
      }))
      .where('id', '=', id)
      .returning(['failed_logins', 'locked_until'])
      .executeTakeFirst();
  }

  async listUsers(f: UserFilter): Promise<{ rows: UserRow[]; total: number }> {
    let q = this.#db.selectFrom('identity.users');
    if (f.orgIds) {
      const orgIds = f.orgIds;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('identity.memberships as m')
            .select('m.id')
            .whereRef('m.user_id', '=', 'identity.users.id')
            .where('m.org_id', 'in', orgIds.length ? orgIds : ['00000000-0000-0000-0000-000000000000']),
        ),
      );
    }
    if (f.q)
      q = q.where((eb) =>
        eb.or([eb('username', 'ilike', like(f.q!)), eb('display_name', 'ilike', like(f.q!))]),
      );
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { rows, total: Number(total.n) };
  }

  async countPlatformAdmins(tx: Db): Promise<number> {
    const r = await tx
      .selectFrom('identity.memberships')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(sql<boolean>`'platform_admin' = any(roles)`)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  // Memberships

  upsertMembership(tx: Db, row: Pick<MembershipRow, 'id' | 'user_id' | 'org_id' | 'roles'>) {
    return tx
      .insertInto('identity.memberships')
      .values(row)
      .onConflict((oc) => oc.columns(['user_id', 'org_id']).doUpdateSet({ roles: row.roles }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  deleteMembership(tx: Db, id: string) {
    return tx.deleteFrom('identity.memberships').where('id', '=', id).returningAll().executeTakeFirst();
  }

  findMembership(id: string, tx: Db = this.#db) {
    return tx.selectFrom('identity.memberships').selectAll().where('id', '=', id).executeTakeFirst();
  }

  membershipsOfUsers(userIds: string[]) {
    if (!userIds.length) return Promise.resolve([]);
    return this.#db
      .selectFrom('identity.memberships')
      .selectAll()
      .where('user_id', 'in', userIds)
      .orderBy('created_at')
      .execute();
  }

  membershipsOfOrg(orgId: string) {
    return this.#db
      .selectFrom('identity.memberships')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .execute();
  }

  // Sessions

  insertSession(
    tx: Db,
    row: Pick<SessionRow, 'id' | 'user_id' | 'org_id' | 'refresh_hash' | 'expires_at' | 'ip' | 'user_agent'>,
  ) {
    return tx.insertInto('identity.sessions').values(row).execute();
  }

  findSession(id: string) {
    return this.#db.selectFrom('identity.sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findSessionByRefreshHash(tx: Db, hash: string) {
    return tx
      .selectFrom('identity.sessions')
      .selectAll()
      .where('refresh_hash', '=', hash)
      .forUpdate()
      .executeTakeFirst();
  }

  rotateRefresh(tx: Db, id: string, newHash: string, expiresAt: Date) {
    return tx
      .updateTable('identity.sessions')
      .set({ refresh_hash: newHash, refreshed_at: sql<Date>`now()`, expires_at: expiresAt })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  revokeSession(tx: Db, id: string) {
    return tx
      .updateTable('identity.sessions')
      .set({ revoked_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returning(['id'])
      .executeTakeFirst();
  }

  revokeSessionsOfUser(tx: Db, userId: string) {
    return tx
      .updateTable('identity.sessions')
      .set({ revoked_at: sql<Date>`now()` })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning(['id'])
      .execute();
  }

  // API keys

  insertApiKey(
    tx: Db,
    row: Pick<
      ApiKeyRow,
      'id' | 'prefix' | 'secret_hash' | 'name' | 'org_id' | 'roles' | 'created_by' | 'expires_at'
    >,
  ) {
    return tx.insertInto('identity.api_keys').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findApiKeyByPrefix(prefix: string) {
    return this.#db
      .selectFrom('identity.api_keys')
      .selectAll()
      .where('prefix', '=', prefix)
      .executeTakeFirst();
  }

  findApiKey(id: string, tx: Db = this.#db) {
    return tx.selectFrom('identity.api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listApiKeys(orgIds: string[] | undefined) {
    let q = this.#db.selectFrom('identity.api_keys').selectAll();
    if (orgIds) q = orgIds.length ? q.where('org_id', 'in', orgIds) : q.where(sql<boolean>`false`);
    return q.orderBy('created_at', 'desc').limit(500).execute();
  }

  revokeApiKey(tx: Db, id: string) {
    return tx
      .updateTable('identity.api_keys')
      .set({ revoked_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  touchApiKey(id: string) {
    return this.#db
      .updateTable('identity.api_keys')
      .set({ last_used_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  // Token signing key, shared by every process on the database.

  async signingKey(create: () => Promise<{ privateJwk: unknown; publicJwk: unknown }>) {
    const existing = await this.#db
      .selectFrom('identity.signing_keys')
      .selectAll()
      .where('id', '=', 'access-token')
      .executeTakeFirst();
    if (existing) return existing;
    const fresh = await create();
    await this.#db
      .insertInto('identity.signing_keys')
      .values({
        id: 'access-token',
        private_jwk: JSON.stringify(fresh.privateJwk),
        public_jwk: JSON.stringify(fresh.publicJwk),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return this.#db
      .selectFrom('identity.signing_keys')
      .selectAll()
      .where('id', '=', 'access-token')
      .executeTakeFirstOrThrow();
  }
}
