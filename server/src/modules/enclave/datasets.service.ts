// Datasets in the secure store (安全域): each upload becomes one immutable version, converted to Parquet under the
// data directory, profiled, classified and graded (GB/T 43697) and quality-scored (GB/T 36344). The raw file is
// kept for its holder only; other organizations see what the catalog shows, never values.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { recordChange } from '../../platform/audit.ts';
import { readsAcrossOrgs, type RequestContext } from '../../platform/context.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { GRADES, type ClassificationResult, type Grade } from '../classification/index.ts';
import {
  assessVersion,
  belowThreshold,
  checkRules,
  trend,
  type QualityReport,
  type UpdateFrequency,
} from '../quality/index.ts';
import { classifyParquet } from './classify-parquet.ts';
import type { DatasetRow, EnclaveRepository, OverrideRow, VersionRow } from './enclave.repository.ts';
import { IngestError, ingestFile, type SourceFormat } from './ingest.ts';
import type { ColumnSchema, DatasetProfile } from './types.ts';
import { UploadTracker, uploadView, type UploadPhase } from './uploads.ts';

/** What the secure store needs to know of a catalog resource. */
export interface ResourceFacts {
  id: string;
  orgId: string;
  updateFrequency: UpdateFrequency;
  openLevel: string;
}

export interface EnclaveDeps {
  /** The directory that holds datasets (`<store>/datasets/<id>/…`) and uploads in progress (`<store>/uploads`). */
  storeDir: string;
  /** Rows the classifier samples unless a full scan is asked for. */
  classifySample: number;
  /** The caller's view of a catalog resource; throws not found when the caller may not see it. */
  resource(ctx: RequestContext, id: string): Promise<ResourceFacts>;
  /** Whether the resource is registered in the public catalog. */
  isPublic(resourceId: string): Promise<boolean>;
  /** Records the quality score of a resource's newest data in the catalog. */
  setQualityScore(resourceId: string, score: number | null): Promise<void>;
  /** Where a problem that must not fail the request goes (a progress write that failed). */
  warn?(message: string, error: unknown): void;
}

export interface UploadedFile {
  /** Where the upload was streamed to, inside the store's uploads directory. */
  path: string;
  /** The file name the client sent (display only; never a path). */
  name: string;
  bytes: number;
  sha256: string;
}

const orgOf = (ctx: RequestContext) => ctx.principal!.orgId;
const iso = (d: Date | string) => new Date(d).toISOString();
const gradeRank = (g: string) => GRADES.indexOf(g as Grade);
const highest = (grades: readonly string[]): Grade =>
  grades.reduce<Grade>((a, b) => (gradeRank(b) > gradeRank(a) ? (b as Grade) : a), 'general_1');

/** A file name as shown to people: its last path segment, without control characters, at most 200 characters. */
export function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f<>"`]/g, '').trim();
  return (clean || 'upload').slice(0, 200);
}

const EXTENSION: Record<SourceFormat, string> = {
  csv: 'csv',
  xlsx: 'xlsx',
  jsonl: 'jsonl',
  parquet: 'parquet',
};

