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
export type UploadRow = Omit<EnclaveTables['enclave.uploads'], 'created_at' | 'updated_at'> & {
  created_at: Date;
  updated_at: Date;
};
/** What changes as an upload runs (phase and progress) or ends (status, version, error). */
export interface UploadPatch {
  status?: string;
  phase?: string;
  done?: number | null;
  total?: number | null;
  unit?: string | null;
  bytes?: number | null;
  rows?: number | null;
  version_number?: number | null;
  error_code?: string | null;
  error_detail?: string | null;
}

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

  /** Records an upload as it begins; false when the id is taken (a client retrying with the same id). */
  async insertUpload(row: {
    id: string;
    dataset_id: string;
    org_id: string;
    created_by: string;
    file_name: string;
    full_scan: boolean;
    phase: string;
    bytes: number | null;
    total: number | null;
  }): Promise<boolean> {
    const now = new Date();
    const inserted = await this.#db
      .insertInto('enclave.uploads')
      .values({
        ...row,
        bytes: row.bytes === null ? null : String(row.bytes),
        total: row.total === null ? null : String(row.total),
        done: row.total === null ? null : '0',
        unit: row.total === null ? null : 'bytes',
        status: 'running',
        // One clock (the server's) for the record's times and its timeline, so durations never come out negative.
        created_at: now,
        updated_at: now,
        timeline: JSON.stringify([{ phase: row.phase, at: now.toISOString() }]),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /**
   * Moves a running upload on: a new phase is appended to its timeline; an ending status sets finished_at. An
   * upload that has already ended is left as it is (a late progress report cannot revive it), except that `stored`,
   * written in the transaction that stores the version, always holds: the version exists.
   */
  async updateUpload(id: string, patch: UploadPatch, tx: Db = this.#db): Promise<void> {
    const now = new Date();
    const values: Record<string, unknown> = { updated_at: now };
    for (const [k, v] of Object.entries(patch))
      if (v !== undefined) values[k] = typeof v === 'number' && k !== 'version_number' ? String(v) : v;
    if (patch.phase !== undefined)
      values.timeline = sql`timeline || ${JSON.stringify([{ phase: patch.phase, at: now.toISOString() }])}::jsonb`;
    if (patch.status !== undefined && patch.status !== 'running') values.finished_at = now;
    await tx
      .updateTable('enclave.uploads')
      .set(values as never)
      .where('id', '=', id)
      .where(
        'status',
        patch.status === 'stored' ? '<>' : '=',
        patch.status === 'stored' ? 'stored' : 'running',
      )
      .execute();
  }

  async upload(datasetId: string, id: string): Promise<UploadRow | undefined> {
    return await this.#db
      .selectFrom('enclave.uploads')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async uploads(datasetId: string, f: { limit: number; offset: number }) {
    const q = this.#db.selectFrom('enclave.uploads').where('dataset_id', '=', datasetId);
    const [items, count] = await Promise.all([
      q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: items as UploadRow[], total: Number(count.n) };
  }

  /** Uploads a stopped process left running: they can no longer finish. */
  async interruptUploads(): Promise<number> {
    const r = await this.#db
      .updateTable('enclave.uploads')
      .set({
        status: 'interrupted',
        error_code: 'UPLOAD_INTERRUPTED',
        error_detail:
          'The server stopped while it worked on this upload; nothing was stored. Upload the file again.',
        updated_at: new Date(),
        finished_at: new Date(),
      } as never)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
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
