// HTTP routes of the secure store: datasets, streaming uploads of versions, classification overrides, quality
// rules, the important-data catalog, and the raw file for its holder only.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { Nullable, Paged, PagingQuery, Prose, strict, Text, Timestamp } from '../../platform/schemas.ts';
import { GRADES } from '../classification/index.ts';
import type { DatasetService } from './datasets.service.ts';
import { UPLOAD_PHASES, UPLOAD_STATUSES } from './uploads.ts';

const IdOrSlug = Type.Object(
  {
    idOrSlug: Type.String({
      pattern: '^([0-9a-f-]{36}|[a-z0-9][a-z0-9-]{1,62})$',
      description: 'id or slug',
    }),
  },
  strict,
);
const VersionParams = Type.Object(
  { ...IdOrSlug.properties, number: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
  strict,
);
const Dataset = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  orgId: Type.String(),
  resourceId: Nullable(Type.String()),
  title: Type.String(),
  description: Nullable(Type.String()),
  qualityRules: Type.Array(Type.Unknown()),
  qualityThreshold: Nullable(Type.Number()),
  latestVersion: Nullable(Type.Integer()),
  rows: Nullable(Type.Integer()),
  grade: Nullable(Type.Enum(GRADES)),
  qualityScore: Nullable(Type.Number()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const ColumnClass = Type.Object({
  name: Type.String(),
  types: Type.Array(Type.Object({ type: Type.String(), confidence: Type.Number(), matches: Type.Number() })),
  detectedGrade: Type.Enum(GRADES),
  grade: Type.Enum(GRADES),
  override: Nullable(Type.Object({ grade: Type.String(), reason: Type.String(), at: Timestamp })),
});
const Quality = Type.Object({
  method: Type.String(),
  score: Type.Number({ description: '0-100 per GB/T 36344 indicators' }),
  indicators: Type.Array(
    Type.Object({
      key: Type.String(),
      score: Nullable(Type.Number()),
      weight: Type.Number(),
      detail: Type.String(),
    }),
  ),
  rules: Type.Array(
    Type.Object({
      rule: Type.Record(Type.String(), Type.Unknown()),
      checked: Type.Integer(),
      failed: Type.Integer(),
      passRate: Type.Number(),
      note: Type.Optional(Type.String()),
    }),
  ),
});
const Version = Type.Object({
  number: Type.Integer(),
  sourceName: Type.String(),
  sourceFormat: Type.String(),
  encoding: Nullable(Type.String()),
  sourceBytes: Type.Integer(),
  sourceSha256: Type.String(),
  parquetBytes: Type.Integer(),
  parquetSha256: Type.String(),
  rows: Type.Integer(),
  schema: Type.Array(Type.Object({ name: Type.String(), type: Type.String() })),
  profile: Type.Object({
    rows: Type.Integer(),
    columns: Type.Array(
      Type.Object({
        name: Type.String(),
        type: Type.String(),
        nulls: Type.Integer(),
        distinct: Type.Integer(),
        min: Nullable(Type.String()),
        max: Nullable(Type.String()),
        patterns: Type.Array(Type.Object({ pattern: Type.String(), count: Type.Integer() })),
      }),
    ),
  }),
  classification: Type.Object({
    columns: Type.Array(ColumnClass),
    grade: Type.Enum(GRADES),
    detectedGrade: Type.Enum(GRADES),
    category: Type.String(),
    rowsScanned: Type.Integer(),
    full: Type.Boolean(),
  }),
  quality: Nullable(Quality),
  qualityScore: Nullable(Type.Number()),
  createdAt: Timestamp,
});
const DatasetDetail = Type.Object({
  ...Dataset.properties,
  versions: Type.Array(Version),
  qualityTrend: Type.Object({
    points: Type.Integer(),
    latest: Nullable(Type.Number()),
    previous: Nullable(Type.Number()),
    delta: Nullable(Type.Number()),
    slope: Nullable(Type.Number()),
    direction: Type.String(),
  }),
});

const UploadPhase = Type.Enum(UPLOAD_PHASES);
const Upload = Type.Object({
  id: Type.String({ format: 'uuid' }),
  datasetId: Type.String({ format: 'uuid' }),
  fileName: Type.String(),
  fullScan: Type.Boolean(),
  status: Type.Enum(UPLOAD_STATUSES, {
    description: 'running; stored (a version was made); failed (see error); interrupted (the server stopped)',
  }),
  phase: Type.Enum(UPLOAD_PHASES, { description: 'the current phase, or the last one reached' }),
  progress: Nullable(
    Type.Object(
      {
        done: Type.Integer(),
        total: Type.Integer(),
        unit: Type.Union([Type.Literal('bytes'), Type.Literal('rows')]),
      },
      { description: 'within the phase; null when the phase cannot tell (profiling, scoring, storing)' },
    ),
  ),
  bytes: Nullable(Type.Integer({ description: 'bytes received' })),
  rows: Nullable(Type.Integer()),
  version: Nullable(Type.Integer({ description: 'the version made, once stored' })),
  error: Nullable(Type.Object({ code: Type.String(), detail: Type.String() })),
  timeline: Type.Array(Type.Object({ phase: UploadPhase, at: Timestamp })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  finishedAt: Nullable(Timestamp),
});

const HOLDERS = ['holder'] as const;

export interface EnclaveRouteOptions {
  datasets: DatasetService;
  uploadLimitBytes: number;
}

export async function enclaveRoutes(
  app: FastifyInstance,
  { datasets, uploadLimitBytes }: EnclaveRouteOptions,
) {
  await app.register(fastifyMultipart, {
    limits: { fileSize: uploadLimitBytes, files: 1, fields: 5, fieldSize: 1024, parts: 6 },
  });
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/datasets',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['datasets'],
        summary: 'Datasets of your organization, or all for the authority and regulators',
        querystring: Type.Object(
          { ...PagingQuery, resourceId: Type.Optional(Type.String({ format: 'uuid' })) },
          strict,
        ),
        response: { 200: Paged(Dataset) },
      },
    },
    (req) => datasets.list(req.ctx, req.query),
  );

  r.post(
    '/datasets',
    {
      config: { access: [...HOLDERS], action: 'enclave.dataset.create', auditFields: ['slug'] },
      schema: {
        tags: ['datasets'],
        summary: 'Create a dataset in the secure store, optionally attached to one of your catalog resources',
        body: Type.Object(
          {
            slug: Type.String({
              pattern: '^[a-z0-9][a-z0-9-]{1,62}$',
              description: 'unique, e.g. bus-ridership',
            }),
            title: Text(2, 200),
            description: Type.Optional(Prose(0, 2000)),
            resourceId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          strict,
        ),
        response: { 201: Dataset },
      },
    },
    async (req, reply) => reply.status(201).send(await datasets.create(req.ctx, req.body)),
  );

  r.get(
    '/datasets/:idOrSlug',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['datasets'],
        summary: 'A dataset with its versions: schema, profile, classification and quality',
        params: IdOrSlug,
        response: { 200: DatasetDetail },
      },
    },
    (req) => datasets.get(req.ctx, req.params.idOrSlug),
  );

  r.post(
    '/datasets/:idOrSlug/versions',
    {
      config: { access: [...HOLDERS], action: 'enclave.version.upload' },
      schema: {
        tags: ['datasets'],
        summary: 'Upload a file as the next version (multipart/form-data, field `file`)',
        description:
          'CSV (UTF-8 or GBK/GB18030, detected), XLSX, JSON lines or Parquet, streamed to disk up to the upload ' +
          'limit, converted to Parquet, profiled, classified (a sample; `scan=full` for every row) and scored. ' +
          'A malformed file is refused naming the row, and leaves no version. Each upload is recorded with its ' +
          'phase and progress while the server works on it: pass `upload` (a UUID of your choosing) to follow it at ' +
          '`GET /datasets/{idOrSlug}/uploads/{upload}` while this request runs.',
        params: IdOrSlug,
        querystring: Type.Object(
          {
            scan: Type.Optional(Type.Union([Type.Literal('sample'), Type.Literal('full')])),
            upload: Type.Optional(
              Type.String({
                format: 'uuid',
                description: 'id of this upload; 409 UPLOAD_EXISTS if used before',
              }),
            ),
          },
          strict,
        ),
        consumes: ['multipart/form-data'],
        response: { 201: Version },
      },
      // A declared length beyond the limit is refused before a byte is read.
      preValidation: (req, _reply, done) => {
        const length = Number(req.headers['content-length'] ?? 0);
        if (length > uploadLimitBytes + 64 * 1024) return done(tooLarge(uploadLimitBytes));
        if (!req.isMultipart())
          return done(
            new AppError(
              'unsupported_media_type',
              'UPLOAD_NOT_MULTIPART',
              'Send the file as multipart/form-data',
            ),
          );
        done();
      },
    },
    async (req, reply) => {
      const part = await req.file({ throwFileSizeLimit: false });
      if (!part || part.fieldname !== 'file')
        throw new AppError('validation', 'UPLOAD_NO_FILE', 'Send the file in the form field "file"');
      const full = req.query.scan === 'full';
      const declared = Number(req.headers['content-length']);
      // The record exists (and the caller's right to upload is checked) before a byte of the file is read.
      const tracker = await datasets.beginUpload(req.ctx, req.params.idOrSlug, {
        id: req.query.upload,
        fileName: part.filename,
        full,
        bytesExpected: Number.isSafeInteger(declared) && declared > 0 ? declared : null,
      });
      const target = path.join(datasets.uploadsDir, `${randomUUID()}.upload`);
      const hash = createHash('sha256');
      let bytes = 0;
      try {
        await pipeline(
          part.file,
          new Transform({
            transform(chunk: Buffer, _enc, next) {
              hash.update(chunk);
              bytes += chunk.length;
              if (declared > 0) tracker.progress(bytes, declared, 'bytes', { bytes });
              next(null, chunk);
            },
          }),
          createWriteStream(target),
        );
        if (part.file.truncated) throw tooLarge(uploadLimitBytes);
      } catch (error) {
        await rm(target, { force: true });
        await tracker.fail(
          error instanceof AppError
            ? error
            : new AppError(
                'validation',
                'UPLOAD_INCOMPLETE',
                'The file did not arrive whole; nothing was stored',
              ),
        );
        throw error;
      }
      tracker.note({ bytes, done: bytes, total: bytes, unit: 'bytes' });
      const version = await datasets.upload(
        req.ctx,
        req.params.idOrSlug,
        { path: target, name: part.filename, bytes, sha256: hash.digest('hex') },
        { full, tracker },
      );
      return reply.status(201).send(version);
    },
  );

  r.get(
    '/datasets/:idOrSlug/uploads',
    {
      config: { access: [...HOLDERS] },
      schema: {
        tags: ['datasets'],
        summary:
          'Uploads of your dataset, newest first: running ones with phase and progress, ended ones with outcome',
        params: IdOrSlug,
        querystring: Type.Object(PagingQuery, strict),
        response: { 200: Paged(Upload) },
      },
    },
    (req) => datasets.uploads(req.ctx, req.params.idOrSlug, req.query),
  );

  r.get(
    '/datasets/:idOrSlug/uploads/:uploadId',
    {
      config: { access: [...HOLDERS] },
      schema: {
        tags: ['datasets'],
        summary: 'One upload: poll it while its request runs to show the server’s progress',
        params: Type.Object({ ...IdOrSlug.properties, uploadId: Type.String({ format: 'uuid' }) }, strict),
        response: { 200: Upload },
      },
    },
    (req) => datasets.uploadRecord(req.ctx, req.params.idOrSlug, req.params.uploadId),
  );

  r.get(
    '/datasets/:idOrSlug/versions/:number/raw',
    {
      config: { access: [...HOLDERS] },
      schema: {
        tags: ['datasets'],
        summary: 'The file as uploaded: for the holding organization only',
        params: VersionParams,
        response: { 200: Type.Unknown({ description: 'the file' }) },
      },
    },
    async (req, reply) => {
      const raw = await datasets.raw(req.ctx, req.params.idOrSlug, req.params.number);
      return reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(raw.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(createReadStream(raw.file));
    },
  );

  r.put(
    '/datasets/:idOrSlug/columns/:column/grade',
    {
      config: { access: [...HOLDERS], action: 'enclave.classification.override', auditFields: ['grade'] },
      schema: {
        tags: ['datasets'],
        summary: 'Override a column’s grade with a recorded reason (null returns to the detected grade)',
        params: Type.Object(
          { ...IdOrSlug.properties, column: Type.String({ minLength: 1, maxLength: 256 }) },
          strict,
        ),
        body: Type.Object({ grade: Nullable(Type.Enum(GRADES)), reason: Prose(2, 1000) }, strict),
        response: { 200: DatasetDetail },
      },
    },
    (req) => datasets.override(req.ctx, req.params.idOrSlug, req.params.column, req.body),
  );

  r.put(
    '/datasets/:idOrSlug/quality',
    {
      config: { access: [...HOLDERS], action: 'enclave.quality.set' },
      schema: {
        tags: ['datasets'],
        summary: 'Set quality rules per column and the alert threshold; the newest version is scored again',
        description:
          'Rules: `{kind:"not_null"|"range"|"pattern"|"code_list"|"reference"|"validator", column, …}`; a reference ' +
          'names another of your datasets: `dataset: {slug, column}` (its newest version). A version ' +
          'scoring below the threshold raises an alert on the audit trail.',
        params: IdOrSlug,
        body: Type.Object(
          {
            rules: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 200 }),
            threshold: Type.Optional(
              Type.Number({
                minimum: 0,
                maximum: 100,
                description: 'alert below this score; omit for no alert',
              }),
            ),
          },
          strict,
        ),
        response: { 200: DatasetDetail },
      },
    },
    (req) => datasets.setQuality(req.ctx, req.params.idOrSlug, req.body),
  );

  r.get(
    '/datasets/important',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['datasets'],
        summary: 'The important-data catalog (重要数据目录): datasets graded important or core',
        response: {
          200: Type.Array(
            Type.Object({
              dataset: Type.Object({
                id: Type.String(),
                slug: Type.String(),
                title: Type.String(),
                orgId: Type.String(),
                resourceId: Nullable(Type.String()),
              }),
              version: Type.Integer(),
              rows: Type.Integer(),
              grade: Type.Enum(GRADES),
              columns: Type.Array(
                Type.Object({
                  name: Type.String(),
                  grade: Type.Enum(GRADES),
                  reason: Nullable(Type.String()),
                }),
              ),
            }),
          ),
        },
      },
    },
    (req) => datasets.important(req.ctx),
  );

  r.get(
    '/catalog/resources/:id/data',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary:
          'What anyone may know of a resource’s data: versions, columns, classification and quality (no values)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, strict),
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              slug: Type.String(),
              title: Type.String(),
              latestVersion: Nullable(Type.Integer()),
              rows: Nullable(Type.Integer()),
              columns: Type.Array(
                Type.Object({
                  name: Type.String(),
                  type: Type.String(),
                  types: Type.Array(Type.String()),
                  grade: Type.Enum(GRADES),
                }),
              ),
              grade: Nullable(Type.Enum(GRADES)),
              category: Nullable(Type.String()),
              quality: Type.Array(
                Type.Object({ version: Type.Integer(), score: Type.Number(), at: Timestamp }),
              ),
            }),
          ),
        },
      },
    },
    (req) => datasets.publicSummary(req.params.id),
  );
}

function tooLarge(limit: number) {
  return new AppError(
    'payload_too_large',
    'UPLOAD_TOO_LARGE',
    `The file is larger than the upload limit of ${Math.floor(limit / 1024 / 1024)} MiB`,
  );
}