export function createDatasetService(repo: EnclaveRepository, deps: EnclaveDeps) {
  const datasetsDir = path.join(deps.storeDir, 'datasets');
  const uploadsDir = path.join(deps.storeDir, 'uploads');
  const abs = (relative: string) => path.join(deps.storeDir, relative);

  async function visible(ctx: RequestContext, idOrSlug: string): Promise<DatasetRow> {
    const row = await repo.dataset(idOrSlug);
    if (!row || (row.org_id !== orgOf(ctx) && !readsAcrossOrgs(ctx)))
      throw notFound('The dataset', 'DATASET_NOT_FOUND');
    return row;
  }

  async function own(ctx: RequestContext, idOrSlug: string): Promise<DatasetRow> {
    const row = await repo.dataset(idOrSlug);
    if (!row || row.org_id !== orgOf(ctx)) throw notFound('The dataset', 'DATASET_NOT_FOUND');
    return row;
  }

  /** Column grades after the holder's overrides; the dataset's grade is the highest of them. */
  function effective(classification: ClassificationResult, overrides: readonly OverrideRow[]) {
    const byColumn = new Map(overrides.map((o) => [o.column_name, o]));
    const columns = classification.columns.map((c) => {
      const o = byColumn.get(c.name);
      return {
        name: c.name,
        types: c.types.map((t) => ({ type: t.type, confidence: t.confidence, matches: t.matches })),
        detectedGrade: c.grade,
        grade: (o?.grade ?? c.grade) as Grade,
        override: o ? { grade: o.grade, reason: o.reason, at: iso(o.created_at) } : null,
      };
    });
    return {
      columns,
      grade: highest(columns.map((c) => c.grade)),
      detectedGrade: classification.grade,
      category: classification.category,
      rowsScanned: classification.rows,
      full: classification.full,
    };
  }

  /** A version as its holder sees it: schema, full profile, classification, quality. */
  function versionView(v: VersionRow, overrides: readonly OverrideRow[]) {
    return {
      number: v.number,
      sourceName: v.source_name,
      sourceFormat: v.source_format,
      encoding: v.encoding,
      sourceBytes: Number(v.source_bytes),
      sourceSha256: v.source_sha256,
      parquetBytes: Number(v.parquet_bytes),
      parquetSha256: v.parquet_sha256,
      rows: Number(v.rows),
      schema: v.schema as ColumnSchema[],
      profile: v.profile as DatasetProfile,
      classification: effective(v.classification as ClassificationResult, overrides),
      quality: (v.quality ?? null) as QualityReport | null,
      qualityScore: v.quality_score,
      createdAt: iso(v.created_at),
    };
  }

  function datasetView(d: DatasetRow, latest: VersionRow | undefined, overrides: readonly OverrideRow[]) {
    const current = latest && effective(latest.classification as ClassificationResult, overrides);
    return {
      id: d.id,
      slug: d.slug,
      orgId: d.org_id,
      resourceId: d.resource_id,
      title: d.title,
      description: d.description,
      qualityRules: d.quality_rules as unknown[],
      qualityThreshold: d.quality_threshold,
      latestVersion: latest?.number ?? null,
      rows: latest ? Number(latest.rows) : null,
      grade: current?.grade ?? null,
      qualityScore: latest?.quality_score ?? null,
      createdAt: iso(d.created_at),
      updatedAt: iso(d.updated_at),
    };
  }

  /** Scores a stored version against the dataset's rules; never fails the upload (a report says what went wrong). */
  /**
   * Reference rules name another dataset of the same holder by slug (`dataset: { slug, column }`); the quality
   * module gets the path of its newest version. A path from the client is refused: it could name any file.
   * At assessment time a reference that no longer resolves is left out ('skip'); when rules are set it is an error.
   */
  async function resolveReferences(orgId: string, rules: readonly unknown[], unresolved: 'skip' | 'refuse') {
    const out: unknown[] = [];
    /** Stored file → slug, to put the slug back into reports. */
    const slugs = new Map<string, string>();
    for (const [i, rule] of rules.entries()) {
      const r = rule as { kind?: unknown; dataset?: { slug?: unknown; column?: unknown; parquet?: unknown } };
      if (r.kind !== 'reference') {
        out.push(rule);
        continue;
      }
      const refuseRule = (message: string) =>
        invalid('QUALITY_REFERENCE_UNKNOWN', `/body/rules/${i}/dataset`, message);
      if (r.dataset?.parquet !== undefined)
        throw refuseRule('Name the referenced dataset by its slug, not a path');
      const target = typeof r.dataset?.slug === 'string' ? await repo.dataset(r.dataset.slug) : undefined;
      const [latest] = target && target.org_id === orgId ? await repo.versions(target.id) : [];
      if (!latest) {
        if (unresolved === 'refuse')
          throw refuseRule('The referenced dataset is not one of yours with a stored version');
        continue;
      }
      slugs.set(abs(latest.parquet_path), target!.slug);
      out.push({ ...r, dataset: { parquet: abs(latest.parquet_path), column: r.dataset!.column } });
    }
    return { rules: out, slugs };
  }

  /** A report as people see it: references named by slug again, no path of the store. */
  function withSlugs(report: QualityReport, slugs: ReadonlyMap<string, string>): QualityReport {
    return {
      ...report,
      rules: report.rules.map((outcome) => {
        const rule = outcome.rule as { kind: string; dataset?: { parquet?: string; column: string } };
        if (rule.kind !== 'reference' || !rule.dataset?.parquet) return outcome;
        const slug = slugs.get(rule.dataset.parquet) ?? '?';
        return { ...outcome, rule: { ...rule, dataset: { slug, column: rule.dataset.column } } as never };
      }),
    };
  }

  async function assess(
    d: DatasetRow,
    v: { parquet: string; schema: ColumnSchema[]; profile: DatasetProfile; uploadedAt: Date },
  ) {
    const facts = d.resource_id
      ? await deps.resource(systemView(d), d.resource_id).catch(() => undefined)
      : undefined;
    const resolved = await resolveReferences(d.org_id, d.quality_rules as unknown[], 'skip');
    const report = await assessVersion({
      parquet: v.parquet,
      schema: v.schema,
      profile: v.profile,
      rules: resolved.rules,
      updateFrequency: facts?.updateFrequency ?? 'irregular',
      uploadedAt: v.uploadedAt,
      now: new Date(),
      openLevel: facts?.openLevel ?? null,
    });
    return withSlugs(report, resolved.slugs);
  }

  /** A context that reads as the dataset's holder (for facts about its own resource). */
  const systemView = (d: DatasetRow): RequestContext => ({
    principal: { kind: 'user', userId: d.created_by, username: 'system', orgId: d.org_id, roles: ['holder'] },
    requestId: 'enclave',
    ip: '127.0.0.1',
    userAgent: 'liutong',
  });

  async function recordScore(d: DatasetRow, score: number | null) {
    if (d.resource_id) await deps.setQualityScore(d.resource_id, score);
  }

  const warnOnWrite = (error: unknown) => deps.warn?.('could not record an upload’s progress', error);

  /** Records an upload of the dataset `d` as it begins. */
  async function begin(
    ctx: RequestContext,
    d: DatasetRow,
    input: { id?: string | undefined; fileName: string; full: boolean; bytesExpected: number | null },
    phase: UploadPhase,
  ): Promise<UploadTracker> {
    const id = input.id ?? randomUUID();
    const inserted = await repo.insertUpload({
      id,
      dataset_id: d.id,
      org_id: d.org_id,
      created_by: ctx.principal!.userId,
      file_name: displayName(input.fileName),
      full_scan: input.full,
      phase,
      bytes: null,
      total: phase === 'receiving' ? input.bytesExpected : null,
    });
    if (!inserted)
      throw conflict(
        'UPLOAD_EXISTS',
        'An upload with this id was already made; follow it at /datasets/{idOrSlug}/uploads/{uploadId}, or use a new id',
      );
    return new UploadTracker(repo, { id, datasetId: d.id }, phase, warnOnWrite);
  }

  /** upload()'s work, phase by phase. */
  async function store(
    ctx: RequestContext,
    d: DatasetRow,
    file: UploadedFile,
    full: boolean,
    tracker: UploadTracker,
  ) {
    const versionId = randomUUID();
    const dir = path.join('datasets', d.id);
    const parquetRel = path.join(dir, `${versionId}.parquet`);
    const created: string[] = [];
    try {
      let ingested;
      tracker.enter('converting', { done: 0, total: file.bytes, unit: 'bytes' });
      try {
        ingested = await ingestFile({
          source: file.path,
          fileName: file.name,
          target: abs(parquetRel),
          onProgress: (p) => {
            if (p.phase === 'profile') tracker.enter('profiling');
            else if (p.bytes !== undefined) tracker.progress(p.bytes, file.bytes, 'bytes');
          },
        });
      } catch (error) {
        if (error instanceof IngestError)
          throw new AppError('unprocessable', error.code, error.message, {
            fields: [
              { field: error.column ?? (error.row ? `row ${error.row}` : 'file'), message: error.message },
            ],
          });
        throw error;
      }
      created.push(parquetRel);
      const rawRel = path.join(dir, 'raw', `${versionId}.${EXTENSION[ingested.format]}`);
      await mkdir(path.dirname(abs(rawRel)), { recursive: true });
      await rename(file.path, abs(rawRel));
      created.push(rawRel);

      // The rows the classifier reads: every one, or a sample of at most classifySample.
      const toScan = full ? ingested.rows : Math.min(ingested.rows, Math.floor(deps.classifySample));
      tracker.note({ rows: ingested.rows });
      tracker.enter('classifying', { done: 0, total: toScan, unit: 'rows' });
      const classification = await classifyParquet(
        abs(parquetRel),
        ingested.schema.map((c) => c.name),
        {
          full,
          sample: deps.classifySample,
          onProgress: (rows) => tracker.progress(rows, toScan, 'rows'),
        },
      );
      tracker.enter('scoring');
      const uploadedAt = new Date();
      const quality = await assess(d, {
        parquet: abs(parquetRel),
        schema: ingested.schema,
        profile: ingested.profile,
        uploadedAt,
      });
      tracker.enter('storing');
      // Progress writes go through the database's one connection under PGlite: none may wait behind the transaction.
      await tracker.settled();
      const version = await repo.transaction(async (tx) => {
        const locked = (await repo.datasetForUpdate(tx, d.id))!;
        const number = await repo.nextVersionNumber(tx, d.id);
        const v = await repo.insertVersion(tx, {
          id: versionId,
          dataset_id: d.id,
          number,
          source_name: displayName(file.name),
          source_format: ingested.format,
          encoding: ingested.encoding,
          source_bytes: String(file.bytes),
          source_sha256: file.sha256,
          raw_path: rawRel,
          parquet_path: parquetRel,
          parquet_bytes: String(ingested.bytes),
          parquet_sha256: ingested.sha256,
          rows: String(ingested.rows),
          schema: ingested.schema,
          profile: ingested.profile,
          classification,
          grade: classification.grade,
          quality,
          quality_score: quality.score,
          created_by: ctx.principal!.userId,
        });
        await recordChange(tx, ctx, {
          action: 'enclave.version.stored',
          targetType: 'enclave.dataset',
          targetId: d.id,
          details: {
            version: number,
            rows: ingested.rows,
            sha256: ingested.sha256,
            sourceSha256: file.sha256,
            grade: classification.grade,
            qualityScore: quality.score,
          },
        });
        if (locked.quality_threshold !== null && belowThreshold(quality, locked.quality_threshold))
          await recordChange(tx, ctx, {
            action: 'enclave.quality.alert',
            targetType: 'enclave.dataset',
            targetId: d.id,
            details: { version: number, score: quality.score, threshold: locked.quality_threshold },
          });
        await tracker.stored(tx, number, ingested.rows);
        return v;
      });
      tracker.close();
      await recordScore(d, quality.score);
      return versionView(version, await repo.overrides(d.id));
    } catch (error) {
      await Promise.all(created.map((rel) => rm(abs(rel), { force: true })));
      throw error;
    } finally {
      await rm(file.path, { force: true });
    }
  }

  return {
    uploadsDir,

    /**
     * Deletes uploads left by an interrupted request and files no version owns (a crash between write and commit);
     * the records of uploads that were running say they were interrupted.
     */
    async sweep(): Promise<number> {
      await repo.interruptUploads();
      await rm(uploadsDir, { recursive: true, force: true });
      await mkdir(uploadsDir, { recursive: true });
      const owned = await repo.storedPaths();
      let removed = 0;
      const dirs = await readdir(datasetsDir).catch(() => [] as string[]);
      for (const dir of dirs) {
        for (const rel of await listFiles(path.join(datasetsDir, dir), path.join('datasets', dir))) {
          if (!owned.has(rel)) {
            await rm(abs(rel), { force: true });
            removed++;
          }
        }
      }
      return removed;
    },

    async create(
      ctx: RequestContext,
      input: {
        slug: string;
        title: string;
        description?: string | undefined;
        resourceId?: string | undefined;
      },
    ) {
      if (input.resourceId) {
        const r = await deps.resource(ctx, input.resourceId);
        if (r.orgId !== orgOf(ctx))
          throw invalid(
            'DATASET_RESOURCE_NOT_YOURS',
            '/body/resourceId',
            'Attach data to a resource of your own',
          );
      }
      const row = await repo.transaction(async (tx) => {
        const d = await repo
          .insertDataset(tx, {
            id: randomUUID(),
            slug: input.slug,
            org_id: orgOf(ctx),
            resource_id: input.resourceId ?? null,
            title: input.title.trim(),
            description: input.description?.trim() || null,
            quality_rules: [],
            quality_threshold: null,
            created_by: ctx.principal!.userId,
          })
          .catch((error: unknown) => {
            if (String((error as { code?: string }).code) === '23505')
              throw conflict('DATASET_SLUG_TAKEN', `The slug "${input.slug}" is taken`);
            throw error;
          });
        await recordChange(tx, ctx, {
          action: 'enclave.dataset.created',
          targetType: 'enclave.dataset',
          targetId: d.id,
          details: { slug: d.slug, resourceId: d.resource_id },
        });
        return d;
      });
      return datasetView(row, undefined, []);
    },

    async list(ctx: RequestContext, f: { resourceId?: string | undefined; limit: number; offset: number }) {
      const { items, total } = await repo.datasets({
        orgIds: readsAcrossOrgs(ctx) ? undefined : [orgOf(ctx)],
        resourceId: f.resourceId,
        limit: f.limit,
        offset: f.offset,
      });
      const [latest, overrides] = await Promise.all([
        repo.latestVersions(items.map((d) => d.id)),
        repo.overridesOf(items.map((d) => d.id)),
      ]);
      return {
        items: items.map((d) => datasetView(d, latest.get(d.id), overrides.get(d.id) ?? [])),
        total,
        limit: f.limit,
        offset: f.offset,
      };
    },

    /** A dataset with every version: for its holder, and for the authority and regulators. */
    async get(ctx: RequestContext, idOrSlug: string) {
      const d = await visible(ctx, idOrSlug);
      const [versions, overrides] = await Promise.all([repo.versions(d.id), repo.overrides(d.id)]);
      return {
        ...datasetView(d, versions[0], overrides),
        versions: versions.map((v) => versionView(v, overrides)),
        qualityTrend: trend(
          versions
            .filter((v) => v.quality_score !== null)
            .map((v) => ({ version: v.number, score: v.quality_score! }))
            .reverse(),
        ),
      };
    },

    /**
     * What everyone may know of the data behind a registered resource: versions, row counts, column names and
     * types, what the classifier found (types and grades, counts only) and quality scores. No profile values.
     */
    async publicSummary(resourceId: string) {
      if (!(await deps.isPublic(resourceId))) throw notFound('The resource', 'CATALOG_RESOURCE_NOT_FOUND');
      const { items } = await repo.datasets({ resourceId, limit: 20, offset: 0 });
      const [versionsOf, overrides] = await Promise.all([
        repo.versionsOf(items.map((d) => d.id)),
        repo.overridesOf(items.map((d) => d.id)),
      ]);
      return items.map((d) => {
        const v = versionsOf.get(d.id)?.[0];
        const c = v && effective(v.classification as ClassificationResult, overrides.get(d.id) ?? []);
        return {
          id: d.id,
          slug: d.slug,
          title: d.title,
          latestVersion: v?.number ?? null,
          rows: v ? Number(v.rows) : null,
          columns: c
            ? c.columns.map((col) => ({
                name: col.name,
                type: (v.schema as ColumnSchema[]).find((s) => s.name === col.name)?.type ?? 'VARCHAR',
                types: col.types.map((t) => t.type),
                grade: col.grade,
              }))
            : [],
          grade: c?.grade ?? null,
          category: c?.category ?? null,
          quality: (versionsOf.get(d.id) ?? [])
            .filter((x) => x.quality_score !== null)
            .map((x) => ({ version: x.number, score: x.quality_score!, at: iso(x.created_at) }))
            .reverse(),
        };
      });
    },

    /**
     * Records an upload that is about to be received (the route calls it once it has the file's name, before
     * reading its bytes): only the dataset's holder may upload, and an id may be used once.
     */
    async beginUpload(
      ctx: RequestContext,
      idOrSlug: string,
      input: { id?: string | undefined; fileName: string; full: boolean; bytesExpected: number | null },
    ): Promise<UploadTracker> {
      return begin(ctx, await own(ctx, idOrSlug), input, 'receiving');
    },

    /** The dataset's uploads, newest first: running ones with their phase, ended ones with their outcome. */
    async uploads(ctx: RequestContext, idOrSlug: string, page: { limit: number; offset: number }) {
      const d = await own(ctx, idOrSlug);
      const { items, total } = await repo.uploads(d.id, page);
      return { items: items.map(uploadView), total, limit: page.limit, offset: page.offset };
    },

    async uploadRecord(ctx: RequestContext, idOrSlug: string, uploadId: string) {
      const d = await own(ctx, idOrSlug);
      const u = await repo.upload(d.id, uploadId);
      if (!u) throw notFound('The upload', 'UPLOAD_NOT_FOUND');
      return uploadView(u);
    },

    /**
     * Stores an upload as the dataset's next version: converts it to Parquet, profiles, classifies (a sample, or
     * every row with `full`) and scores it, recording each phase on the upload's record (`tracker`, from
     * beginUpload; one is made when there is none). A file that does not convert leaves nothing behind but the
     * record of the failure.
     */
    async upload(
      ctx: RequestContext,
      idOrSlug: string,
      file: UploadedFile,
      options: { full: boolean; tracker?: UploadTracker },
    ) {
      const d = await own(ctx, idOrSlug);
      const tracker =
        options.tracker ??
        (await begin(ctx, d, { fileName: file.name, full: options.full, bytesExpected: null }, 'converting'));
      if (tracker.datasetId !== d.id) throw new Error('the upload was begun for another dataset');
      try {
        return await store(ctx, d, file, options.full, tracker);
      } catch (error) {
        await tracker.fail(error);
        throw error;
      }
    },

    /** The uploaded file as it came, for its holder only. */
    async raw(ctx: RequestContext, idOrSlug: string, number: number) {
      const d = await own(ctx, idOrSlug);
      const v = await repo.version(d.id, number);
      if (!v) throw notFound('The version', 'DATASET_VERSION_NOT_FOUND');
      const file = abs(v.raw_path);
      await stat(file).catch(() => {
        throw notFound('The stored file', 'DATASET_FILE_MISSING');
      });
      return { file, name: v.source_name, format: v.source_format as SourceFormat };
    },

    /** A holder's grading decision for one column, with its reason; `grade: null` returns to what was detected. */
    async override(
      ctx: RequestContext,
      idOrSlug: string,
      column: string,
      input: { grade: Grade | null; reason: string },
    ) {
      const d = await own(ctx, idOrSlug);
      const [latest] = await repo.versions(d.id);
      if (!latest || !(latest.schema as ColumnSchema[]).some((c) => c.name === column))
        throw notFound(`The column "${column}"`, 'DATASET_COLUMN_NOT_FOUND');
      await repo.transaction(async (tx) => {
        if (input.grade === null) await repo.deleteOverride(tx, d.id, column);
        else
          await repo.upsertOverride(tx, {
            dataset_id: d.id,
            column_name: column,
            grade: input.grade,
            reason: input.reason.trim(),
            user_id: ctx.principal!.userId,
          });
        await recordChange(tx, ctx, {
          action: 'enclave.classification.overridden',
          targetType: 'enclave.dataset',
          targetId: d.id,
          details: {
            column,
            grade: input.grade,
            detected: (latest.classification as ClassificationResult).columns.find((c) => c.name === column)
              ?.grade,
            reason: input.reason.trim(),
          },
        });
      });
      return this.get(ctx, d.id);
    },

    /** Sets the holder's quality rules and threshold, and scores the newest version against them. */
    async setQuality(
      ctx: RequestContext,
      idOrSlug: string,
      input: { rules: unknown[]; threshold?: number | undefined },
    ) {
      const d = await own(ctx, idOrSlug);
      const [latest] = await repo.versions(d.id);
      const schema = (latest?.schema ?? []) as ColumnSchema[];
      const resolved = await resolveReferences(d.org_id, input.rules, 'refuse');
      if (latest) await checkRules(resolved.rules, schema);
      await repo.transaction(async (tx) => {
        // Stored as given (references by slug); resolved to files each time a version is scored.
        await repo.updateDataset(tx, d.id, {
          quality_rules: input.rules,
          quality_threshold: input.threshold,
        });
        await recordChange(tx, ctx, {
          action: 'enclave.quality.rules_set',
          targetType: 'enclave.dataset',
          targetId: d.id,
          details: { rules: input.rules.length, threshold: input.threshold ?? null },
        });
      });
      if (latest) {
        const updated = (await repo.dataset(d.id))!;
        const quality = await assess(updated, {
          parquet: abs(latest.parquet_path),
          schema,
          profile: latest.profile as DatasetProfile,
          uploadedAt: latest.created_at,
        });
        await repo.transaction((tx) => repo.setVersionQuality(tx, latest.id, quality, quality.score));
        await recordScore(updated, quality.score);
      }
      return this.get(ctx, d.id);
    },

    /** The important-data catalog (重要数据目录): datasets whose grade, overrides applied, is important or core. */
    async important(ctx: RequestContext) {
      const { items } = await repo.datasets({
        orgIds: readsAcrossOrgs(ctx) ? undefined : [orgOf(ctx)],
        limit: 10_000,
        offset: 0,
      });
      const [latest, overrides] = await Promise.all([
        repo.latestVersions(items.map((d) => d.id)),
        repo.overridesOf(items.map((d) => d.id)),
      ]);
      return items.flatMap((d) => {
        const v = latest.get(d.id);
        if (!v) return [];
        const c = effective(v.classification as ClassificationResult, overrides.get(d.id) ?? []);
        if (gradeRank(c.grade) < gradeRank('important')) return [];
        return [
          {
            dataset: { id: d.id, slug: d.slug, title: d.title, orgId: d.org_id, resourceId: d.resource_id },
            version: v.number,
            rows: Number(v.rows),
            grade: c.grade,
            columns: c.columns
              .filter((col) => gradeRank(col.grade) >= gradeRank('important'))
              .map((col) => ({ name: col.name, grade: col.grade, reason: col.override?.reason ?? null })),
          },
        ];
      });
    },
  };
}

/** Files under a directory, as paths relative to the store. */
async function listFiles(dir: string, relative: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), path.join(relative, e.name))));
    else out.push(path.join(relative, e.name));
  }
  return out;
}

export type DatasetService = ReturnType<typeof createDatasetService>;
