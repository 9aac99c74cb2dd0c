// The catalog module's SQL.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { CatalogTables, ResourceStatus } from './catalog.tables.ts';
import { anyTermQuery as termsQuery, facetTerms, withFacets } from './search.ts';

export type Db = Kysely<CatalogTables> | Transaction<CatalogTables>;
type Row<T extends keyof CatalogTables, Dates extends string> = Omit<CatalogTables[T], Dates> & {
  [K in Dates]: Date;
};
export type SystemRow = Row<'catalog.systems', 'created_at' | 'updated_at'>;
export type ResourceRow = Omit<Row<'catalog.resources', 'created_at' | 'updated_at'>, 'search'>;
export type RegistrationRow = Row<'catalog.registrations', 'created_at' | 'updated_at'>;
export type DemandRow = Omit<Row<'catalog.demands', 'created_at' | 'updated_at'>, 'search'>;
export type AnswerRow = Row<'catalog.demand_answers', 'created_at'>;

const RESOURCE_COLUMNS = [
  'id',
  'code',
  'org_id',
  'system_id',
  'title',
  'description',
  'region_code',
  'region_prefix',
  'domain',
  'theme',
  'fields',
  'keywords',
  'update_frequency',
  'open_level',
  'category',
  'grade',
  'source_items',
  'status',
  'quality_score',
  'registered_at',
  'created_at',
  'updated_at',
] as const;

const DEMAND_COLUMNS = [
  'id',
  'number',
  'org_id',
  'user_id',
  'title',
  'domain',
  'fields',
  'purpose',
  'region_code',
  'budget_fen',
  'status',
  'terms',
  'closed_reason',
  'created_at',
  'updated_at',
] as const;

export interface ResourceSearch {
  /** tsquery text built by `queryText`; undefined lists without ranking. */
  query?: string | undefined;
  statuses?: readonly ResourceStatus[] | undefined;
  orgIds?: readonly string[] | undefined;
  regionPrefix?: string | undefined;
  domain?: string | undefined;
  openLevel?: string | undefined;
  grade?: string | undefined;
  category?: string | undefined;
  limit: number;
  offset: number;
}

/** Converts bigint columns PostgreSQL returns as strings (and PGlite as numbers) into plain strings. */
/** Totals are counted up to this many; beyond, the answer says "at least" (counting costs a visit per match). */
export const COUNT_CAP = 1000;
/** When more than COUNT_CAP resources match, the newest this many matches are ranked; the rest follow by date. */
export const SEARCH_POOL = 200;
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** A resource answers a demand when it holds this share of the demand's terms (or one of its fields). */
export const MATCH_THRESHOLD = 0.5;

const text = (v: string | number | bigint | null | undefined) =>
  v === null || v === undefined ? null : String(v);

export class CatalogRepository {
  readonly #db: Kysely<CatalogTables>;

  constructor(db: Kysely<any>) {
    this.#db = db as Kysely<CatalogTables>;
  }

  get db(): Kysely<CatalogTables> {
    return this.#db;
  }

  transaction<T>(work: (tx: Transaction<CatalogTables>) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute(work);
  }

  async nextNumber(tx: Db, sequence: 'resource_no' | 'registration_no' | 'demand_no'): Promise<number> {
    const r = await sql<{ n: string }>`select nextval(${`catalog.${sequence}`}) as n`.execute(tx);
    return Number(r.rows[0]!.n);
  }

