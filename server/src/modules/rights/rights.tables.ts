// Tables of the rights module (schema `rights`): subjects, applications, attachments, objections, certificates.
import { sql, type Generated, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The three rights (三权分置): 数据资源持有权, 数据加工使用权, 数据产品经营权. */
export const RIGHT_TYPES = ['holding', 'processing', 'operation'] as const;
export type RightType = (typeof RIGHT_TYPES)[number];

/** Registration kinds: 首次登记, 许可登记, 转让登记, 变更登记, 续展登记, 注销登记, 撤销登记 (异议 are objections). */
export const APPLICATION_KINDS = [
  'first',
  'licence',
  'transfer',
  'change',
  'renewal',
  'cancellation',
  'revocation',
] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export const APPLICATION_STATUSES = [
  'awaiting_consent',
  'under_review',
  'in_notice',
  'issued',
  'completed',
  'refused',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Grades per GB/T 43697-2024: core data can never be registered for circulation. */
export const GRADES = ['general', 'important', 'core'] as const;
export type Grade = (typeof GRADES)[number];

export const SUBJECT_KINDS = ['resource', 'product'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const CERTIFICATE_STATUSES = ['valid', 'superseded', 'cancelled', 'revoked'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/** The authority's compliance checklist: every item must hold to approve. */
export const CHECKLIST = [
  'sourceLawful', // 数据来源合法
  'ownershipClear', // 权属清晰、无争议
  'gradeConfirmed', // 分类分级已确认、非核心数据
  'personalInfoCompliant', // 个人信息处理合规
  'materialsComplete', // 材料齐全
] as const;
export type ChecklistItem = (typeof CHECKLIST)[number];
/** A checklist on which every item holds: what an approval needs. */
export const FULL_CHECKLIST: Readonly<Record<ChecklistItem, true>> = Object.fromEntries(
  CHECKLIST.map((item) => [item, true]),
) as Record<ChecklistItem, true>;

export interface RightsTables {
  'rights.subjects': {
    id: string;
    kind: SubjectKind;
    title: string;
    content_hash: string;
    grade: Grade;
    description: string | null;
    registered_by_org: string;
    created_at: Generated<Date>;
  };
  'rights.applications': {
    id: string;
    number: string;
    kind: ApplicationKind;
    right_type: RightType;
    subject_id: string;
    applicant_org_id: string;
    /** The certificate a licence, transfer, change, renewal, cancellation or revocation acts on. */
    certificate_id: string | null;
    /** The organization whose consent a licence or transfer needs: the current holder. */
    consent_org_id: string | null;
    status: ApplicationStatus;
    scope: string | null;
    valid_from: string | null;
    valid_until: string | null;
    statement: string | null;
    /** `{ decision, statement, statementHash, orgId, userId, at }` once the holder answered. */
    consent: unknown;
    /** `{ decision, checklist, comment, userId, at }` once the authority reviewed. */
    review: unknown;
    notice_ends_at: Date | null;
    decision_code: string | null;
    decision_reason: string | null;
    issued_certificate_id: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'rights.attachments': {
    id: string;
    application_id: string;
    name: string;
    media_type: string;
    size: number;
    sha256: string;
    content: Buffer;
    uploaded_by_org: string;
    created_at: Generated<Date>;
  };
  'rights.objections': {
    id: string;
    number: string;
    subject_id: string;
    application_id: string | null;
    certificate_id: string | null;
    filed_by_org: string;
    reason: string;
    status: ObjectionStatus;
    resolution: string | null;
    resolved_by: string | null;
    resolved_at: Date | null;
    created_at: Generated<Date>;
  };
  'rights.certificates': {
    id: string;
    number: string;
    right_type: RightType;
    holder_org_id: string;
    subject_id: string;
    application_id: string;
    /** The certificate as signed: canonical JSON of these fields is what the signature and ledger cover. */
    body: unknown;
    /** The platform's signed note over the certificate. */
    signature: string;
    /** The outbox event that records the issue: its ledger entry proves the certificate. */
    event_id: string;
    status: CertificateStatus;
    status_reason: string | null;
    superseded_by: string | null;
    valid_until: string | null;
    issued_at: Date;
    updated_at: Generated<Date>;
  };
}

export const rightsMigrations: Record<string, Migration> = {
  '20261122T1500_rights_init': {
    async up(db: Kysely<any>) {
      await db.schema.createSchema('rights').ifNotExists().execute();
      const s = db.schema.withSchema('rights');
      for (const name of ['application_no', 'certificate_no', 'objection_no'])
        await sql`create sequence ${sql.raw(`rights.${name}`)}`.execute(db);
      await s
        .createTable('subjects')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('registered_by_org', 'uuid', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s.createIndex('subjects_content_hash').on('subjects').column('content_hash').execute();
      await s
        .createTable('applications')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('right_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'uuid', (c) => c.notNull().references('rights.subjects.id'))
        .addColumn('applicant_org_id', 'uuid', (c) => c.notNull())
        .addColumn('certificate_id', 'uuid')
        .addColumn('consent_org_id', 'uuid')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('scope', 'text')
        .addColumn('valid_from', 'text')
        .addColumn('valid_until', 'text')
        .addColumn('statement', 'text')
        .addColumn('consent', 'jsonb')
        .addColumn('review', 'jsonb')
        .addColumn('notice_ends_at', 'timestamptz')
        .addColumn('decision_code', 'text')
        .addColumn('decision_reason', 'text')
        .addColumn('issued_certificate_id', 'uuid')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s.createIndex('applications_subject').on('applications').column('subject_id').execute();
      await s
        .createIndex('applications_status')
        .on('applications')
        .columns(['status', 'created_at'])
        .execute();
      await s
        .createTable('attachments')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('application_id', 'uuid', (c) => c.notNull().references('rights.applications.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', 'bytea', (c) => c.notNull())
        .addColumn('uploaded_by_org', 'uuid', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s
        .createTable('objections')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('subject_id', 'uuid', (c) => c.notNull().references('rights.subjects.id'))
        .addColumn('application_id', 'uuid', (c) => c.references('rights.applications.id'))
        .addColumn('certificate_id', 'uuid')
        .addColumn('filed_by_org', 'uuid', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('resolution', 'text')
        .addColumn('resolved_by', 'uuid')
        .addColumn('resolved_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s.createIndex('objections_subject').on('objections').columns(['subject_id', 'status']).execute();
      await s
        .createTable('certificates')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('right_type', 'text', (c) => c.notNull())
        .addColumn('holder_org_id', 'uuid', (c) => c.notNull())
        .addColumn('subject_id', 'uuid', (c) => c.notNull().references('rights.subjects.id'))
        .addColumn('application_id', 'uuid', (c) => c.notNull().references('rights.applications.id'))
        .addColumn('body', 'jsonb', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('event_id', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_reason', 'text')
        .addColumn('superseded_by', 'uuid')
        .addColumn('valid_until', 'text')
        .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s
        .createIndex('certificates_subject')
        .on('certificates')
        .columns(['subject_id', 'status'])
        .execute();
      await s.createIndex('certificates_holder').on('certificates').column('holder_org_id').execute();
      // At most one valid holding certificate per subject: the database holds the line even under races.
      await sql`create unique index certificates_one_holder on rights.certificates (subject_id)
        where right_type = 'holding' and status = 'valid'`.execute(db);
    },
  },
};
