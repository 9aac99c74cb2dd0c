// The rights module's SQL.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { RightsTables } from './rights.tables.ts';

export type Db = Kysely<RightsTables> | Transaction<RightsTables>;
export type SubjectRow = Omit<RightsTables['rights.subjects'], 'created_at'> & { created_at: Date };
export type ApplicationRow = Omit<RightsTables['rights.applications'], 'created_at' | 'updated_at'> & {
  created_at: Date;
  updated_at: Date;
};
export type CertificateRow = Omit<RightsTables['rights.certificates'], 'updated_at'> & { updated_at: Date };
export type ObjectionRow = Omit<RightsTables['rights.objections'], 'created_at'> & { created_at: Date };

export interface ApplicationFilter {
  orgIds?: string[] | undefined;
  status?: string | undefined;
  kind?: string | undefined;
  subjectId?: string | undefined;
  limit: number;
  offset: number;
}

export class RightsRepository {
  readonly #db: Kysely<RightsTables>;

  constructor(db: Kysely<any>) {
    this.#db = db as Kysely<RightsTables>;
  }

  get db(): Kysely<RightsTables> {
    return this.#db;
  }

  transaction<T>(work: (tx: Transaction<RightsTables>) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute(work);
  }

  /** Serializes the decisions about one subject (issue, transfer, objection) across processes. */
  async lockSubject(tx: Db, subjectId: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`liutong.rights.subject.${subjectId}`}))`.execute(tx);
  }

  async nextNumber(tx: Db, sequence: 'application_no' | 'certificate_no' | 'objection_no'): Promise<number> {
    const r = await sql<{ n: string }>`select nextval(${`rights.${sequence}`}) as n`.execute(tx);
    return Number(r.rows[0]!.n);
  }

  subject(id: string, tx: Db = this.#db) {
    return tx.selectFrom('rights.subjects').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Subjects by id, for views of many applications at once. */
  async subjectsByIds(ids: readonly string[]): Promise<Map<string, SubjectRow>> {
    if (!ids.length) return new Map();
    const rows = await this.#db.selectFrom('rights.subjects').selectAll().where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Certificate numbers by certificate id. */
  async certificateNumbers(ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.#db
      .selectFrom('rights.certificates')
      .select(['id', 'number'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.number]));
  }

  /** Open objections per application, for the notice board. */
  async openObjectionCounts(applicationIds: readonly string[]): Promise<Map<string, number>> {
    if (!applicationIds.length) return new Map();
    const rows = await this.#db
      .selectFrom('rights.objections')
      .select((eb) => ['application_id', eb.fn.countAll<string>().as('n')])
      .where('application_id', 'in', applicationIds)
      .where('status', '=', 'open')
      .groupBy('application_id')
      .execute();
    return new Map(rows.map((r) => [r.application_id!, Number(r.n)]));
  }

  subjectsWithContent(contentHash: string, tx: Db = this.#db) {
    return tx.selectFrom('rights.subjects').selectAll().where('content_hash', '=', contentHash).execute();
  }

  insertSubject(tx: Db, row: Omit<SubjectRow, 'created_at'>) {
    return tx.insertInto('rights.subjects').values(row).returningAll().executeTakeFirstOrThrow();
  }

  application(id: string, tx: Db = this.#db) {
    return tx.selectFrom('rights.applications').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The application, locked for a state transition. */
  applicationForUpdate(tx: Db, id: string) {
    return tx
      .selectFrom('rights.applications')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  insertApplication(tx: Db, row: Omit<ApplicationRow, 'created_at' | 'updated_at'>) {
    return tx.insertInto('rights.applications').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateApplication(tx: Db, id: string, patch: Partial<Omit<ApplicationRow, 'id' | 'created_at'>>) {
    return tx
      .updateTable('rights.applications')
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async listApplications(f: ApplicationFilter) {
    let q = this.#db.selectFrom('rights.applications');
    if (f.orgIds) {
      const orgs = f.orgIds;
      q = q.where((eb) => eb.or([eb('applicant_org_id', 'in', orgs), eb('consent_org_id', 'in', orgs)]));
    }
    if (f.status) q = q.where('status', '=', f.status as never);
    if (f.kind) q = q.where('kind', '=', f.kind as never);
    if (f.subjectId) q = q.where('subject_id', '=', f.subjectId);
    const [rows, total] = await Promise.all([
      q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  /** Open applications on a subject (not final), excluding one. */
  openApplications(tx: Db, subjectId: string) {
    return tx
      .selectFrom('rights.applications')
      .selectAll()
      .where('subject_id', '=', subjectId)
      .where('status', 'in', ['awaiting_consent', 'under_review', 'in_notice'])
      .execute();
  }

  dueNotices(now: Date, limit = 100) {
    return this.#db
      .selectFrom('rights.applications')
      .select('id')
      .where('status', '=', 'in_notice')
      .where('notice_ends_at', '<=', now)
      .orderBy('notice_ends_at')
      .limit(limit)
      .execute();
  }

  attachments(applicationId: string, tx: Db = this.#db) {
    return tx
      .selectFrom('rights.attachments')
      .select([
        'id',
        'application_id',
        'name',
        'media_type',
        'size',
        'sha256',
        'uploaded_by_org',
        'created_at',
      ])
      .where('application_id', '=', applicationId)
      .orderBy('created_at')
      .execute();
  }

  attachment(applicationId: string, id: string) {
    return this.#db
      .selectFrom('rights.attachments')
      .selectAll()
      .where('application_id', '=', applicationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  insertAttachment(tx: Db, row: Omit<RightsTables['rights.attachments'], 'created_at'>) {
    return tx
      .insertInto('rights.attachments')
      .values(row)
      .returning([
        'id',
        'application_id',
        'name',
        'media_type',
        'size',
        'sha256',
        'uploaded_by_org',
        'created_at',
      ])
      .executeTakeFirstOrThrow();
  }

  openObjections(tx: Db, subjectId: string) {
    return tx
      .selectFrom('rights.objections')
      .selectAll()
      .where('subject_id', '=', subjectId)
      .where('status', '=', 'open')
      .execute();
  }

  objection(id: string, tx: Db = this.#db) {
    return tx.selectFrom('rights.objections').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insertObjection(tx: Db, row: Omit<ObjectionRow, 'created_at'>) {
    return tx.insertInto('rights.objections').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateObjection(tx: Db, id: string, patch: Partial<ObjectionRow>) {
    return tx
      .updateTable('rights.objections')
      .set(patch)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async listObjections(f: {
    orgIds?: string[] | undefined;
    status?: string | undefined;
    subjectId?: string | undefined;
    applicationId?: string | undefined;
    limit: number;
    offset: number;
  }) {
    let q = this.#db.selectFrom('rights.objections');
    if (f.orgIds) q = q.where('filed_by_org', 'in', f.orgIds);
    if (f.status) q = q.where('status', '=', f.status as never);
    if (f.subjectId) q = q.where('subject_id', '=', f.subjectId);
    if (f.applicationId) q = q.where('application_id', '=', f.applicationId);
    const [rows, total] = await Promise.all([
      q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  certificate(id: string, tx: Db = this.#db) {
    return tx.selectFrom('rights.certificates').selectAll().where('id', '=', id).executeTakeFirst();
  }

  certificateByNumber(number: string, tx: Db = this.#db) {
    return tx.selectFrom('rights.certificates').selectAll().where('number', '=', number).executeTakeFirst();
  }

  validCertificates(tx: Db, subjectId: string) {
    return tx
      .selectFrom('rights.certificates')
      .selectAll()
      .where('subject_id', '=', subjectId)
      .where('status', '=', 'valid')
      .execute();
  }

  insertCertificate(tx: Db, row: Omit<CertificateRow, 'updated_at'>) {
    return tx.insertInto('rights.certificates').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateCertificate(tx: Db, id: string, patch: Partial<Omit<CertificateRow, 'id'>>) {
    return tx
      .updateTable('rights.certificates')
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async listCertificates(f: {
    orgIds?: string[] | undefined;
    subjectId?: string | undefined;
    status?: string | undefined;
    limit: number;
    offset: number;
  }) {
    let q = this.#db.selectFrom('rights.certificates');
    if (f.orgIds) q = q.where('holder_org_id', 'in', f.orgIds);
    if (f.subjectId) q = q.where('subject_id', '=', f.subjectId);
    if (f.status) q = q.where('status', '=', f.status as never);
    const [rows, total] = await Promise.all([
      q.selectAll().orderBy('issued_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  subjectCertificates(subjectId: string) {
    return this.#db
      .selectFrom('rights.certificates')
      .selectAll()
      .where('subject_id', '=', subjectId)
      .orderBy('issued_at')
      .execute();
  }

  subjectApplications(subjectId: string) {
    return this.#db
      .selectFrom('rights.applications')
      .selectAll()
      .where('subject_id', '=', subjectId)
      .orderBy('created_at')
      .execute();
  }

  subjectObjections(subjectId: string) {
    return this.#db
      .selectFrom('rights.objections')
      .selectAll()
      .where('subject_id', '=', subjectId)
      .orderBy('created_at')
      .execute();
  }
}
