// The secure store's SQL.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { EnclaveTables } from './enclave.tables.ts';

export type Db = Kysely<EnclaveTables> | Transaction<EnclaveTables>;
export type DatasetRow = Omit<EnclaveTables['enclave.datasets'], 'created_at' | 'updated_at'> & {
  created_at: Date;
  updated_at: Date;
};
export type VersionRow = Omit<EnclaveTables['enclave.versions'], 'created_at'> & { created_at: Date };
export type OverrideRow = Omit<EnclaveTables['enclave.overrides'], 'created_at'> & { created_at: Date };

const NO_ID = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** bigint columns come back as strings from PostgreSQL and as numbers from PGlite: strings everywhere. */
const versionOf = (r: Record<string, unknown>): VersionRow =>
  ({
    ...r,
    source_bytes: String(r.source_bytes),
    parquet_bytes: String(r.parquet_bytes),
    rows: String(r.rows),
  }) as VersionRow;

export class EnclaveRepository {
  readonly #db: Kysely<EnclaveTables>;

  constructor(db: Kysely<any>) {
    this.#db = db as Kysely<EnclaveTables>;
  }

  transaction<T>(work: (tx: Transaction<EnclaveTables>) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute(work);
  }

  insertDataset(tx: Db, row: Insertable<EnclaveTables['enclave.datasets']>) {
    return tx
      .insertInto('enclave.datasets')
      .values({ ...row, quality_rules: JSON.stringify(row.quality_rules ?? []) })
      .returningAll()
      .executeTakeFirstOrThrow() as Promise<DatasetRow>;
  }

  /** A dataset by id or by slug. */
  dataset(idOrSlug: string, tx: Db = this.#db): Promise<DatasetRow | undefined> {
    return tx
      .selectFrom('enclave.datasets')
      .selectAll()
      .where(UUID.test(idOrSlug) ? 'id' : 'slug', '=', idOrSlug)
      .executeTakeFirst();
  }

  datasetForUpdate(tx: Db, id: string): Promise<DatasetRow | undefined> {
    return tx.selectFrom('enclave.datasets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async updateDataset(tx: Db, id: string, patch: Partial<EnclaveTables['enclave.datasets']>) {
    const values: Record<string, unknown> = { ...patch, updated_at: sql`now()` };
    if ('quality_rules' in patch) values.quality_rules = JSON.stringify(patch.quality_rules);
    await tx
      .updateTable('enclave.datasets')
      .set(values as never)
      .where('id', '=', id)
      .execute();
  }

  async datasets(f: {
    orgIds?: readonly string[] | undefined;
    resourceId?: string | undefined;
    limit: number;
    offset: number;
  }) {
    let q = this.#db.selectFrom('enclave.datasets');
    if (f.orgIds) q = q.where('org_id', 'in', f.orgIds.length ? f.orgIds : [NO_ID]);
    if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
    const [items, count] = await Promise.all([
      q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: items as DatasetRow[], total: Number(count.n) };
  }

  async nextVersionNumber(tx: Db, datasetId: string): Promise<number> {
    const r = await tx
      .selectFrom('enclave.versions')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('dataset_id', '=', datasetId)
      .executeTakeFirst();
    return Number(r?.n ?? 0) + 1;
  }

  async insertVersion(tx: Db, row: Insertable<EnclaveTables['enclave.versions']>): Promise<VersionRow> {
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    const inserted = await tx
      .insertInto('enclave.versions')
      .values({
        ...row,
        schema: json(row.schema),
        profile: json(row.profile),
        classification: json(row.classification),
        quality: json(row.quality),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return versionOf(inserted);
  }

  async setVersionQuality(tx: Db, id: string, quality: unknown, score: number | null): Promise<void> {
    await tx
      .updateTable('enclave.versions')
      .set({ quality: JSON.stringify(quality), quality_score: score } as never)
      .where('id', '=', id)
      .execute();
  }

  async versions(datasetId: string, tx: Db = this.#db): Promise<VersionRow[]> {
    const rows = await tx
      .selectFrom('enclave.versions')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .orderBy('number', 'desc')
      .execute();
    return rows.map(versionOf);
  }

  /** Every version of each dataset named, newest first, in one query. */
  async versionsOf(datasetIds: readonly string[]): Promise<Map<string, VersionRow[]>> {
    const map = new Map<string, VersionRow[]>();
    if (!datasetIds.length) return map;
    const rows = await this.#db
      .selectFrom('enclave.versions')
      .selectAll()
      .where('dataset_id', 'in', datasetIds)
      .orderBy('number', 'desc')
      .execute();
    for (const r of rows) map.set(r.dataset_id, [...(map.get(r.dataset_id) ?? []), versionOf(r)]);
    return map;
  }

  async version(datasetId: string, number: number, tx: Db = this.#db): Promise<VersionRow | undefined> {
    const row = await tx
      .selectFrom('enclave.versions')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .where('number', '=', number)
      .executeTakeFirst();
    return row && versionOf(row);
  }

  /** The newest version of each dataset named. */
  async latestVersions(datasetIds: readonly string[]): Promise<Map<string, VersionRow>> {
    if (!datasetIds.length) return new Map();
    const rows = await this.#db
      .selectFrom('enclave.versions as v')
      .selectAll('v')
      .where('v.dataset_id', 'in', datasetIds)
      .where((eb) =>
        eb(
          'v.number',
          '=',
          eb
            .selectFrom('enclave.versions as w')
            .select((e) => e.fn.max('w.number').as('m'))
            .whereRef('w.dataset_id', '=', 'v.dataset_id'),
        ),
      )
      .execute();
    return new Map(rows.map((r) => [r.dataset_id, versionOf(r)]));
  }

  /** Every stored file the versions refer to, for the start-up sweep of files no version owns. */
  async storedPaths(): Promise<Set<string>> {
    const rows = await this.#db.selectFrom('enclave.versions').select(['raw_path', 'parquet_path']).execute();
    return new Set(rows.flatMap((r) => [r.raw_path, r.parquet_path]));
  }

  overrides(datasetId: string, tx: Db = this.#db): Promise<OverrideRow[]> {
    return tx
      .selectFrom('enclave.overrides')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .orderBy('column_name')
      .execute();
  }

  async overridesOf(datasetIds: readonly string[]): Promise<Map<string, OverrideRow[]>> {
    const map = new Map<string, OverrideRow[]>();
    if (!datasetIds.length) return map;
    const rows = (await this.#db
      .selectFrom('enclave.overrides')
      .selectAll()
      .where('dataset_id', 'in', datasetIds)
      .execute()) as OverrideRow[];
    for (const r of rows) map.set(r.dataset_id, [...(map.get(r.dataset_id) ?? []), r]);
    return map;
  }

  async upsertOverride(tx: Db, row: Insertable<EnclaveTables['enclave.overrides']>): Promise<void> {
    await tx
      .insertInto('enclave.overrides')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['dataset_id', 'column_name']).doUpdateSet({
          grade: row.grade,
          reason: row.reason,
          user_id: row.user_id,
          created_at: sql`now()`,
        } as never),
      )
      .execute();
  }

  async deleteOverride(tx: Db, datasetId: string, column: string): Promise<void> {
    await tx
      .deleteFrom('enclave.overrides')
      .where('dataset_id', '=', datasetId)
      .where('column_name', '=', column)
      .execute();
  }
}
