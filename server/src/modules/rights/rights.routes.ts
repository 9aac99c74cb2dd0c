// HTTP routes of the rights module: applications, consent, review, notices, objections and certificates.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  IdParams,
  Nullable,
  Paged,
  PagingQuery,
  Prose,
  strict,
  Text,
  Timestamp,
} from '../../platform/schemas.ts';
import { CERTIFICATE_NUMBER, CERTIFICATE_VIEW_STATUSES } from './certificate.ts';
import type { RightsService } from './rights.service.ts';
import {
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  CHECKLIST,
  GRADES,
  OBJECTION_STATUSES,
  RIGHT_TYPES,
  SUBJECT_KINDS,
} from './rights.tables.ts';

const Hex64 = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 or SM3 of the data, lowercase hex',
});
const Day = Type.String({
  pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
  description: 'YYYY-MM-DD',
});
const CertificateNumber = Type.String({ pattern: CERTIFICATE_NUMBER, description: 'e.g. LT2026H00000001' });
const RightTypeSchema = Type.Enum(RIGHT_TYPES);
const Org = Type.Object({ id: Type.String(), name: Type.String(), creditCode: Nullable(Type.String()) });
const Subject = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Enum(SUBJECT_KINDS),
  title: Type.String(),
  contentHash: Type.String(),
  grade: Type.Enum(GRADES),
  description: Type.Optional(Nullable(Type.String())),
});
const Attachment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  createdAt: Timestamp,
});
const Application = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  kind: Type.Enum(APPLICATION_KINDS),
  rightType: RightTypeSchema,
  status: Type.Enum(APPLICATION_STATUSES),
  subject: Subject,
  applicant: Org,
  consentOrg: Nullable(Org),
  certificateNumber: Nullable(Type.String()),
  issuedCertificateNumber: Nullable(Type.String()),
  scope: Nullable(Type.String()),
  validFrom: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  statement: Nullable(Type.String()),
  consent: Nullable(Type.Record(Type.String(), Type.Unknown())),
  review: Nullable(Type.Record(Type.String(), Type.Unknown())),
  noticeEndsAt: Nullable(Timestamp),
  decision: Nullable(Type.Object({ code: Type.String(), reason: Nullable(Type.String()) })),
  attachments: Type.Array(Attachment),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const Notice = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  kind: Type.Enum(APPLICATION_KINDS),
  rightType: RightTypeSchema,
  subject: Subject,
  applicant: Org,
  certificateNumber: Nullable(Type.String()),
  scope: Nullable(Type.String()),
  validFrom: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  noticeEndsAt: Nullable(Timestamp),
  openObjections: Type.Integer(),
});
const Objection = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  subjectId: Type.String({ format: 'uuid' }),
  applicationNumber: Nullable(Type.String()),
  certificateNumber: Nullable(Type.String()),
  filedBy: Org,
  reason: Type.String(),
  status: Type.Enum(OBJECTION_STATUSES),
  resolution: Nullable(Type.String()),
  resolvedAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
const CertificateBody = Type.Object({
  v: Type.Literal(1),
  number: Type.String(),
  rightType: RightTypeSchema,
  registrationKind: Type.String(),
  holder: Type.Object({ orgId: Type.String(), name: Type.String(), creditCode: Nullable(Type.String()) }),
  subject: Type.Object({
    id: Type.String(),
    kind: Type.String(),
    title: Type.String(),
    contentHash: Type.String(),
    grade: Type.String(),
  }),
  scope: Nullable(Type.String()),
  validFrom: Type.String(),
  validUntil: Nullable(Type.String()),
  issuedAt: Type.String(),
  issuer: Type.String(),
  applicationNumber: Type.String(),
  supersedes: Nullable(Type.String()),
});
const CertificateStatus = Type.Enum(CERTIFICATE_VIEW_STATUSES);
const CertificateDocument = Type.Object({
  certificate: CertificateBody,
  signature: Type.String({ description: 'C2SP signed note over the header line and the canonical JSON' }),
  status: CertificateStatus,
  statusReason: Type.Optional(Nullable(Type.String())),
  verifierKey: Type.String(),
  ledger: Nullable(
    Type.Object({
      index: Type.Integer(),
      entry: Type.String(),
      leafHash: Type.String(),
      treeSize: Type.Integer(),
      proof: Type.Array(Type.String()),
      checkpoint: Type.String(),
    }),
  ),
});
const CertificateSummary = Type.Object({
  number: Type.String(),
  rightType: RightTypeSchema,
  holder: Type.Object({ name: Type.String(), creditCode: Nullable(Type.String()) }),
  subject: CertificateBody.properties.subject,
  scope: Nullable(Type.String()),
  validFrom: Type.String(),
  validUntil: Nullable(Type.String()),
  issuedAt: Type.String(),
  status: CertificateStatus,
  statusReason: Nullable(Type.String()),
});
const AttachmentParams = Type.Object(
  { id: Type.String({ format: 'uuid' }), attachmentId: Type.String({ format: 'uuid' }) },
  strict,
);
const NumberParams = Type.Object({ number: CertificateNumber }, strict);

