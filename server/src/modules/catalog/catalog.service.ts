// The resource catalog (资源目录, "one ledger"): holders' information systems and data resources, their public
// registration (application, review, notice, query code, change, cancellation), "one data item, one source",
// Chinese full-text search, and the demand list.
import { randomBytes, randomUUID } from 'node:crypto';
import { recordChange } from '../../platform/audit.ts';
import { findRegion, isValidRegionCode, regionPath } from '../../platform/codes/region.ts';
import { readsAcrossOrgs, systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import type {
  AnswerRow,
  CatalogRepository,
  Db,
  DemandRow,
  RegistrationRow,
  ResourceRow,
  SystemRow,
} from './catalog.repository.ts';
import type {
  Category,
  Domain,
  FieldSpec,
  Grade,
  OpenLevel,
  RegistrationKind,
  ResourceContent,
  ResourceStatus,
  UpdateFrequency,
} from './catalog.tables.ts';
import { DOMAIN_LABELS } from './catalog.tables.ts';
import { dcatJsonLd, dcatTurtle, type DcatCatalog, type DcatDistribution } from './dcat.ts';
import { documentVector, facetTerms, indexTerms, matchTerms, queryText, regionPrefix } from './search.ts';

export interface OrgCard {
  id: string;
  name: string;
  creditCode: string | null;
}

export interface CatalogDeps {
  /** Reads inside the caller's transaction when given one (the embedded store has a single connection). */
  orgCard(id: string, tx?: Db): Promise<OrgCard | undefined>;
  /** Several organizations' cards in one query. */
  orgCards(ids: readonly string[]): Promise<Map<string, OrgCard>>;
  /** The public notice period (公示期) of registrations, in seconds; 0 completes on approval. */
  noticeSeconds: number;
  /** The platform's own organization card, the publisher of the DCAT catalog. */
  publisher(): Promise<OrgCard>;
  /** Stored data versions of resources, as DCAT distributions (access pages, never downloads). */
  distributions(resourceIds: readonly string[], baseUrl: string): Promise<Map<string, DcatDistribution[]>>;
}

export interface SystemInput {
  name: string;
  description?: string | undefined;
  department?: string | undefined;
  regionCode: string;
}

export interface ResourceInput {
  title: string;
  description: string;
  regionCode: string;
  domain: Domain;
  theme?: string | undefined;
  systemId?: string | undefined;
  fields: FieldSpec[];
  keywords?: string[] | undefined;
  updateFrequency: UpdateFrequency;
  openLevel: OpenLevel;
  category: Category;
  grade: Grade;
  sourceItems?: string[] | undefined;
}

export interface SearchInput {
  q?: string | undefined;
  region?: string | undefined;
  domain?: Domain | undefined;
  holder?: string | undefined;
  openLevel?: OpenLevel | undefined;
  grade?: Grade | undefined;
  category?: Category | undefined;
  limit: number;
  offset: number;
}

export interface DemandInput {
  title: string;
  domain?: Domain | undefined;
  fields: string[];
  purpose: string;
  regionCode?: string | undefined;
  /** Budget in fen (分). */
  budgetFen?: string | undefined;
}

/** Statuses in which the holder may still edit a resource's content directly. */
const EDITABLE: readonly ResourceStatus[] = ['draft', 'refused', 'withdrawn'];
/** The DCAT export carries at most this many resources (newest first); a harvester pages the search API beyond. */
const DCAT_LIMIT = 10_000;
const QUERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const orgOf = (ctx: RequestContext) => ctx.principal!.orgId;
const refuse = (code: string, message: string) => new AppError('unprocessable', code, message);

/** 查询码: 12 characters from an alphabet without look-alikes, grouped for reading aloud. */
function newQueryCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => QUERY_ALPHABET[b % QUERY_ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

const regionName = (code: string) =>
  regionPath(code)
    .map((r) => r.name)
    .join(' ') || code;

/** The content a resource row holds, in the shape registrations record it. */
function contentOf(row: ResourceRow): ResourceContent {
  return {
    title: row.title,
    description: row.description,
    regionCode: row.region_code,
    domain: row.domain,
    theme: row.theme,
    systemId: row.system_id,
    fields: row.fields as FieldSpec[],
    keywords: row.keywords,
    updateFrequency: row.update_frequency,
    openLevel: row.open_level,
    category: row.category,
    grade: row.grade,
    sourceItems: row.source_items,
  };
}

/** The columns and index terms of a content. */
function columnsOf(c: ResourceContent, orgId: string) {
  return {
    columns: {
      title: c.title,
      description: c.description,
      region_code: c.regionCode,
      region_prefix: regionPrefix(c.regionCode),
      domain: c.domain,
      theme: c.theme,
      system_id: c.systemId,
      fields: JSON.stringify(c.fields),
      keywords: c.keywords,
      update_frequency: c.updateFrequency,
      open_level: c.openLevel,
      category: c.category,
      grade: c.grade,
      source_items: c.sourceItems,
    },
    vector: documentVector({
      title: c.title,
      body: [c.description, c.theme, ...c.keywords, ...c.fields.flatMap((f) => [f.name, f.description])],
      facets: facetTerms(
        {
          domain: c.domain,
          openLevel: c.openLevel,
          grade: c.grade,
          category: c.category,
          region: c.regionCode,
          holder: orgId,
        },
        'document',
      ),
    }),
  };
}

export function createCatalogService(repo: CatalogRepository, deps: CatalogDeps) {
  /** Cards of the organizations named, one query for all; an unknown id gets a placeholder card. */
  const cards = async (ids: (string | null)[]) => {
    const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
    const found = await deps.orgCards(wanted);
    return new Map(wanted.map((id) => [id, found.get(id) ?? { id, name: '—', creditCode: null }]));
  };

  function checkContent(c: ResourceInput): ResourceContent {
    if (!isValidRegionCode(c.regionCode))
      throw invalid('REGION_UNKNOWN', '/body/regionCode', `${c.regionCode} is not a GB/T 2260 region code`);
    const names = new Set<string>();
    for (const [i, f] of c.fields.entries()) {
      const key = f.name.trim().toLowerCase();
      if (names.has(key))
        throw invalid(
          'CATALOG_DUPLICATE_FIELD',
          `/body/fields/${i}/name`,
          `The field "${f.name}" appears twice`,
        );
      names.add(key);
    }
    const sourceItems = [...new Set((c.sourceItems ?? []).map((s) => s.trim()))];
    return {
      title: c.title.trim(),
      description: c.description.trim(),
      regionCode: c.regionCode,
      domain: c.domain,
      theme: c.theme?.trim() || null,
      systemId: c.systemId ?? null,
      fields: c.fields.map((f) => ({
        name: f.name.trim(),
        type: f.type,
        ...(f.description && { description: f.description.trim() }),
      })),
      keywords: [...new Set((c.keywords ?? []).map((k) => k.trim()))],
      updateFrequency: c.updateFrequency,
      openLevel: c.openLevel,
      category: c.category,
      grade: c.grade,
      sourceItems,
    };
  }

  async function checkSystem(tx: Db, ctx: RequestContext, systemId: string | null) {
    if (!systemId) return;
    const system = await repo.system(systemId, tx);
    if (!system || system.org_id !== orgOf(ctx) || system.status !== 'active')
      throw invalid(
        'CATALOG_SYSTEM_UNKNOWN',
        '/body/systemId',
        'No active information system of yours has this id',
      );
  }

  /** "One data item, one source": the items must not already have another resource as their source. */
  async function checkSources(tx: Db, resourceId: string, items: readonly string[]) {
    await repo.lock(tx, 'sources');
    const taken = (await repo.sourceOwners(tx, items)).filter((o) => o.resource_id !== resourceId);
    if (taken.length) {
      const cardsById = await Promise.all(taken.map((t) => deps.orgCard(t.org_id, tx)));
      const who = taken.map((t, i) => `"${t.item}" (${cardsById[i]?.name ?? t.org_id})`).join(', ');
      throw conflict('CATALOG_SOURCE_TAKEN', `Already the source of another resource (一数一源): ${who}`);
    }
  }

  async function checkTitle(tx: Db, orgId: string, title: string, exceptId?: string) {
    const same = await repo.sameTitle(tx, orgId, title, exceptId);
    if (same)
      throw conflict(
        'CATALOG_DUPLICATE_RESOURCE',
        `Your organization already has the resource ${same.code} titled "${title}" (${same.status})`,
      );
  }

  // ----- views -----

  function systemView(s: SystemRow) {
    return {
      id: s.id,
      orgId: s.org_id,
      name: s.name,
      description: s.description,
      department: s.department,
      regionCode: s.region_code,
      status: s.status,
      createdAt: iso(s.created_at)!,
      updatedAt: iso(s.updated_at)!,
    };
  }

  async function resourceViews(rows: readonly ResourceRow[]) {
    const [holders, systems] = await Promise.all([
      cards(rows.map((r) => r.org_id)),
      repo.systemNames([...new Set(rows.map((r) => r.system_id).filter((s): s is string => s !== null))]),
    ]);
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      status: r.status,
      holder: holders.get(r.org_id)!,
      system: r.system_id ? { id: r.system_id, name: systems.get(r.system_id) ?? '—' } : null,
      ...contentOf(r),
      regionName: regionName(r.region_code),
      qualityScore: r.quality_score === null ? null : Math.round(r.quality_score * 10) / 10,
      registeredAt: iso(r.registered_at),
      createdAt: iso(r.created_at)!,
      updatedAt: iso(r.updated_at)!,
    }));
  }
  const resourceView = async (row: ResourceRow) => (await resourceViews([row]))[0]!;
  type ResourceView = Awaited<ReturnType<typeof resourceView>>;

  async function registrationViews(rows: readonly RegistrationRow[], opts: { queryCode?: boolean } = {}) {
    const [resources, orgs] = await Promise.all([
      repo.resourcesByIds([...new Set(rows.map((r) => r.resource_id))]),
      cards(rows.map((r) => r.org_id)),
    ]);
    return rows.map((r) => {
      const resource = resources.get(r.resource_id)!;
      return {
        id: r.id,
        number: r.number,
        kind: r.kind,
        status: r.status,
        resource: { id: resource.id, code: resource.code, title: resource.title, status: resource.status },
        applicant: orgs.get(r.org_id)!,
        content: (r.content ?? null) as ResourceContent | null,
        reason: r.reason,
        review: (r.review ?? null) as Record<string, unknown> | null,
        noticeEndsAt: iso(r.notice_ends_at),
        queryCode: opts.queryCode ? r.query_code : null,
        createdAt: iso(r.created_at)!,
        updatedAt: iso(r.updated_at)!,
      };
    });
  }

  /** The applicant's org and the authority see the query code; everyone else sees the record without it. */
  const seesCode = (ctx: RequestContext, rows: readonly RegistrationRow[]) =>
    rows.length > 0 && rows.every((r) => readsAcrossOrgs(ctx) || r.org_id === orgOf(ctx));

  async function demandViews(rows: readonly DemandRow[]) {
    const [orgs, answers] = await Promise.all([
      cards(rows.map((r) => r.org_id)),
      repo.answerCounts(rows.map((r) => r.id)),
    ]);
    return rows.map((d) => ({
      id: d.id,
      number: d.number,
      title: d.title,
      domain: d.domain,
      fields: d.fields,
      purpose: d.purpose,
      regionCode: d.region_code,
      regionName: d.region_code ? regionName(d.region_code) : null,
      budgetFen: d.budget_fen,
      status: d.status,
      closedReason: d.closed_reason,
      postedBy: orgs.get(d.org_id)!,
      answers: answers.get(d.id) ?? 0,
      createdAt: iso(d.created_at)!,
      updatedAt: iso(d.updated_at)!,
    }));
  }

  async function answerViews(rows: readonly AnswerRow[]) {
    const [orgs, resources] = await Promise.all([
      cards(rows.map((r) => r.org_id)),
      repo.resourcesByIds(rows.map((r) => r.resource_id).filter((id): id is string => id !== null)),
    ]);
    return rows.map((a) => {
      const resource = a.resource_id ? resources.get(a.resource_id) : undefined;
      return {
        id: a.id,
        by: orgs.get(a.org_id)!,
        resource: resource ? { id: resource.id, code: resource.code, title: resource.title } : null,
        message: a.message,
        createdAt: iso(a.created_at)!,
      };
    });
  }

  // ----- registration state machine -----

  async function ownResource(tx: Db, ctx: RequestContext, id: string): Promise<ResourceRow> {
    const row = await repo.resourceForUpdate(tx, id);
    if (!row || row.org_id !== orgOf(ctx)) throw notFound('The resource', 'CATALOG_RESOURCE_NOT_FOUND');
    return row;
  }

  const badState = (what: string, status: string, wanted: string) =>
    conflict('CATALOG_INVALID_STATE', `${what} is ${status}; this needs it ${wanted}`);

  async function openRegistration(
    tx: Db,
    ctx: RequestContext,
    resource: ResourceRow,
    kind: RegistrationKind,
    content: ResourceContent | null,
    reason: string | null,
  ) {
    const n = await repo.nextNumber(tx, 'registration_no');
    const row = await repo
      .insertRegistration(tx, {
        id: randomUUID(),
        number: `ZY${new Date().getUTCFullYear()}${String(n).padStart(8, '0')}`,
        kind,
        resource_id: resource.id,
        org_id: resource.org_id,
        status: 'under_review',
        content,
        reason,
        review: null,
        notice_ends_at: null,
        query_code: newQueryCode(),
      })
      .catch((error: unknown) => {
        if (String((error as { code?: string }).code) === '23505')
          throw conflict('CATALOG_REGISTRATION_OPEN', 'The resource already has a registration in progress');
        throw error;
      });
    await recordChange(tx, ctx, {
      action: 'catalog.registration.submitted',
      targetType: 'catalog.registration',
      targetId: row.id,
      details: { number: row.number, kind, resourceId: resource.id, resourceCode: resource.code },
    });
    return row;
  }

  /** Puts a registration that passed review (and its notice) into effect. */
  async function complete(tx: Db, ctx: RequestContext, reg: RegistrationRow) {
    const resource = (await repo.resourceForUpdate(tx, reg.resource_id))!;
    if (reg.kind === 'cancellation') {
      await repo.updateResource(tx, resource.id, { status: 'cancelled' });
      await repo.releaseSources(tx, resource.id);
    } else {
      const content = reg.content as ResourceContent;
      await checkSources(tx, resource.id, content.sourceItems);
      const { columns, vector } = columnsOf(content, resource.org_id);
      await repo.updateResource(
        tx,
        resource.id,
        {
          ...columns,
          status: 'registered',
          ...(reg.kind === 'first' && { registered_at: new Date() }),
        } as never,
        vector,
      );
      await repo.claimSources(tx, resource.id, resource.org_id, content.sourceItems);
    }
    const done = await repo.updateRegistration(tx, reg.id, { status: 'completed' });
    await recordChange(tx, ctx, {
      action: 'catalog.registration.completed',
      targetType: 'catalog.registration',
      targetId: reg.id,
      details: { number: reg.number, kind: reg.kind, resourceId: resource.id, resourceCode: resource.code },
    });
    return done;
  }

  async function finalize(tx: Db, ctx: RequestContext, id: string) {
    const reg = await repo.registrationForUpdate(tx, id);
    if (!reg || reg.status !== 'in_notice' || (reg.notice_ends_at && reg.notice_ends_at > new Date())) return;
    await complete(tx, ctx, reg);
  }

  return {
    // ----- information systems (信息系统目录) -----

    async createSystem(ctx: RequestContext, input: SystemInput) {
      if (!isValidRegionCode(input.regionCode))
        throw invalid(
          'REGION_UNKNOWN',
          '/body/regionCode',
          `${input.regionCode} is not a GB/T 2260 region code`,
        );
      return repo.transaction(async (tx) => {
        const row = await repo
          .insertSystem(tx, {
            id: randomUUID(),
            org_id: orgOf(ctx),
            name: input.name.trim(),
            description: input.description?.trim() || null,
            department: input.department?.trim() || null,
            region_code: input.regionCode,
            status: 'active',
          })
          .catch((error: unknown) => {
            if (String((error as { code?: string }).code) === '23505')
              throw conflict(
                'CATALOG_DUPLICATE_SYSTEM',
                `Your organization already lists a system "${input.name}"`,
              );
            throw error;
          });
        await recordChange(tx, ctx, {
          action: 'catalog.system.created',
          targetType: 'catalog.system',
          targetId: row.id,
          details: { name: row.name },
        });
        return systemView(row);
      });
    },

    async updateSystem(
      ctx: RequestContext,
      id: string,
      patch: Partial<SystemInput> & { status?: 'active' | 'retired' },
    ) {
      if (patch.regionCode !== undefined && !isValidRegionCode(patch.regionCode))
        throw invalid(
          'REGION_UNKNOWN',
          '/body/regionCode',
          `${patch.regionCode} is not a GB/T 2260 region code`,
        );
      return repo.transaction(async (tx) => {
        const row = await repo.systemForUpdate(tx, id);
        if (!row || row.org_id !== orgOf(ctx))
          throw notFound('The information system', 'CATALOG_SYSTEM_NOT_FOUND');
        const updated = await repo.updateSystem(tx, id, {
          ...(patch.name !== undefined && { name: patch.name.trim() }),
          ...(patch.description !== undefined && { description: patch.description.trim() || null }),
          ...(patch.department !== undefined && { department: patch.department.trim() || null }),
          ...(patch.regionCode !== undefined && { region_code: patch.regionCode }),
          ...(patch.status !== undefined && { status: patch.status }),
        });
        await recordChange(tx, ctx, {
          action: 'catalog.system.updated',
          targetType: 'catalog.system',
          targetId: id,
          details: { fields: Object.keys(patch) },
        });
        return systemView(updated);
      });
    },

    async systems(ctx: RequestContext, f: { limit: number; offset: number }) {
      const { items, total } = await repo.systems(
        readsAcrossOrgs(ctx) ? undefined : [orgOf(ctx)],
        f.limit,
        f.offset,
      );
      return { items: items.map(systemView), total, ...f };
    },

    // ----- resources (数据资源目录) -----

    async createResource(ctx: RequestContext, input: ResourceInput) {
      const content = checkContent(input);
      const created = await repo.transaction(async (tx) => {
        await repo.lock(tx, `org.${orgOf(ctx)}`);
        await checkSystem(tx, ctx, content.systemId);
        await checkTitle(tx, orgOf(ctx), content.title);
        const n = await repo.nextNumber(tx, 'resource_no');
        const { columns, vector } = columnsOf(content, orgOf(ctx));
        const row = await repo.insertResource(
          tx,
          {
            id: randomUUID(),
            code: `R${content.regionCode.slice(0, 6)}${new Date().getUTCFullYear()}${String(n).padStart(6, '0')}`,
            org_id: orgOf(ctx),
            ...columns,
            fields: columns.fields,
            status: 'draft',
            quality_score: null,
            registered_at: null,
          } as never,
          vector,
        );
        await recordChange(tx, ctx, {
          action: 'catalog.resource.created',
          targetType: 'catalog.resource',
          targetId: row.id,
          details: { code: row.code, title: row.title },
        });
        return row;
      });
      return resourceView(created);
    },

    /** Edits a resource that is not on record (draft, refused or withdrawn); one on record changes by registration. */
    async updateResource(ctx: RequestContext, id: string, input: ResourceInput) {
      const content = checkContent(input);
      const saved = await repo.transaction(async (tx) => {
        await repo.lock(tx, `org.${orgOf(ctx)}`);
        const row = await ownResource(tx, ctx, id);
        if (!EDITABLE.includes(row.status))
          throw badState(
            `Resource ${row.code}`,
            row.status,
            'a draft; on record it changes by a change registration',
          );
        await checkSystem(tx, ctx, content.systemId);
        await checkTitle(tx, orgOf(ctx), content.title, id);
        const { columns, vector } = columnsOf(content, orgOf(ctx));
        const updated = await repo.updateResource(tx, id, { ...columns, status: 'draft' } as never, vector);
        await recordChange(tx, ctx, {
          action: 'catalog.resource.updated',
          targetType: 'catalog.resource',
          targetId: id,
          details: { code: row.code },
        });
        return updated;
      });
      return resourceView(saved);
    },

    /** Submits a draft for its first registration (首次登记). */
    async submit(ctx: RequestContext, id: string) {
      const reg = await repo.transaction(async (tx) => {
        const row = await ownResource(tx, ctx, id);
        if (!EDITABLE.includes(row.status)) throw badState(`Resource ${row.code}`, row.status, 'a draft');
        if (row.grade === 'core')
          throw refuse('CATALOG_CORE_DATA', 'Core data (核心数据) is not registered in the public catalog');
        await checkTitle(tx, row.org_id, row.title, id);
        await checkSources(tx, id, row.source_items);
        const reg = await openRegistration(tx, ctx, row, 'first', contentOf(row), null);
        await repo.updateResource(tx, id, { status: 'under_review' });
        return reg;
      });
      return (await registrationViews([reg], { queryCode: true }))[0]!;
    },

    /** Proposes new content for a registered resource (变更登记); it applies once reviewed. */
    async requestChange(ctx: RequestContext, id: string, input: ResourceInput & { reason: string }) {
      const content = checkContent(input);
      const reg = await repo.transaction(async (tx) => {
        const row = await ownResource(tx, ctx, id);
        if (row.status !== 'registered') throw badState(`Resource ${row.code}`, row.status, 'registered');
        if (content.grade === 'core')
          throw refuse('CATALOG_CORE_DATA', 'Core data (核心数据) is not registered in the public catalog');
        await checkSystem(tx, ctx, content.systemId);
        await checkTitle(tx, row.org_id, content.title, id);
        await checkSources(tx, id, content.sourceItems);
        const reg = await openRegistration(tx, ctx, row, 'change', content, input.reason.trim());
        return reg;
      });
      return (await registrationViews([reg], { queryCode: true }))[0]!;
    },

    /** Asks to take a registered resource off the catalog (注销登记). */
    async requestCancellation(ctx: RequestContext, id: string, reason: string) {
      const reg = await repo.transaction(async (tx) => {
        const row = await ownResource(tx, ctx, id);
        if (row.status !== 'registered') throw badState(`Resource ${row.code}`, row.status, 'registered');
        const reg = await openRegistration(tx, ctx, row, 'cancellation', null, reason.trim());
        return reg;
      });
      return (await registrationViews([reg], { queryCode: true }))[0]!;
    },

    async withdraw(ctx: RequestContext, registrationId: string) {
      const done = await repo.transaction(async (tx) => {
        const reg = await repo.registrationForUpdate(tx, registrationId);
        if (!reg || reg.org_id !== orgOf(ctx))
          throw notFound('The registration', 'CATALOG_REGISTRATION_NOT_FOUND');
        if (reg.status !== 'under_review')
          throw badState(`Registration ${reg.number}`, reg.status, 'under review');
        const done = await repo.updateRegistration(tx, reg.id, { status: 'withdrawn' });
        if (reg.kind === 'first') await repo.updateResource(tx, reg.resource_id, { status: 'withdrawn' });
        await recordChange(tx, ctx, {
          action: 'catalog.registration.withdrawn',
          targetType: 'catalog.registration',
          targetId: reg.id,
          details: { number: reg.number },
        });
        return done;
      });
      return (await registrationViews([done], { queryCode: true }))[0]!;
    },

    /** The authority's review: approve into public notice (or straight into effect without one), or refuse. */
    async review(
      ctx: RequestContext,
      registrationId: string,
      input: { decision: 'approve' | 'reject'; comment?: string | undefined },
    ) {
      const reviewed = await repo.transaction(async (tx) => {
        const reg = await repo.registrationForUpdate(tx, registrationId);
        if (!reg) throw notFound('The registration', 'CATALOG_REGISTRATION_NOT_FOUND');
        if (reg.status !== 'under_review')
          throw badState(`Registration ${reg.number}`, reg.status, 'under review');
        if (input.decision === 'reject' && !input.comment?.trim())
          throw invalid('CATALOG_REASON_REQUIRED', '/body/comment', 'A refusal gives its reason');
        const review = {
          decision: input.decision,
          comment: input.comment?.trim() || null,
          userId: ctx.principal!.userId,
          at: new Date().toISOString(),
        };
        let row: RegistrationRow;
        if (input.decision === 'reject') {
          row = await repo.updateRegistration(tx, reg.id, { status: 'refused', review });
          if (reg.kind === 'first') await repo.updateResource(tx, reg.resource_id, { status: 'refused' });
        } else {
          // Sources may have been claimed by another resource since the application: re-check at approval.
          if (reg.kind !== 'cancellation')
            await checkSources(tx, reg.resource_id, (reg.content as ResourceContent).sourceItems);
          const endsAt = new Date(Date.now() + deps.noticeSeconds * 1000);
          row = await repo.updateRegistration(tx, reg.id, {
            status: 'in_notice',
            review,
            notice_ends_at: endsAt,
          });
          if (reg.kind === 'first') await repo.updateResource(tx, reg.resource_id, { status: 'in_notice' });
        }
        await recordChange(tx, ctx, {
          action: 'catalog.registration.reviewed',
          targetType: 'catalog.registration',
          targetId: reg.id,
          details: { number: reg.number, decision: input.decision },
        });
        if (input.decision === 'approve' && deps.noticeSeconds === 0) row = await complete(tx, ctx, row);
        return row;
      });
      return (await registrationViews([reviewed], { queryCode: true }))[0]!;
    },

    /** Completes registrations whose notice period has ended; run by the platform's timer. */
    async finalizeDue(): Promise<number> {
      let done = 0;
      for (const { id } of await repo.dueNotices(100)) {
        try {
          await repo.transaction((tx) => finalize(tx, systemContext('catalog.finalizer'), id));
          done++;
        } catch (error) {
          if (!(error instanceof AppError) || error.kind === 'internal') throw error;
        }
      }
      return done;
    },

    async registrations(
      ctx: RequestContext,
      f: {
        status?: string | undefined;
        kind?: string | undefined;
        resourceId?: string | undefined;
        limit: number;
        offset: number;
      },
    ) {
      const { items, total } = await repo.registrations({
        orgIds: readsAcrossOrgs(ctx) ? undefined : [orgOf(ctx)],
        statuses: f.status ? [f.status] : undefined,
        kind: f.kind,
        resourceId: f.resourceId,
        limit: f.limit,
        offset: f.offset,
      });
      return {
        items: await registrationViews(items, { queryCode: seesCode(ctx, items) }),
        total,
        limit: f.limit,
        offset: f.offset,
      };
    },

    async registration(ctx: RequestContext, id: string) {
      const reg = await repo.registration(id);
      if (!reg || (reg.org_id !== orgOf(ctx) && !readsAcrossOrgs(ctx)))
        throw notFound('The registration', 'CATALOG_REGISTRATION_NOT_FOUND');
      return (await registrationViews([reg], { queryCode: true }))[0]!;
    },

    /** Anyone holding a query code follows its registration, without an account. */
    async lookup(queryCode: string) {
      const reg = await repo.registrationByQueryCode(queryCode.toUpperCase());
      if (!reg) throw notFound('No registration has this query code; it', 'CATALOG_QUERY_CODE_UNKNOWN');
      const [view] = await registrationViews([reg]);
      return {
        ...view!,
        content: null,
        review: view!.review && { decision: view!.review.decision, at: view!.review.at },
      };
    },

    /** The public notice board (公示): registrations in their notice period. */
    async notices(f: { limit: number; offset: number }) {
      const { items, total } = await repo.registrations({ statuses: ['in_notice'], ...f });
      const views = await registrationViews(items);
      return { items: views.map((v) => ({ ...v, review: null })), total, ...f };
    },

    // ----- reading the catalog -----

    /** Public search over registered resources; Chinese text matched by bigrams, ranked, with filters. */
    async search(input: SearchInput) {
      const query = input.q?.trim() ? queryText(input.q) : undefined;
      if (input.q?.trim() && query === undefined)
        return { items: [], total: 0, totalExact: true, limit: input.limit, offset: input.offset };
      if (input.region && !findRegion(input.region))
        throw invalid(
          'REGION_UNKNOWN',
          '/querystring/region',
          `${input.region} is not a GB/T 2260 region code`,
        );
      const { items, total, exact } = await repo.searchResources({
        query,
        statuses: ['registered'],
        orgIds: input.holder ? [input.holder] : undefined,
        regionPrefix: input.region ? regionPrefix(input.region) : undefined,
        domain: input.domain,
        openLevel: input.openLevel,
        grade: input.grade,
        category: input.category,
        limit: input.limit,
        offset: input.offset,
      });
      return {
        items: await resourceViews(items),
        total,
        totalExact: exact,
        limit: input.limit,
        offset: input.offset,
      };
    },

    /** Counts of registered resources per domain, open level, grade and category. */
    async facets() {
      const [domain, openLevel, grade, category] = await Promise.all(
        (['domain', 'open_level', 'grade', 'category'] as const).map((c) => repo.facetCounts(c)),
      );
      const list = (m: Map<string, number>) =>
        [...m].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count);
      return {
        domain: list(domain!),
        openLevel: list(openLevel!),
        grade: list(grade!),
        category: list(category!),
      };
    },

    /** A registered resource, by id or code, for anyone. */
    async publicResource(idOrCode: string) {
      const row = /^[0-9a-f-]{36}$/.test(idOrCode)
        ? await repo.resource(idOrCode)
        : await repo.resourceByCode(idOrCode);
      if (!row || row.status !== 'registered') throw notFound('The resource', 'CATALOG_RESOURCE_NOT_FOUND');
      return resourceView(row);
    },

    /** The holder's own inventory (all statuses); the authority and regulators see every holder's. */
    async inventory(
      ctx: RequestContext,
      f: {
        q?: string | undefined;
        status?: ResourceStatus | undefined;
        holder?: string | undefined;
        limit: number;
        offset: number;
      },
    ) {
      const query = f.q?.trim() ? queryText(f.q) : undefined;
      const orgIds = readsAcrossOrgs(ctx) ? (f.holder ? [f.holder] : undefined) : [orgOf(ctx)];
      const { items, total } = await repo.searchResources({
        query,
        statuses: f.status ? [f.status] : undefined,
        orgIds,
        limit: f.limit,
        offset: f.offset,
      });
      return { items: await resourceViews(items), total, limit: f.limit, offset: f.offset };
    },

    /** One resource of the inventory, with its registrations. */
    async inventoryResource(ctx: RequestContext, id: string) {
      const row = await repo.resource(id);
      if (!row || (row.org_id !== orgOf(ctx) && !readsAcrossOrgs(ctx)))
        throw notFound('The resource', 'CATALOG_RESOURCE_NOT_FOUND');
      const regs = await repo.registrations({ resourceId: id, limit: 50, offset: 0 });
      return {
        ...(await resourceView(row)),
        registrations: await registrationViews(regs.items, { queryCode: true }),
      };
    },

    /** For other modules: the resource if the caller's org holds it (or may read across orgs). */
    async resourceFor(ctx: RequestContext, id: string, tx?: Db): Promise<ResourceView> {
      const row = await repo.resource(id, tx);
      if (!row || (row.org_id !== orgOf(ctx) && !readsAcrossOrgs(ctx)))
        throw notFound('The resource', 'CATALOG_RESOURCE_NOT_FOUND');
      return resourceView(row);
    },

    /** For other modules: records the quality score of a resource's latest data. */
    setQualityScore(resourceId: string, score: number | null, tx?: Db) {
      return repo.setQualityScore(resourceId, score, tx);
    },

    /** The "one data item, one source" register (一数一源). */
    async sources(f: { q?: string | undefined; limit: number; offset: number }) {
      const { items, total } = await repo.sourceItems(f.limit, f.offset, f.q?.trim() || undefined);
      const [orgs, resources] = await Promise.all([
        cards(items.map((i) => i.org_id)),
        repo.resourcesByIds([...new Set(items.map((i) => i.resource_id))]),
      ]);
      return {
        items: items.map((i) => ({
          item: i.item,
          source: orgs.get(i.org_id)!,
          resource: {
            id: i.resource_id,
            code: resources.get(i.resource_id)?.code ?? '—',
            title: resources.get(i.resource_id)?.title ?? '—',
          },
          since: iso(i.created_at)!,
        })),
        total,
        limit: f.limit,
        offset: f.offset,
      };
    },

    // ----- demand list (需求清单) -----

    async postDemand(ctx: RequestContext, input: DemandInput) {
      if (input.regionCode && !isValidRegionCode(input.regionCode))
        throw invalid(
          'REGION_UNKNOWN',
          '/body/regionCode',
          `${input.regionCode} is not a GB/T 2260 region code`,
        );
      const fields = [...new Set(input.fields.map((f) => f.trim()).filter(Boolean))];
      const posted = await repo.transaction(async (tx) => {
        const n = await repo.nextNumber(tx, 'demand_no');
        const row = await repo.insertDemand(
          tx,
          {
            id: randomUUID(),
            number: `XQ${new Date().getUTCFullYear()}${String(n).padStart(8, '0')}`,
            org_id: orgOf(ctx),
            user_id: ctx.principal!.userId,
            title: input.title.trim(),
            domain: input.domain ?? null,
            fields,
            purpose: input.purpose.trim(),
            region_code: input.regionCode ?? null,
            budget_fen: input.budgetFen ?? null,
            status: 'open',
            terms: matchTerms(input.title, input.purpose, ...fields),
            closed_reason: null,
          },
          indexTerms(input.title, input.purpose, ...fields),
        );
        await recordChange(tx, ctx, {
          action: 'catalog.demand.posted',
          targetType: 'catalog.demand',
          targetId: row.id,
          details: { number: row.number, title: row.title },
        });
        return row;
      });
      return (await demandViews([posted]))[0]!;
    },

    async demands(
      f: {
        q?: string | undefined;
        status?: 'open' | 'closed' | undefined;
        mine?: boolean | undefined;
        domain?: Domain | undefined;
        limit: number;
        offset: number;
      },
      ctx: RequestContext,
    ) {
      const query = f.q?.trim() ? queryText(f.q) : undefined;
      if (f.q?.trim() && query === undefined)
        return { items: [], total: 0, limit: f.limit, offset: f.offset };
      const { items, total } = await repo.demands({
        query,
        status: f.status,
        domain: f.domain,
        orgIds: f.mine ? [orgOf(ctx)] : undefined,
        limit: f.limit,
        offset: f.offset,
      });
      return { items: await demandViews(items), total, limit: f.limit, offset: f.offset };
    },

    /** A demand with its answers and the registered resources that match it. */
    async demand(id: string) {
      const row = await repo.demand(id);
      if (!row) throw notFound('The demand', 'CATALOG_DEMAND_NOT_FOUND');
      const [view, answers, matches] = await Promise.all([
        demandViews([row]),
        repo.answers(id).then(answerViews),
        repo.resourcesMatching(row.terms, row.fields, 10),
      ]);
      const resources = await repo.resourcesByIds(matches.map((m) => m.id));
      const views = new Map((await resourceViews([...resources.values()])).map((v) => [v.id, v]));
      return {
        ...view[0]!,
        answerList: answers,
        matches: matches.map((m) => {
          const r = views.get(m.id)!;
          return {
            resource: { id: r.id, code: r.code, title: r.title, holder: r.holder, openLevel: r.openLevel },
            textScore: Math.round(m.textScore * 100) / 100,
            fieldHits: m.fieldHits,
          };
        }),
      };
    },

    /** Open demands that the caller's registered resources answer. */
    async matchingDemands(ctx: RequestContext, limit: number) {
      const rows = await repo.demandsMatchingOrg(orgOf(ctx), limit);
      return demandViews(rows);
    },

    async answerDemand(
      ctx: RequestContext,
      id: string,
      input: { message: string; resourceId?: string | undefined },
    ) {
      const answer = await repo.transaction(async (tx) => {
        const demand = await repo.demandForUpdate(tx, id);
        if (!demand) throw notFound('The demand', 'CATALOG_DEMAND_NOT_FOUND');
        if (demand.status !== 'open') throw badState(`Demand ${demand.number}`, demand.status, 'open');
        if (demand.org_id === orgOf(ctx))
          throw refuse('CATALOG_OWN_DEMAND', 'An organization does not answer its own demand');
        if (input.resourceId) {
          const resource = await repo.resource(input.resourceId, tx);
          if (!resource || resource.org_id !== orgOf(ctx) || resource.status !== 'registered')
            throw invalid(
              'CATALOG_RESOURCE_UNKNOWN',
              '/body/resourceId',
              'Offer one of your registered resources',
            );
        }
        const row = await repo.insertAnswer(tx, {
          id: randomUUID(),
          demand_id: id,
          org_id: orgOf(ctx),
          resource_id: input.resourceId ?? null,
          message: input.message.trim(),
        });
        await recordChange(tx, ctx, {
          action: 'catalog.demand.answered',
          targetType: 'catalog.demand',
          targetId: id,
          details: { number: demand.number, resourceId: input.resourceId ?? null },
        });
        return row;
      });
      return (await answerViews([answer]))[0]!;
    },

    async closeDemand(ctx: RequestContext, id: string, reason: string | undefined) {
      await repo.transaction(async (tx) => {
        const demand = await repo.demandForUpdate(tx, id);
        if (!demand || (demand.org_id !== orgOf(ctx) && !readsAcrossOrgs(ctx)))
          throw notFound('The demand', 'CATALOG_DEMAND_NOT_FOUND');
        if (demand.status !== 'open') throw badState(`Demand ${demand.number}`, demand.status, 'open');
        await repo.closeDemand(tx, id, reason?.trim() || null);
        await recordChange(tx, ctx, {
          action: 'catalog.demand.closed',
          targetType: 'catalog.demand',
          targetId: id,
          details: { number: demand.number },
        });
      });
      return (await demandViews([(await repo.demand(id))!]))[0]!;
    },

    /** The catalog as DCAT-AP 3.0.1, in JSON-LD or Turtle: registered resources, newest first. */
    async dcat(baseUrl: string, format: 'jsonld' | 'turtle') {
      const { items } = await repo.searchResources({
        statuses: ['registered'],
        limit: DCAT_LIMIT,
        offset: 0,
      });
      const [views, publisher, distributions] = await Promise.all([
        resourceViews(items),
        deps.publisher(),
        deps.distributions(
          items.map((i) => i.id),
          baseUrl,
        ),
      ]);
      const catalog: DcatCatalog = {
        baseUrl,
        title: '流通 公共数据资源目录',
        description: '经登记公示的数据资源目录（一本账）。数据不直接下载，经授权在安全域内使用。',
        publisher,
        modified: views.reduce((m, v) => (v.updatedAt > m ? v.updatedAt : m), new Date(0).toISOString()),
        resources: views.map((v) => ({
          id: v.id,
          code: v.code,
          title: v.title,
          description: v.description,
          holder: v.holder,
          regionCode: v.regionCode,
          regionName: v.regionName,
          domain: v.domain,
          domainLabel: DOMAIN_LABELS[v.domain],
          keywords: v.keywords,
          fields: v.fields.map((f) => ({ name: f.name, type: f.type })),
          updateFrequency: v.updateFrequency,
          openLevel: v.openLevel,
          category: v.category,
          grade: v.grade,
          qualityScore: v.qualityScore,
          issued: v.registeredAt ?? v.createdAt,
          modified: v.updatedAt,
          landingPage: `${baseUrl}/catalog/${v.code}`,
          distributions: distributions.get(v.id) ?? [],
        })),
      };
      return format === 'turtle' ? dcatTurtle(catalog) : dcatJsonLd(catalog);
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
export type CatalogResourceView = Awaited<ReturnType<CatalogService['publicResource']>>;
