// Rights registration (三权分置): applications, consent, compliance review, public notice with objections, and
// certificates recorded on the evidence ledger.
import { createHash, randomUUID } from 'node:crypto';
import { recordChange } from '../../platform/audit.ts';
import { readsAcrossOrgs, systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { canonicalJson } from '../ledger/index.ts';
import {
  certificateNoteText,
  CERTIFICATE_EVENT,
  type CertificateBody,
  type CertificateDocument,
  type CertificateViewStatus,
} from './certificate.ts';
import type {
  ApplicationRow,
  CertificateRow,
  Db,
  ObjectionRow,
  RightsRepository,
  SubjectRow,
} from './rights.repository.ts';
import {
  CHECKLIST,
  type ApplicationKind,
  type ChecklistItem,
  type Grade,
  type RightType,
  type SubjectKind,
} from './rights.tables.ts';

export interface OrgCard {
  id: string;
  name: string;
  creditCode: string | null;
}

/** What the rights module needs from the ledger: a signer for documents and proofs of events. */
export interface RightsLedger {
  origin: string;
  verifierKey: string;
  signDocument(text: string): string;
  proveEvent(eventId: string): Promise<CertificateDocument['ledger'] | undefined>;
}

export interface RightsDeps {
  /** Reads inside the caller's transaction when given one (the embedded store has a single connection). */
  orgCard(id: string, tx?: Db): Promise<OrgCard | undefined>;
  /** Cards of several organizations in one query (lists print many). */
  orgCards(ids: readonly string[]): Promise<Map<string, OrgCard>>;
  ledger: RightsLedger;
  /** The public notice period (公示期) in seconds. */
  noticeSeconds: number;
}

export interface ApplicationInput {
  kind: ApplicationKind;
  rightType?: RightType | undefined;
  subject?:
    | {
        kind: SubjectKind;
        title: string;
        contentHash: string;
        grade: Grade;
        description?: string | undefined;
      }
    | undefined;
  subjectId?: string | undefined;
  certificateNumber?: string | undefined;
  scope?: string | undefined;
  validFrom?: string | undefined;
  validUntil?: string | undefined;
  statement?: string | undefined;
}

const MAX_ATTACHMENTS = 20;
const RIGHT_LETTER: Record<RightType, string> = { holding: 'H', processing: 'P', operation: 'O' };
const OPEN_STATUSES = ['awaiting_consent', 'under_review', 'in_notice'];

const today = () => new Date().toISOString().slice(0, 10);
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const refuse = (code: string, message: string) => new AppError('unprocessable', code, message);
const badState = (row: { number: string; status: string }, wanted: string) =>
  conflict('RIGHTS_INVALID_STATE', `Application ${row.number} is ${row.status}; this needs it ${wanted}`);
const orgOf = (ctx: RequestContext) => ctx.principal!.orgId;

export function createRightsService(repo: RightsRepository, deps: RightsDeps) {
  /** Cards of the organizations named, in one query; one that no longer exists reads as "—". */
  const cards = async (ids: (string | null)[]) => {
    const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
    const found = wanted.length ? await deps.orgCards(wanted) : new Map<string, OrgCard>();
    return new Map(wanted.map((id) => [id, found.get(id) ?? { id, name: '—', creditCode: null }]));
  };

  const subjectView = (s: SubjectRow) => ({
    id: s.id,
    kind: s.kind,
    title: s.title,
    contentHash: s.content_hash,
    grade: s.grade,
    description: s.description,
  });

  /** Views of many applications with one query per kind of related record, not one per application. */
  async function applicationViews(rows: readonly ApplicationRow[]) {
    const [subjects, orgs, numbers] = await Promise.all([
      repo.subjectsByIds([...new Set(rows.map((r) => r.subject_id))]),
      cards(rows.flatMap((r) => [r.applicant_org_id, r.consent_org_id])),
      repo.certificateNumbers(
        [...new Set(rows.flatMap((r) => [r.certificate_id, r.issued_certificate_id]))].filter(
          (id): id is string => id !== null,
        ),
      ),
    ]);
    return rows.map((row) => applicationViewOf(row, subjects.get(row.subject_id)!, orgs, numbers));
  }

  async function applicationView(row: ApplicationRow, opts: { attachments?: boolean } = {}) {
    const [view] = await applicationViews([row]);
    return { ...view!, attachments: opts.attachments ? attachmentViews(await repo.attachments(row.id)) : [] };
  }

  const attachmentViews = (rows: Awaited<ReturnType<RightsRepository['attachments']>>) =>
    rows.map((a) => ({
      id: a.id,
      name: a.name,
      mediaType: a.media_type,
      size: a.size,
      sha256: a.sha256,
      createdAt: iso(a.created_at)!,
    }));

  function applicationViewOf(
    row: ApplicationRow,
    subject: SubjectRow,
    orgs: Map<string, OrgCard>,
    numbers: Map<string, string>,
  ) {
    return {
      id: row.id,
      number: row.number,
      kind: row.kind,
      rightType: row.right_type,
      status: row.status,
      subject: subjectView(subject),
      applicant: orgs.get(row.applicant_org_id)!,
      consentOrg: row.consent_org_id ? orgs.get(row.consent_org_id)! : null,
      certificateNumber: (row.certificate_id && numbers.get(row.certificate_id)) || null,
      issuedCertificateNumber: (row.issued_certificate_id && numbers.get(row.issued_certificate_id)) || null,
      scope: row.scope,
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      statement: row.statement,
      consent: (row.consent ?? null) as Record<string, unknown> | null,
      review: (row.review ?? null) as Record<string, unknown> | null,
      noticeEndsAt: iso(row.notice_ends_at),
      decision: row.decision_code ? { code: row.decision_code, reason: row.decision_reason } : null,
      attachments: [] as ReturnType<typeof attachmentViews>,
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
    };
  }

  async function objectionView(o: ObjectionRow) {
    const [orgs, app, cert] = await Promise.all([
      cards([o.filed_by_org]),
      o.application_id ? repo.application(o.application_id) : undefined,
      o.certificate_id ? repo.certificate(o.certificate_id) : undefined,
    ]);
    return {
      id: o.id,
      number: o.number,
      subjectId: o.subject_id,
      applicationNumber: app?.number ?? null,
      certificateNumber: cert?.number ?? null,
      filedBy: orgs.get(o.filed_by_org)!,
      reason: o.reason,
      status: o.status,
      resolution: o.resolution,
      resolvedAt: iso(o.resolved_at),
      createdAt: iso(o.created_at)!,
    };
  }

  function certificateSummary(c: CertificateRow, holders: Map<string, OrgCard>) {
    const body = c.body as CertificateBody;
    return {
      number: c.number,
      rightType: c.right_type,
      holder: holders.get(c.holder_org_id) ?? body.holder,
      subject: body.subject,
      scope: body.scope,
      validFrom: body.validFrom,
      validUntil: body.validUntil,
      issuedAt: body.issuedAt,
      status: effectiveStatus(c),
      statusReason: c.status_reason,
    };
  }

  /** Stored status, with validity expiry applied on read. */
  const effectiveStatus = (c: CertificateRow): CertificateViewStatus =>
    c.status === 'valid' && c.valid_until !== null && c.valid_until < today() ? 'expired' : c.status;

  function visible(ctx: RequestContext, row: ApplicationRow): void {
    const org = orgOf(ctx);
    if (!readsAcrossOrgs(ctx) && row.applicant_org_id !== org && row.consent_org_id !== org)
      throw notFound('The application', 'RIGHTS_APPLICATION_NOT_FOUND');
  }

  async function load(tx: Db, id: string): Promise<ApplicationRow> {
    const row = await repo.applicationForUpdate(tx, id);
    if (!row) throw notFound('The application', 'RIGHTS_APPLICATION_NOT_FOUND');
    return row;
  }

  async function validCertificate(tx: Db, number: string | undefined): Promise<CertificateRow> {
    if (!number)
      throw invalid(
        'RIGHTS_CERTIFICATE_REQUIRED',
        '/body/certificateNumber',
        'This kind of registration acts on a certificate: give its number',
      );
    const cert = await repo.certificateByNumber(number, tx);
    if (!cert) throw notFound('The certificate', 'CERTIFICATE_NOT_FOUND');
    if (effectiveStatus(cert) !== 'valid')
      throw conflict('RIGHTS_CERTIFICATE_NOT_VALID', `Certificate ${number} is ${effectiveStatus(cert)}`);
    return cert;
  }

  /** The refusals every application and every issue re-checks: core data and disputed subjects. */
  async function checkSubject(tx: Db, subject: SubjectRow): Promise<void> {
    if (subject.grade === 'core')
      throw refuse('RIGHTS_CORE_DATA', 'Core data (核心数据) cannot be registered for circulation');
    if ((await repo.openObjections(tx, subject.id)).length)
      throw conflict('RIGHTS_SUBJECT_DISPUTED', 'The subject is under an unresolved objection (权属争议)');
  }

  const holdingOf = async (tx: Db, subjectId: string) =>
    (await repo.validCertificates(tx, subjectId)).find(
      (c) => c.right_type === 'holding' && effectiveStatus(c) === 'valid',
    );

  function checkValidity(from: string | undefined, until: string | undefined) {
    if (from && until && until < from)
      throw invalid('RIGHTS_VALIDITY', '/body/validUntil', 'validUntil is before validFrom');
    if (until && until < today())
      throw invalid('RIGHTS_VALIDITY', '/body/validUntil', 'validUntil is in the past');
  }

  async function issueCertificate(tx: Db, ctx: RequestContext, row: ApplicationRow, subject: SubjectRow) {
    const number = await nextNumber(tx, 'certificate_no', 'LT', RIGHT_LETTER[row.right_type]);
    const holder = (await deps.orgCard(row.applicant_org_id, tx))!;
    const previous = row.certificate_id ? await repo.certificate(row.certificate_id, tx) : undefined;
    const id = randomUUID();
    const issuedAt = new Date();
    const body: CertificateBody = {
      v: 1,
      number,
      rightType: row.right_type,
      registrationKind: row.kind,
      holder: { orgId: holder.id, name: holder.name, creditCode: holder.creditCode },
      subject: {
        id: subject.id,
        kind: subject.kind,
        title: subject.title,
        contentHash: subject.content_hash,
        grade: subject.grade,
      },
      scope: row.scope ?? (previous?.body as CertificateBody | undefined)?.scope ?? null,
      validFrom: row.valid_from ?? today(),
      validUntil: row.valid_until ?? (previous?.body as CertificateBody | undefined)?.validUntil ?? null,
      issuedAt: issuedAt.toISOString(),
      issuer: deps.ledger.origin,
      applicationNumber: row.number,
      supersedes: previous?.number ?? null,
    };
    if (previous) {
      await repo.updateCertificate(tx, previous.id, {
        status: 'superseded',
        superseded_by: id,
        status_reason: `${row.kind} ${row.number}`,
      });
      await recordChange(tx, ctx, {
        action: 'rights.certificate.superseded',
        targetType: 'certificate',
        targetId: previous.id,
        details: { number: previous.number, by: number, registrationKind: row.kind },
      });
    }
    const eventId = await recordChange(tx, ctx, {
      action: CERTIFICATE_EVENT,
      targetType: 'certificate',
      targetId: id,
      details: { number },
      evidence: body as unknown as Record<string, unknown>,
    });
    await repo.insertCertificate(tx, {
      id,
      number,
      right_type: row.right_type,
      holder_org_id: holder.id,
      subject_id: subject.id,
      application_id: row.id,
      body: JSON.stringify(body),
      signature: deps.ledger.signDocument(certificateNoteText(body)),
      event_id: eventId,
      status: 'valid',
      status_reason: null,
      superseded_by: null,
      valid_until: body.validUntil,
      issued_at: issuedAt,
    });
    return id;
  }

  async function finalize(tx: Db, ctx: RequestContext, id: string) {
    const row = await load(tx, id);
    if (row.status !== 'in_notice') throw badState(row, 'in public notice');
    if (row.notice_ends_at && row.notice_ends_at > new Date())
      throw conflict(
        'RIGHTS_NOTICE_RUNNING',
        `The public notice runs until ${row.notice_ends_at.toISOString()}`,
      );
    await repo.lockSubject(tx, row.subject_id);
    const subject = (await repo.subject(row.subject_id, tx))!;
    if ((await repo.openObjections(tx, subject.id)).length)
      throw conflict('RIGHTS_OBJECTION_UNRESOLVED', 'An objection to this subject must be resolved first');
    // What held at application may have changed during review and notice: check again.
    let refusal: AppError | undefined;
    try {
      await checkSubject(tx, subject);
      if (row.certificate_id) {
        const cert = await repo.certificate(row.certificate_id, tx);
        if (!cert || effectiveStatus(cert) !== 'valid')
          throw conflict('RIGHTS_CERTIFICATE_NOT_VALID', 'The certificate this acts on is no longer valid');
      }
      if (
        row.kind === 'licence' ||
        (row.kind === 'first' && row.right_type !== 'holding' && row.consent_org_id === null)
      ) {
        const holding = await holdingOf(tx, subject.id);
        const holderOrg = row.kind === 'licence' ? row.consent_org_id : row.applicant_org_id;
        // A new product's operation right is registered without a holding right; anything else needs the holder.
        const productFirst = row.kind === 'first' && subject.kind === 'product' && !holding;
        if (!productFirst && (!holding || holding.holder_org_id !== holderOrg))
          throw refuse('RIGHTS_NOT_HOLDER', 'The holding right changed hands during the procedure');
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refusal = error;
    }
    if (refusal) {
      const refused = await repo.updateApplication(tx, row.id, {
        status: 'refused',
        decision_code: refusal.code,
        decision_reason: refusal.message,
      });
      await recordChange(tx, ctx, {
        action: 'rights.application.refused',
        targetType: 'rights_application',
        targetId: row.id,
        details: { number: row.number, code: refusal.code },
      });
      return refused;
    }
    const certId = await issueCertificate(tx, ctx, row, subject);
    const updated = await repo.updateApplication(tx, row.id, {
      status: 'issued',
      issued_certificate_id: certId,
    });
    await recordChange(tx, ctx, {
      action: 'rights.application.issued',
      targetType: 'rights_application',
      targetId: row.id,
      details: { number: row.number },
    });
    return updated;
  }

  return {
    async apply(ctx: RequestContext, input: ApplicationInput) {
      const org = orgOf(ctx);
      checkValidity(input.validFrom, input.validUntil);
      if (input.kind === 'revocation')
        throw invalid(
          'RIGHTS_KIND',
          '/body/kind',
          'Revocation is the authority’s act: POST /rights/certificates/{number}/revoke',
        );
      const row = await repo.transaction(async (tx) => {
        let subject: SubjectRow;
        let rightType: RightType;
        let certificate: CertificateRow | undefined;
        let consentOrg: string | null = null;
        if (input.kind === 'first') {
          rightType = input.rightType ?? 'holding';
          if (input.subject) {
            if (rightType === 'processing' || (rightType === 'operation' && input.subject.kind !== 'product'))
              throw invalid(
                'RIGHTS_SUBJECT',
                '/body/subject',
                'A new subject is registered with its holding right (or a product with its operation right)',
              );
            if (input.subject.grade === 'core')
              throw refuse('RIGHTS_CORE_DATA', 'Core data (核心数据) cannot be registered for circulation');
            for (const same of await repo.subjectsWithContent(input.subject.contentHash, tx)) {
              const taken =
                (await repo.validCertificates(tx, same.id)).length > 0 ||
                (await repo.openApplications(tx, same.id)).length > 0;
              if (taken)
                throw conflict(
                  'RIGHTS_CONTENT_REGISTERED',
                  `Data with this content hash is already registered as subject ${same.id}`,
                );
            }
            subject = await repo.insertSubject(tx, {
              id: randomUUID(),
              kind: input.subject.kind,
              title: input.subject.title,
              content_hash: input.subject.contentHash,
              grade: input.subject.grade,
              description: input.subject.description ?? null,
              registered_by_org: org,
            });
          } else {
            if (!input.subjectId)
              throw invalid(
                'RIGHTS_SUBJECT',
                '/body/subject',
                'Give the new subject, or subjectId for a registered one',
              );
            const found = await repo.subject(input.subjectId, tx);
            if (!found) throw notFound('The subject', 'RIGHTS_SUBJECT_NOT_FOUND');
            subject = found;
            if (rightType === 'holding') {
              if (await holdingOf(tx, subject.id))
                throw conflict(
                  'RIGHTS_ALREADY_REGISTERED',
                  'This subject’s holding right is registered: a transfer moves it',
                );
            } else {
              const holding = await holdingOf(tx, subject.id);
              if (!holding || holding.holder_org_id !== org)
                throw refuse(
                  'RIGHTS_NOT_HOLDER',
                  'Only the holder registers this right first; others apply for a licence',
                );
            }
          }
        } else if (input.kind === 'licence') {
          rightType = input.rightType ?? 'processing';
          if (rightType === 'holding')
            throw invalid('RIGHTS_KIND', '/body/rightType', 'The holding right is transferred, not licensed');
          if (!input.subjectId)
            throw invalid('RIGHTS_SUBJECT', '/body/subjectId', 'A licence names the subject');
          const found = await repo.subject(input.subjectId, tx);
          if (!found) throw notFound('The subject', 'RIGHTS_SUBJECT_NOT_FOUND');
          subject = found;
          const holding = await holdingOf(tx, subject.id);
          if (!holding)
            throw refuse('RIGHTS_NO_HOLDER', 'The subject has no registered holder to grant a licence');
          if (holding.holder_org_id === org)
            throw refuse(
              'RIGHTS_SELF_LICENCE',
              'The holder registers its own rights with a first registration',
            );
          consentOrg = holding.holder_org_id;
        } else {
          certificate = await validCertificate(tx, input.certificateNumber);
          subject = (await repo.subject(certificate.subject_id, tx))!;
          rightType = certificate.right_type;
          if (input.kind === 'transfer') {
            if (certificate.holder_org_id === org)
              throw refuse('RIGHTS_SELF_TRANSFER', 'A transfer goes to another organization');
            consentOrg = certificate.holder_org_id;
          } else if (certificate.holder_org_id !== org) {
            throw refuse(
              'RIGHTS_NOT_HOLDER',
              `Only the holder of ${certificate.number} may apply for its ${input.kind}`,
            );
          }
          if (input.kind === 'renewal') {
            const current = (certificate.body as CertificateBody).validUntil;
            if (!input.validUntil || (current !== null && input.validUntil <= current))
              throw invalid(
                'RIGHTS_VALIDITY',
                '/body/validUntil',
                'A renewal extends validUntil beyond the current one',
              );
          }
        }
        await checkSubject(tx, subject);
        const pending = (await repo.openApplications(tx, subject.id)).find(
          (a) => a.applicant_org_id === org && a.right_type === rightType,
        );
        if (pending)
          throw conflict(
            'RIGHTS_APPLICATION_PENDING',
            `Application ${pending.number} for this right is still open`,
          );
        const created = await newApplication(tx, {
          kind: input.kind,
          right_type: rightType,
          subject_id: subject.id,
          applicant_org_id: org,
          certificate_id: certificate?.id ?? null,
          consent_org_id: consentOrg,
          status: consentOrg ? 'awaiting_consent' : 'under_review',
          scope: input.scope ?? null,
          valid_from: input.validFrom ?? null,
          valid_until: input.validUntil ?? null,
          statement: input.statement ?? null,
        });
        await recordChange(tx, ctx, {
          action: 'rights.application.submitted',
          targetType: 'rights_application',
          targetId: created.id,
          details: {
            number: created.number,
            kind: input.kind,
            rightType,
            subjectId: subject.id,
            contentHash: subject.content_hash,
            certificate: certificate?.number ?? null,
          },
        });
        return created;
      });
      return applicationView(row, { attachments: true });
    },

    async list(
      ctx: RequestContext,
      f: { status?: string; kind?: string; subjectId?: string; limit: number; offset: number },
    ) {
      const { rows, total } = await repo.listApplications({
        ...f,
        orgIds: readsAcrossOrgs(ctx) ? undefined : [orgOf(ctx)],
      });
      return {
        items: await applicationViews(rows),
        total,
        limit: f.limit,
        offset: f.offset,
      };
    },

    async get(ctx: RequestContext, id: string) {
      const row = await repo.application(id);
      if (!row) throw notFound('The application', 'RIGHTS_APPLICATION_NOT_FOUND');
      visible(ctx, row);
      return applicationView(row, { attachments: true });
    },

    async addAttachment(
      ctx: RequestContext,
      id: string,
      input: { name: string; mediaType: string; contentBase64: string },
    ) {
      const content = Buffer.from(input.contentBase64, 'base64');
      if (content.toString('base64') !== input.contentBase64.replace(/\s+/g, '') || content.length === 0)
        throw invalid('RIGHTS_ATTACHMENT_ENCODING', '/body/contentBase64', 'Not standard base64, or empty');
      await repo.transaction(async (tx) => {
        const row = await load(tx, id);
        visible(ctx, row);
        if (row.applicant_org_id !== orgOf(ctx))
          throw forbidden('Only the applicant adds attachments', 'RIGHTS_NOT_APPLICANT');
        if (!['awaiting_consent', 'under_review'].includes(row.status))
          throw badState(row, 'before review ends');
        if ((await repo.attachments(id, tx)).length >= MAX_ATTACHMENTS)
          throw refuse('RIGHTS_TOO_MANY_ATTACHMENTS', `At most ${MAX_ATTACHMENTS} attachments`);
        const sha256 = createHash('sha256').update(content).digest('hex');
        const att = await repo.insertAttachment(tx, {
          id: randomUUID(),
          application_id: id,
          name: input.name,
          media_type: input.mediaType,
          size: content.length,
          sha256,
          content,
          uploaded_by_org: orgOf(ctx),
        });
        await recordChange(tx, ctx, {
          action: 'rights.attachment.added',
          targetType: 'rights_application',
          targetId: id,
          details: { number: row.number, attachment: att.id, sha256, size: content.length },
        });
      });
      return this.get(ctx, id);
    },

    async attachment(ctx: RequestContext, id: string, attachmentId: string) {
      const row = await repo.application(id);
      if (!row) throw notFound('The application', 'RIGHTS_APPLICATION_NOT_FOUND');
      visible(ctx, row);
      const att = await repo.attachment(id, attachmentId);
      if (!att) throw notFound('The attachment', 'RIGHTS_ATTACHMENT_NOT_FOUND');
      return att;
    },

    /** The current holder's consent to a licence or transfer (数据持有方同意), recorded with its hash on the ledger. */
    async consent(
      ctx: RequestContext,
      id: string,
      input: { decision: 'grant' | 'refuse'; statement: string },
    ) {
      const row = await repo.transaction(async (tx) => {
        const app = await load(tx, id);
        visible(ctx, app);
        if (app.consent_org_id !== orgOf(ctx))
          throw forbidden('Only the current holder answers this consent request', 'RIGHTS_CONSENT_NOT_YOURS');
        if (app.status !== 'awaiting_consent') throw badState(app, 'awaiting consent');
        const subject = (await repo.subject(app.subject_id, tx))!;
        const consent = {
          decision: input.decision,
          statement: input.statement,
          application: app.number,
          kind: app.kind,
          rightType: app.right_type,
          subject: { id: subject.id, contentHash: subject.content_hash },
          grantee: app.applicant_org_id,
          scope: app.scope,
          validUntil: app.valid_until,
          orgId: orgOf(ctx),
          userId: ctx.principal!.userId,
          at: new Date().toISOString(),
        };
        const statementHash = createHash('sha256').update(canonicalJson(consent)).digest('hex');
        const updated = await repo.updateApplication(tx, id, {
          consent: JSON.stringify({ ...consent, statementHash }),
          status: input.decision === 'grant' ? 'under_review' : 'refused',
          ...(input.decision === 'refuse' && {
            decision_code: 'RIGHTS_CONSENT_REFUSED',
            decision_reason: 'The holder refused consent',
          }),
        });
        await recordChange(tx, ctx, {
          action: input.decision === 'grant' ? 'rights.consent.granted' : 'rights.consent.refused',
          targetType: 'rights_application',
          targetId: id,
          details: { number: app.number, statementHash },
        });
        return updated;
      });
      return applicationView(row, { attachments: true });
    },

    async review(
      ctx: RequestContext,
      id: string,
      input: {
        decision: 'approve' | 'reject';
        checklist: Partial<Record<ChecklistItem, boolean>>;
        comment?: string | undefined;
      },
    ) {
      const row = await repo.transaction(async (tx) => {
        const app = await load(tx, id);
        if (app.status !== 'under_review') throw badState(app, 'under review');
        const missing = CHECKLIST.filter((item) => input.checklist[item] !== true);
        if (input.decision === 'approve' && missing.length)
          throw refuse(
            'RIGHTS_CHECKLIST_INCOMPLETE',
            `Approval needs every checklist item; missing: ${missing.join(', ')}`,
          );
        if (input.decision === 'reject' && !input.comment)
          throw invalid('RIGHTS_REASON_REQUIRED', '/body/comment', 'A rejection states its reason');
        const review = {
          decision: input.decision,
          checklist: Object.fromEntries(CHECKLIST.map((i) => [i, input.checklist[i] === true])),
          comment: input.comment ?? null,
          userId: ctx.principal!.userId,
          at: new Date().toISOString(),
        };
        let updated: ApplicationRow;
        if (input.decision === 'reject') {
          updated = await repo.updateApplication(tx, id, {
            review: JSON.stringify(review),
            status: 'refused',
            decision_code: 'RIGHTS_REVIEW_REJECTED',
            decision_reason: input.comment ?? null,
          });
        } else if (app.kind === 'cancellation') {
          // A holder giving up its own right needs no public notice: it takes effect on approval.
          const cert = (await repo.certificate(app.certificate_id!, tx))!;
          if (effectiveStatus(cert) !== 'valid')
            throw conflict(
              'RIGHTS_CERTIFICATE_NOT_VALID',
              `Certificate ${cert.number} is ${effectiveStatus(cert)}`,
            );
          await repo.updateCertificate(tx, cert.id, {
            status: 'cancelled',
            status_reason: `cancellation ${app.number}`,
          });
          await recordChange(tx, ctx, {
            action: 'rights.certificate.cancelled',
            targetType: 'certificate',
            targetId: cert.id,
            details: { number: cert.number, application: app.number },
          });
          updated = await repo.updateApplication(tx, id, {
            review: JSON.stringify(review),
            status: 'completed',
          });
        } else {
          updated = await repo.updateApplication(tx, id, {
            review: JSON.stringify(review),
            status: 'in_notice',
            notice_ends_at: new Date(Date.now() + deps.noticeSeconds * 1000),
          });
        }
        await recordChange(tx, ctx, {
          action:
            input.decision === 'approve' ? 'rights.application.approved' : 'rights.application.rejected',
          targetType: 'rights_application',
          targetId: id,
          details: { number: app.number, checklist: review.checklist },
        });
        return updated;
      });
      return applicationView(row, { attachments: true });
    },

    async withdraw(ctx: RequestContext, id: string) {
      const row = await repo.transaction(async (tx) => {
        const app = await load(tx, id);
        visible(ctx, app);
        if (app.applicant_org_id !== orgOf(ctx))
          throw forbidden('Only the applicant withdraws', 'RIGHTS_NOT_APPLICANT');
        if (!OPEN_STATUSES.includes(app.status)) throw badState(app, 'open');
        const updated = await repo.updateApplication(tx, id, { status: 'withdrawn' });
        await recordChange(tx, ctx, {
          action: 'rights.application.withdrawn',
          targetType: 'rights_application',
          targetId: id,
          details: { number: app.number },
        });
        return updated;
      });
      return applicationView(row, { attachments: true });
    },

    /** Ends the public notice: issues the certificate, or refuses when a check no longer holds. */
    async issue(ctx: RequestContext, id: string) {
      const row = await repo.transaction((tx) => finalize(tx, ctx, id));
      return applicationView(row, { attachments: true });
    },

    /** Issues every application whose notice has ended without an open objection (the timer calls this). */
    async finalizeDue(): Promise<number> {
      let done = 0;
      for (const { id } of await repo.dueNotices(new Date())) {
        try {
          await repo.transaction((tx) => finalize(tx, systemContext('rights.finalizer'), id));
          done++;
        } catch (error) {
          if (!(error instanceof AppError) || error.kind === 'internal') throw error;
        }
      }
      return done;
    },

    /** The public notice board (公示): applications in notice, with their open objections. */
    async notices(f: { limit: number; offset: number }) {
      const { rows, total } = await repo.listApplications({ ...f, status: 'in_notice' });
      const [views, objections] = await Promise.all([
        applicationViews(rows),
        repo.openObjectionCounts(rows.map((r) => r.id)),
      ]);
      const items = views.map((view) => ({
        id: view.id,
        number: view.number,
        kind: view.kind,
        rightType: view.rightType,
        subject: view.subject,
        applicant: view.applicant,
        certificateNumber: view.certificateNumber,
        scope: view.scope,
        validFrom: view.validFrom,
        validUntil: view.validUntil,
        noticeEndsAt: view.noticeEndsAt,
        openObjections: objections.get(view.id) ?? 0,
      }));
      return { items, total, limit: f.limit, offset: f.offset };
    },

    async fileObjection(
      ctx: RequestContext,
      input: { applicationId?: string | undefined; certificateNumber?: string | undefined; reason: string },
    ) {
      if (Boolean(input.applicationId) === Boolean(input.certificateNumber))
        throw invalid('RIGHTS_OBJECTION_TARGET', '/body', 'Object to one application or one certificate');
      const row = await repo.transaction(async (tx) => {
        let subjectId: string;
        let applicationId: string | null = null;
        let certificateId: string | null = null;
        let against: string;
        if (input.applicationId) {
          const app = await repo.application(input.applicationId, tx);
          if (!app || app.status !== 'in_notice')
            throw notFound('An application in public notice', 'RIGHTS_NOTICE_NOT_FOUND');
          if (app.applicant_org_id === orgOf(ctx))
            throw refuse('RIGHTS_OWN_OBJECTION', 'You cannot object to your own application');
          subjectId = app.subject_id;
          applicationId = app.id;
          against = app.number;
        } else {
          const cert = await validCertificate(tx, input.certificateNumber);
          if (cert.holder_org_id === orgOf(ctx))
            throw refuse('RIGHTS_OWN_OBJECTION', 'You cannot object to your own certificate');
          subjectId = cert.subject_id;
          certificateId = cert.id;
          against = cert.number;
        }
        await repo.lockSubject(tx, subjectId);
        const id = randomUUID();
        const created = await repo.insertObjection(tx, {
          id,
          number: await nextNumber(tx, 'objection_no', 'YY'),
          subject_id: subjectId,
          application_id: applicationId,
          certificate_id: certificateId,
          filed_by_org: orgOf(ctx),
          reason: input.reason,
          status: 'open',
          resolution: null,
          resolved_by: null,
          resolved_at: null,
        });
        await recordChange(tx, ctx, {
          action: 'rights.objection.filed',
          targetType: 'rights_objection',
          targetId: id,
          details: { number: created.number, against, subjectId },
        });
        return created;
      });
      return objectionView(row);
    },

    async listObjections(
      ctx: RequestContext,
      f: { status?: string; subjectId?: string; limit: number; offset: number },
    ) {
      const { rows, total } = await repo.listObjections({
        ...f,
        orgIds: readsAcrossOrgs(ctx) ? undefined : [orgOf(ctx)],
      });
      return { items: await Promise.all(rows.map(objectionView)), total, limit: f.limit, offset: f.offset };
    },

    async resolveObjection(
      ctx: RequestContext,
      id: string,
      input: { decision: 'upheld' | 'dismissed'; resolution: string },
    ) {
      const row = await repo.transaction(async (tx) => {
        const found = await repo.objection(id, tx);
        if (!found) throw notFound('The objection', 'RIGHTS_OBJECTION_NOT_FOUND');
        await repo.lockSubject(tx, found.subject_id);
        const o = (await repo.objection(id, tx))!;
        if (o.status !== 'open')
          throw conflict('RIGHTS_OBJECTION_CLOSED', `Objection ${o.number} is ${o.status}`);
        const updated = await repo.updateObjection(tx, id, {
          status: input.decision,
          resolution: input.resolution,
          resolved_by: ctx.principal!.userId,
          resolved_at: new Date(),
        });
        if (input.decision === 'upheld' && o.application_id) {
          const app = await load(tx, o.application_id);
          if (OPEN_STATUSES.includes(app.status)) {
            await repo.updateApplication(tx, app.id, {
              status: 'refused',
              decision_code: 'RIGHTS_OBJECTION_UPHELD',
              decision_reason: input.resolution,
            });
          }
        }
        if (input.decision === 'upheld' && o.certificate_id)
          await revokeCertificate(tx, ctx, o.certificate_id, input.resolution);
        await recordChange(tx, ctx, {
          action: `rights.objection.${input.decision}`,
          targetType: 'rights_objection',
          targetId: id,
          details: { number: o.number },
        });
        return updated;
      });
      return objectionView(row);
    },

    /** 撤销登记: the authority revokes a certificate (fraud, an upheld objection, a court ruling). */
    async revoke(ctx: RequestContext, number: string, reason: string) {
      await repo.transaction(async (tx) => {
        const cert = await validCertificate(tx, number);
        await revokeCertificate(tx, ctx, cert.id, reason);
      });
      return this.certificate(number);
    },

    async certificate(number: string): Promise<CertificateDocument> {
      const c = await repo.certificateByNumber(number);
      if (!c) throw notFound('The certificate', 'CERTIFICATE_NOT_FOUND');
      return {
        certificate: c.body as CertificateBody,
        signature: c.signature,
        status: effectiveStatus(c),
        statusReason: c.status_reason,
        verifierKey: deps.ledger.verifierKey,
        ledger: (await deps.ledger.proveEvent(c.event_id)) ?? null,
      };
    },

    async listCertificates(
      ctx: RequestContext,
      f: { status?: string; subjectId?: string; limit: number; offset: number },
    ) {
      const { rows, total } = await repo.listCertificates({
        ...f,
        orgIds: readsAcrossOrgs(ctx) ? undefined : [orgOf(ctx)],
      });
      const holders = await cards(rows.map((r) => r.holder_org_id));
      return {
        items: rows.map((r) => certificateSummary(r, holders)),
        total,
        limit: f.limit,
        offset: f.offset,
      };
    },

    /** A subject's rights and their history (权属变更记录), public like the certificates themselves. */
    async subject(id: string) {
      const subject = await repo.subject(id);
      if (!subject) throw notFound('The subject', 'RIGHTS_SUBJECT_NOT_FOUND');
      const [certs, allApps, objections] = await Promise.all([
        repo.subjectCertificates(id),
        repo.subjectApplications(id),
        repo.subjectObjections(id),
      ]);
      // The public sees what was made public: applications once in notice, and acts that took effect. Those
      // still in consent or review, withdrawn, or refused before notice stay between applicant and authority.
      const apps = allApps.filter(
        (a) => a.notice_ends_at !== null || a.status === 'issued' || a.status === 'completed',
      );
      const orgs = await cards([
        ...certs.map((c) => c.holder_org_id),
        ...apps.map((a) => a.applicant_org_id),
        ...objections.map((o) => o.filed_by_org),
      ]);
      const history = [
        ...apps.map((a) => ({
          at: iso(a.created_at)!,
          type: 'application' as const,
          number: a.number,
          kind: a.kind,
          rightType: a.right_type,
          org: orgs.get(a.applicant_org_id)!.name,
          status: a.status,
        })),
        ...certs.map((c) => ({
          at: iso(c.issued_at)!,
          type: 'certificate' as const,
          number: c.number,
          kind: (c.body as CertificateBody).registrationKind,
          rightType: c.right_type,
          org: orgs.get(c.holder_org_id)!.name,
          status: effectiveStatus(c),
        })),
        ...objections.map((o) => ({
          at: iso(o.created_at)!,
          type: 'objection' as const,
          number: o.number,
          kind: 'objection',
          rightType: null,
          org: orgs.get(o.filed_by_org)!.name,
          status: o.status,
        })),
      ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      return {
        subject: subjectView(subject),
        certificates: certs.map((c) => certificateSummary(c, orgs)),
        history,
      };
    },
  };

  /** The next number of a sequence: prefix, year, optional letter, eight digits (SQ202600000001, LT2026H00000001). */
  async function nextNumber(
    tx: Db,
    sequence: Parameters<RightsRepository['nextNumber']>[1],
    prefix: string,
    letter = '',
  ) {
    const n = await repo.nextNumber(tx, sequence);
    return `${prefix}${new Date().getUTCFullYear()}${letter}${String(n).padStart(8, '0')}`;
  }

  /** Inserts an application with a fresh id and number; what a new application has not got yet is null. */
  function newApplication(
    tx: Db,
    fields: Pick<ApplicationRow, 'kind' | 'right_type' | 'subject_id' | 'applicant_org_id' | 'status'> &
      Partial<ApplicationRow>,
  ) {
    return nextNumber(tx, 'application_no', 'SQ').then((number) =>
      repo.insertApplication(tx, {
        id: randomUUID(),
        number,
        certificate_id: null,
        consent_org_id: null,
        scope: null,
        valid_from: null,
        valid_until: null,
        statement: null,
        consent: null,
        review: null,
        notice_ends_at: null,
        decision_code: null,
        decision_reason: null,
        issued_certificate_id: null,
        ...fields,
      }),
    );
  }

  async function revokeCertificate(tx: Db, ctx: RequestContext, certificateId: string, reason: string) {
    const cert = (await repo.certificate(certificateId, tx))!;
    if (cert.status !== 'valid') return;
    await repo.updateCertificate(tx, cert.id, { status: 'revoked', status_reason: reason });
    await newApplication(tx, {
      kind: 'revocation',
      right_type: cert.right_type,
      subject_id: cert.subject_id,
      applicant_org_id: orgOf(ctx),
      certificate_id: cert.id,
      status: 'completed',
      statement: reason,
    });
    await recordChange(tx, ctx, {
      action: 'rights.certificate.revoked',
      targetType: 'certificate',
      targetId: cert.id,
      details: { number: cert.number, reason },
    });
  }
}

export type RightsService = ReturnType<typeof createRightsService>;