  /** Serializes decisions about one holder's resources and the source register across processes. */
  async lock(tx: Db, key: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`liutong.catalog.${key}`}))`.execute(tx);
  }

  // ----- information systems -----

  insertSystem(tx: Db, row: Insertable<CatalogTables['catalog.systems']>) {
    return tx.insertInto('catalog.systems').values(row).returningAll().executeTakeFirstOrThrow();
  }

  system(id: string, tx: Db = this.#db): Promise<SystemRow | undefined> {
    return tx.selectFrom('catalog.systems').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async systemForUpdate(tx: Db, id: string): Promise<SystemRow | undefined> {
    return tx.selectFrom('catalog.systems').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  updateSystem(tx: Db, id: string, patch: Partial<CatalogTables['catalog.systems']>) {
    return tx
      .updateTable('catalog.systems')
      .set({ ...patch, updated_at: sql`now()` } as never)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async systems(orgIds: readonly string[] | undefined, limit: number, offset: number) {
    let q = this.#db.selectFrom('catalog.systems');
    if (orgIds)
      q = q.where('org_id', 'in', orgIds.length ? orgIds : ['00000000-0000-0000-0000-000000000000']);
    const [items, count] = await Promise.all([
      q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  }

  async systemNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.#db
      .selectFrom('catalog.systems')
      .select(['id', 'name'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  // ----- resources -----

  /** Inserts a resource; `vector` is its search document from `documentVector`. */
  async insertResource(
    tx: Db,
    row: Omit<Insertable<CatalogTables['catalog.resources']>, 'search'>,
    vector: string,
  ) {
    return tx
      .insertInto('catalog.resources')
      .values({ ...row, search: sql`${vector}::tsvector` } as never)
      .returning(RESOURCE_COLUMNS)
      .executeTakeFirstOrThrow() as Promise<ResourceRow>;
  }

  async updateResource(
    tx: Db,
    id: string,
    patch: Partial<Omit<CatalogTables['catalog.resources'], 'search'>>,
    vector?: string,
  ): Promise<ResourceRow> {
    return tx
      .updateTable('catalog.resources')
      .set({
        ...patch,
        ...(vector !== undefined && { search: sql`${vector}::tsvector` }),
        updated_at: sql`now()`,
      } as never)
      .where('id', '=', id)
      .returning(RESOURCE_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  resource(id: string, tx: Db = this.#db): Promise<ResourceRow | undefined> {
    return tx
      .selectFrom('catalog.resources')
      .select(RESOURCE_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  resourceByCode(code: string, tx: Db = this.#db): Promise<ResourceRow | undefined> {
    return tx
      .selectFrom('catalog.resources')
      .select(RESOURCE_COLUMNS)
      .where('code', '=', code)
      .executeTakeFirst();
  }

  resourceForUpdate(tx: Db, id: string): Promise<ResourceRow | undefined> {
    return tx
      .selectFrom('catalog.resources')
      .select(RESOURCE_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  async resourcesByIds(ids: readonly string[], tx: Db = this.#db): Promise<Map<string, ResourceRow>> {
    if (!ids.length) return new Map();
    const rows = await tx
      .selectFrom('catalog.resources')
      .select(RESOURCE_COLUMNS)
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** An alive resource of the holder with this title (the duplicate a new draft would be). */
  sameTitle(tx: Db, orgId: string, title: string, exceptId?: string) {
    let q = tx
      .selectFrom('catalog.resources')
      .select(['id', 'code', 'status'])
      .where('org_id', '=', orgId)
      .where('title', '=', title)
      .where('status', 'not in', ['refused', 'withdrawn', 'cancelled']);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return q.executeTakeFirst();
  }

  /**
   * Resources matching a search, and how many there are (counted up to COUNT_CAP).
   *
   * Ranking: when a query matches at most SEARCH_POOL resources, all of them are ranked by how densely they carry
   * the query (ts_rank), newest first among equals. When it matches more, the newest SEARCH_POOL matches are ranked
   * and come first, and the rest follow newest first: a vague word over a large catalog is answered in a few
   * milliseconds from the date index instead of ranking every match (ADR 0010).
   */
  async searchResources(s: ResourceSearch): Promise<{ items: ResourceRow[]; total: number; exact: boolean }> {
    // Filters also go into the text query as facet terms, so the text index narrows them before any row is read.
    const query = withFacets(
      s.query,
      facetTerms(
        {
          domain: s.domain,
          openLevel: s.openLevel,
          grade: s.grade,
          category: s.category,
          region: s.regionPrefix,
          holder: s.orgIds?.length === 1 ? s.orgIds[0] : undefined,
        },
        'filter',
      ),
    );
    // Public search lists registered resources by registration (partial index); the inventory by creation.
    const byRegistration = s.statuses?.length === 1 && s.statuses[0] === 'registered';
    const order = byRegistration ? 'registered_at' : 'created_at';
    const filtered = (db: Db) => {
      let q = db.selectFrom('catalog.resources');
      if (query !== undefined) q = q.where(sql<boolean>`search @@ ${query}::tsquery`);
      if (s.statuses) q = q.where('status', 'in', s.statuses);
      if (s.orgIds) q = q.where('org_id', 'in', s.orgIds.length ? s.orgIds : [NO_ID]);
      if (s.regionPrefix) q = q.where('region_prefix', 'like', `${s.regionPrefix}%`);
      if (s.domain) q = q.where('domain', '=', s.domain as never);
      if (s.openLevel) q = q.where('open_level', '=', s.openLevel as never);
      if (s.grade) q = q.where('grade', '=', s.grade as never);
      if (s.category) q = q.where('category', '=', s.category as never);
      return q;
    };
    const countUpTo = async (db: Db, cap: number) => {
      const r = await db
        .selectFrom(
          filtered(db)
            .select(sql`1`.as('one'))
            .limit(cap + 1)
            .as('m'),
        )
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    };
    const newest = (db: Db, offset: number, limit: number) =>
      filtered(db)
        .select(RESOURCE_COLUMNS)
        .orderBy(order, 'desc')
        .orderBy('id', 'desc')
        .offset(offset)
        .limit(limit)
        .execute() as Promise<ResourceRow[]>;
    const counted = async (db: Db, items: ResourceRow[]) => {
      const n = await countUpTo(db, COUNT_CAP);
      return { items, total: Math.min(n, COUNT_CAP), exact: n <= COUNT_CAP };
    };

    if (query === undefined) return counted(this.#db, await newest(this.#db, s.offset, s.limit));

    const rank = sql<number>`ts_rank(search, ${query}::tsquery, 1)`;
    // Counted through the text index: a sequential scan stopping at the cap reads far more rows than matches.
    const matches = await this.#db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      await sql`set local jit = off`.execute(tx);
      return countUpTo(tx, COUNT_CAP);
    });
    if (matches <= COUNT_CAP) {
      const items = (await filtered(this.#db)
        .select(RESOURCE_COLUMNS)
        .orderBy(rank, 'desc')
        .orderBy(order, 'desc')
        .orderBy('id', 'desc')
        .offset(s.offset)
        .limit(s.limit)
        .execute()) as ResourceRow[];
      return { items, total: matches, exact: true };
    }
    // Many matches: walk the date index (the planner, misjudging how common the words are, would otherwise
    // fetch every match through the text index and sort them all).
    return this.#db.transaction().execute(async (tx) => {
      await sql`set local enable_bitmapscan = off`.execute(tx);
      await sql`set local enable_seqscan = off`.execute(tx);
      await sql`set local jit = off`.execute(tx);
      const items: ResourceRow[] = [];
      if (s.offset < SEARCH_POOL) {
        const pool = filtered(tx)
          .select([...RESOURCE_COLUMNS, 'search'])
          .orderBy(order, 'desc')
          .orderBy('id', 'desc')
          .limit(SEARCH_POOL)
          .as('pool');
        const ranked = await tx
          .selectFrom(pool)
          .select(RESOURCE_COLUMNS)
          .orderBy(sql`ts_rank(pool.search, ${query}::tsquery, 1)`, 'desc')
          .orderBy(order, 'desc')
          .orderBy('id', 'desc')
          .offset(s.offset)
          .limit(s.limit)
          .execute();
        items.push(...(ranked as ResourceRow[]));
      }
      if (items.length < s.limit) {
        const from = Math.max(s.offset, SEARCH_POOL);
        items.push(...(await newest(tx, from, s.limit - items.length)));
      }
      return { items, total: COUNT_CAP, exact: false };
    });
  }

  /** Counts of registered resources by a facet, for the catalog's filters and charts. */
  async facetCounts(column: 'domain' | 'open_level' | 'grade' | 'category'): Promise<Map<string, number>> {
    const rows = await this.#db
      .selectFrom('catalog.resources')
      .select((eb) => [sql<string>`${sql.ref(column)}`.as('key'), eb.fn.countAll<string>().as('n')])
      .where('status', '=', 'registered')
      .groupBy(column)
      .execute();
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  /** Sets the quality score the latest version of a resource's data earned. */
  async setQualityScore(resourceId: string, score: number | null, tx: Db = this.#db): Promise<void> {
    await tx
      .updateTable('catalog.resources')
      .set({ quality_score: score })
      .where('id', '=', resourceId)
      .execute();
  }

  // ----- one data item, one source -----

  async sourceOwners(tx: Db, items: readonly string[]) {
    if (!items.length) return [];
    return tx.selectFrom('catalog.source_items').selectAll().where('item', 'in', items).execute();
  }

  async claimSources(tx: Db, resourceId: string, orgId: string, items: readonly string[]): Promise<void> {
    await tx.deleteFrom('catalog.source_items').where('resource_id', '=', resourceId).execute();
    if (items.length)
      await tx
        .insertInto('catalog.source_items')
        .values(items.map((item) => ({ item, org_id: orgId, resource_id: resourceId })))
        .execute();
  }

  async releaseSources(tx: Db, resourceId: string): Promise<void> {
    await tx.deleteFrom('catalog.source_items').where('resource_id', '=', resourceId).execute();
  }

  async sourceItems(limit: number, offset: number, query?: string) {
    let q = this.#db.selectFrom('catalog.source_items');
    if (query) q = q.where('item', 'like', `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const [items, count] = await Promise.all([
      q.selectAll().orderBy('item').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  }

  // ----- registrations -----

  insertRegistration(tx: Db, row: Insertable<CatalogTables['catalog.registrations']>) {
    return tx
      .insertInto('catalog.registrations')
      .values({ ...row, content: row.content === null ? null : JSON.stringify(row.content) })
      .returningAll()
      .executeTakeFirstOrThrow() as Promise<RegistrationRow>;
  }

  updateRegistration(tx: Db, id: string, patch: Partial<CatalogTables['catalog.registrations']>) {
    const values: Record<string, unknown> = { ...patch, updated_at: sql`now()` };
    if ('review' in patch) values.review = JSON.stringify(patch.review);
    return tx
      .updateTable('catalog.registrations')
      .set(values as never)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow() as Promise<RegistrationRow>;
  }

  registration(id: string, tx: Db = this.#db): Promise<RegistrationRow | undefined> {
    return tx.selectFrom('catalog.registrations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  registrationForUpdate(tx: Db, id: string): Promise<RegistrationRow | undefined> {
    return tx
      .selectFrom('catalog.registrations')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  registrationByQueryCode(code: string): Promise<RegistrationRow | undefined> {
    return this.#db
      .selectFrom('catalog.registrations')
      .selectAll()
      .where('query_code', '=', code)
      .executeTakeFirst();
  }

  async registrations(filter: {
    orgIds?: readonly string[] | undefined;
    statuses?: readonly string[] | undefined;
    resourceId?: string | undefined;
    kind?: string | undefined;
    limit: number;
    offset: number;
  }) {
    let q = this.#db.selectFrom('catalog.registrations');
    if (filter.orgIds)
      q = q.where(
        'org_id',
        'in',
        filter.orgIds.length ? filter.orgIds : ['00000000-0000-0000-0000-000000000000'],
      );
    if (filter.statuses) q = q.where('status', 'in', filter.statuses as never);
    if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
    if (filter.kind) q = q.where('kind', '=', filter.kind as never);
    const [items, count] = await Promise.all([
      q
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: items as RegistrationRow[], total: Number(count.n) };
  }

  /** Registrations whose public notice has ended, oldest first. */
  dueNotices(limit: number) {
    return this.#db
      .selectFrom('catalog.registrations')
      .select('id')
      .where('status', '=', 'in_notice')
      .where('notice_ends_at', '<=', sql<Date>`now()`)
      .orderBy('notice_ends_at')
      .limit(limit)
      .execute();
  }

  // ----- demands -----

  async insertDemand(
    tx: Db,
    row: Omit<Insertable<CatalogTables['catalog.demands']>, 'search'>,
    terms: string[],
  ) {
    const inserted = await tx
      .insertInto('catalog.demands')
      .values({ ...row, search: sql`array_to_tsvector(${terms}::text[])` } as never)
      .returning(DEMAND_COLUMNS)
      .executeTakeFirstOrThrow();
    return { ...inserted, budget_fen: text(inserted.budget_fen) };
  }

  async demand(id: string, tx: Db = this.#db): Promise<DemandRow | undefined> {
    const row = await tx
      .selectFrom('catalog.demands')
      .select(DEMAND_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { ...row, budget_fen: text(row.budget_fen) };
  }

  async demandForUpdate(tx: Db, id: string): Promise<DemandRow | undefined> {
    const row = await tx
      .selectFrom('catalog.demands')
      .select(DEMAND_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row && { ...row, budget_fen: text(row.budget_fen) };
  }

  async closeDemand(tx: Db, id: string, reason: string | null): Promise<void> {
    await tx
      .updateTable('catalog.demands')
      .set({ status: 'closed', closed_reason: reason, updated_at: sql`now()` } as never)
      .where('id', '=', id)
      .execute();
  }

  async demands(filter: {
    query?: string | undefined;
    status?: string | undefined;
    orgIds?: readonly string[] | undefined;
    domain?: string | undefined;
    limit: number;
    offset: number;
  }) {
    let q = this.#db.selectFrom('catalog.demands');
    if (filter.query !== undefined) q = q.where(sql<boolean>`search @@ ${filter.query}::tsquery`);
    if (filter.status) q = q.where('status', '=', filter.status as never);
    if (filter.orgIds)
      q = q.where(
        'org_id',
        'in',
        filter.orgIds.length ? filter.orgIds : ['00000000-0000-0000-0000-000000000000'],
      );
    if (filter.domain) q = q.where('domain', '=', filter.domain as never);
    const [items, count] = await Promise.all([
      q
        .select(DEMAND_COLUMNS)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: items.map((r) => ({ ...r, budget_fen: text(r.budget_fen) })),
      total: Number(count.n),
    };
  }

  /** Registered resources that answer a demand, best first. */
  async resourcesMatching(terms: readonly string[], fields: readonly string[], limit: number) {
    const rows = await sql<{ id: string; text_score: number; field_hits: number }>`
      select r.id,
        (select count(*) from unnest(${terms}::text[]) t where t = any (tsvector_to_array(r.search)))::float8
          / greatest(cardinality(${terms}::text[]), 1) as text_score,
        (select count(*) from jsonb_array_elements(r.fields) f
          where lower(f->>'name') = any (${fields.map((f) => f.toLowerCase())}::text[]))::int as field_hits
      from catalog.resources r
      where r.status = 'registered'
        and (r.search @@ ${termsQuery(terms)}::tsquery
          or exists (select 1 from jsonb_array_elements(r.fields) f
            where lower(f->>'name') = any (${fields.map((f) => f.toLowerCase())}::text[])))
      order by field_hits desc, text_score desc, r.id
      limit ${limit * 4}`.execute(this.#db);
    return rows.rows
      .map((r) => ({ id: r.id, textScore: Number(r.text_score), fieldHits: Number(r.field_hits) }))
      .filter((r) => r.fieldHits > 0 || r.textScore >= MATCH_THRESHOLD)
      .slice(0, limit);
  }

  /** Open demands that some registered resource of the holder answers, newest first, in one query. */
  async demandsMatchingOrg(orgId: string, limit: number): Promise<DemandRow[]> {
    const rows = await sql<DemandRow>`
      select ${sql.join(DEMAND_COLUMNS.map((c) => sql.ref(`d.${c}`)))}
      from catalog.demands d
      where d.status = 'open' and exists (
        select 1 from catalog.resources r
        where r.org_id = ${orgId} and r.status = 'registered' and (
          (select count(*) from jsonb_array_elements(r.fields) f
            where lower(f->>'name') = any (select lower(x) from unnest(d.fields) x)) > 0
          or (select count(*) from unnest(d.terms) t where t = any (tsvector_to_array(r.search)))::float8
            / greatest(cardinality(d.terms), 1) >= ${MATCH_THRESHOLD}))
      order by d.created_at desc, d.id
      limit ${limit}`.execute(this.#db);
    return rows.rows.map((r) => ({ ...r, budget_fen: text(r.budget_fen) }));
  }

  insertAnswer(tx: Db, row: Insertable<CatalogTables['catalog.demand_answers']>) {
    return tx.insertInto('catalog.demand_answers').values(row).returningAll().executeTakeFirstOrThrow();
  }

  answers(demandId: string): Promise<AnswerRow[]> {
    return this.#db
      .selectFrom('catalog.demand_answers')
      .selectAll()
      .where('demand_id', '=', demandId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async answerCounts(demandIds: readonly string[]): Promise<Map<string, number>> {
    if (!demandIds.length) return new Map();
    const rows = await this.#db
      .selectFrom('catalog.demand_answers')
      .select((eb) => ['demand_id', eb.fn.countAll<string>().as('n')])
      .where('demand_id', 'in', demandIds)
      .groupBy('demand_id')
      .execute();
    return new Map(rows.map((r) => [r.demand_id, Number(r.n)]));
  }
}