const APPLICANTS = ['holder', 'operator', 'merchant'] as const;
const AUTHORITY = ['authority'] as const;

export async function rightsRoutes(app: FastifyInstance, { rights }: { rights: RightsService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/rights/applications',
    {
      config: {
        access: [...APPLICANTS],
        action: 'rights.application.submit',
        auditFields: ['kind', 'rightType'],
      },
      schema: {
        tags: ['rights'],
        summary: 'Apply for a registration: first, licence, transfer, change, renewal or cancellation',
        description:
          'A first registration of a new subject carries `subject`; one of a registered subject carries `subjectId`. ' +
          'A licence names `subjectId` and needs the holder’s consent; a transfer, change, renewal or cancellation ' +
          'names `certificateNumber`. Core data, a subject under objection, and rights the applicant does not hold are refused.',
        body: Type.Object(
          {
            kind: Type.Enum(APPLICATION_KINDS),
            rightType: Type.Optional(RightTypeSchema),
            subject: Type.Optional(
              Type.Object(
                {
                  kind: Type.Enum(SUBJECT_KINDS),
                  title: Text(2, 200),
                  contentHash: Hex64,
                  grade: Type.Enum(GRADES),
                  description: Type.Optional(Prose(0, 2000)),
                },
                strict,
              ),
            ),
            subjectId: Type.Optional(Type.String({ format: 'uuid' })),
            certificateNumber: Type.Optional(CertificateNumber),
            scope: Type.Optional(Prose(1, 1000)),
            validFrom: Type.Optional(Day),
            validUntil: Type.Optional(Day),
            statement: Type.Optional(Prose(0, 4000)),
          },
          strict,
        ),
        response: { 201: Application },
      },
    },
    async (req, reply) => reply.status(201).send(await rights.apply(req.ctx, req.body)),
  );

  r.get(
    '/rights/applications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['rights'],
        summary:
          'Applications: your organization’s (as applicant or consenting holder), or all for the authority',
        querystring: Type.Object(
          {
            ...PagingQuery,
            status: Type.Optional(Type.Enum(APPLICATION_STATUSES)),
            kind: Type.Optional(Type.Enum(APPLICATION_KINDS)),
            subjectId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          strict,
        ),
        response: { 200: Paged(Application) },
      },
    },
    (req) => rights.list(req.ctx, req.query),
  );

  r.get(
    '/rights/applications/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['rights'],
        summary: 'One application',
        params: IdParams,
        response: { 200: Application },
      },
    },
    (req) => rights.get(req.ctx, req.params.id),
  );

  r.post(
    '/rights/applications/:id/attachments',
    {
      config: { access: [...APPLICANTS], action: 'rights.attachment.add', auditFields: ['name'] },
      schema: {
        tags: ['rights'],
        summary: 'Attach a supporting document (base64, up to the body limit) before review ends',
        params: IdParams,
        body: Type.Object(
          {
            name: Text(1, 200),
            mediaType: Type.String({ pattern: '^[a-z]+/[a-z0-9.+-]+$', maxLength: 100 }),
            contentBase64: Type.String({ minLength: 4, pattern: '^[A-Za-z0-9+/=\\s]+$' }),
          },
          strict,
        ),
        response: { 201: Application },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await rights.addAttachment(req.ctx, req.params.id, req.body)),
  );

  r.get(
    '/rights/applications/:id/attachments/:attachmentId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['rights'],
        summary: 'Download an attachment',
        params: AttachmentParams,
        response: { 200: Type.Unknown({ description: 'the file' }) },
      },
    },
    async (req, reply) => {
      const att = await rights.attachment(req.ctx, req.params.id, req.params.attachmentId);
      return reply
        .type(att.media_type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(att.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(att.content);
    },
  );

  r.post(
    '/rights/applications/:id/consent',
    {
      config: { access: [...APPLICANTS], action: 'rights.consent.answer', auditFields: ['decision'] },
      schema: {
        tags: ['rights'],
        summary: 'The current holder grants or refuses consent to a licence or transfer',
        params: IdParams,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('grant'), Type.Literal('refuse')]),
            statement: Prose(2, 4000),
          },
          strict,
        ),
        response: { 200: Application },
      },
    },
    (req) => rights.consent(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/rights/applications/:id/review',
    {
      config: { access: [...AUTHORITY], action: 'rights.application.review', auditFields: ['decision'] },
      schema: {
        tags: ['rights'],
        summary:
          'Compliance review: approve (every checklist item holds) into public notice, or reject with a reason',
        params: IdParams,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
            checklist: Type.Object(
              Object.fromEntries(CHECKLIST.map((item) => [item, Type.Optional(Type.Boolean())])),
              strict,
            ),
            comment: Type.Optional(Prose(1, 2000)),
          },
          strict,
        ),
        response: { 200: Application },
      },
    },
    (req) => rights.review(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/rights/applications/:id/withdraw',
    {
      config: { access: [...APPLICANTS], action: 'rights.application.withdraw' },
      schema: {
        tags: ['rights'],
        summary: 'Withdraw an open application',
        params: IdParams,
        response: { 200: Application },
      },
    },
    (req) => rights.withdraw(req.ctx, req.params.id),
  );

  r.post(
    '/rights/applications/:id/issue',
    {
      config: { access: [...AUTHORITY], action: 'rights.application.issue' },
      schema: {
        tags: ['rights'],
        summary:
          'End the public notice: issue the certificate (the platform also does this when the notice ends)',
        params: IdParams,
        response: { 200: Application },
      },
    },
    (req) => rights.issue(req.ctx, req.params.id),
  );

  r.get(
    '/rights/notices',
    {
      config: { access: 'public' },
      schema: {
        tags: ['rights'],
        summary: 'The public notice board (公示): applications anyone may object to',
        querystring: Type.Object({ ...PagingQuery }, strict),
        response: { 200: Paged(Notice) },
      },
    },
    (req) => rights.notices(req.query),
  );

  r.post(
    '/rights/objections',
    {
      config: { access: 'authenticated', action: 'rights.objection.file' },
      schema: {
        tags: ['rights'],
        summary: 'Object (异议) to an application in notice or to a valid certificate',
        body: Type.Object(
          {
            applicationId: Type.Optional(Type.String({ format: 'uuid' })),
            certificateNumber: Type.Optional(CertificateNumber),
            reason: Prose(10, 4000),
          },
          strict,
        ),
        response: { 201: Objection },
      },
    },
    async (req, reply) => reply.status(201).send(await rights.fileObjection(req.ctx, req.body)),
  );

  r.get(
    '/rights/objections',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['rights'],
        summary: 'Objections: those your organization filed, or all for the authority',
        querystring: Type.Object(
          {
            ...PagingQuery,
            status: Type.Optional(Type.Enum(OBJECTION_STATUSES)),
            subjectId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          strict,
        ),
        response: { 200: Paged(Objection) },
      },
    },
    (req) => rights.listObjections(req.ctx, req.query),
  );

  r.post(
    '/rights/objections/:id/resolve',
    {
      config: { access: [...AUTHORITY], action: 'rights.objection.resolve', auditFields: ['decision'] },
      schema: {
        tags: ['rights'],
        summary: 'Resolve an objection: upheld refuses the application or revokes the certificate',
        params: IdParams,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('upheld'), Type.Literal('dismissed')]),
            resolution: Prose(2, 4000),
          },
          strict,
        ),
        response: { 200: Objection },
      },
    },
    (req) => rights.resolveObjection(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/rights/certificates',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['rights'],
        summary: 'Certificates your organization holds, or all for the authority',
        querystring: Type.Object(
          {
            ...PagingQuery,
            status: Type.Optional(Type.Enum(['valid', 'superseded', 'cancelled', 'revoked'])),
            subjectId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          strict,
        ),
        response: { 200: Paged(CertificateSummary) },
      },
    },
    (req) => rights.listCertificates(req.ctx, req.query),
  );

  r.post(
    '/rights/certificates/:number/revoke',
    {
      config: { access: [...AUTHORITY], action: 'rights.certificate.revoke' },
      schema: {
        tags: ['rights'],
        summary: 'Revoke a certificate (撤销登记)',
        params: NumberParams,
        body: Type.Object({ reason: Prose(2, 2000) }, strict),
        response: { 200: CertificateDocument },
      },
    },
    (req) => rights.revoke(req.ctx, req.params.number, req.body.reason),
  );

  r.get(
    '/rights/subjects/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['rights'],
        summary: 'A subject’s certificates and the history of its rights (public)',
        params: IdParams,
        response: {
          200: Type.Object({
            subject: Subject,
            certificates: Type.Array(CertificateSummary),
            history: Type.Array(
              Type.Object({
                at: Timestamp,
                type: Type.Union([
                  Type.Literal('application'),
                  Type.Literal('certificate'),
                  Type.Literal('objection'),
                ]),
                number: Type.String(),
                kind: Type.String(),
                rightType: Nullable(Type.String()),
                org: Type.String(),
                status: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    (req) => rights.subject(req.params.id),
  );

  r.get(
    '/certificates/:number',
    {
      config: { access: 'public' },
      schema: {
        tags: ['rights'],
        summary:
          'A certificate with its signature, ledger entry and inclusion proof: verify it with `liutong cert verify`',
        params: NumberParams,
        response: { 200: CertificateDocument },
      },
    },
    (req) => rights.certificate(req.params.number),
  );
}
