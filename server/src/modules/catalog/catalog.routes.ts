// HTTP routes of the catalog: regions, information systems, resources and their registrations, search, the
// "one data item, one source" register, and the demand list.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findRegion, regionChildren, regionPath } from '../../platform/codes/region.ts';
import { notFound } from '../../platform/errors.ts';
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
import type { CatalogService } from './catalog.service.ts';
import {
  CATEGORIES,
  DEMAND_STATUSES,
  DOMAINS,
  GRADES,
  OPEN_LEVELS,
  REGISTRATION_KINDS,
  REGISTRATION_STATUSES,
  RESOURCE_STATUSES,
  UPDATE_FREQUENCIES,
} from './catalog.tables.ts';

const RegionCode = Type.String({ pattern: '^\\d{6}(\\d{3})?$', description: 'GB/T 2260 code' });
const Org = Type.Object({ id: Type.String(), name: Type.String(), creditCode: Nullable(Type.String()) });
const FieldName = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[^<>`\\u0000-\\u001F\\u007F]*\\S[^<>`\\u0000-\\u001F\\u007F]*$',
});
const FieldSpec = Type.Object(
  {
    name: FieldName,
    type: Type.String({
      pattern: '^[A-Za-z][A-Za-z0-9_() ,]{0,63}$',
      description: 'e.g. VARCHAR, BIGINT, DATE',
    }),
    description: Type.Optional(Prose(0, 500)),
  },
  strict,
);
const ResourceBody = {
  title: Text(2, 200),
  description: Prose(2, 4000),
  regionCode: RegionCode,
  domain: Type.Enum(DOMAINS),
  theme: Type.Optional(Text(0, 100)),
  systemId: Type.Optional(Type.String({ format: 'uuid' })),
  fields: Type.Array(FieldSpec, { maxItems: 500 }),
  keywords: Type.Optional(Type.Array(Text(1, 50), { maxItems: 20 })),
  updateFrequency: Type.Enum(UPDATE_FREQUENCIES),
  openLevel: Type.Enum(OPEN_LEVELS),
  category: Type.Enum(CATEGORIES),
  grade: Type.Enum(GRADES),
  sourceItems: Type.Optional(Type.Array(Text(2, 100), { maxItems: 100 })),
};
const Content = Type.Object({
  title: Type.String(),
  description: Type.String(),
  regionCode: Type.String(),
  domain: Type.Enum(DOMAINS),
  theme: Nullable(Type.String()),
  systemId: Nullable(Type.String()),
  fields: Type.Array(
    Type.Object({ name: Type.String(), type: Type.String(), description: Type.Optional(Type.String()) }),
  ),
  keywords: Type.Array(Type.String()),
  updateFrequency: Type.Enum(UPDATE_FREQUENCIES),
  openLevel: Type.Enum(OPEN_LEVELS),
  category: Type.Enum(CATEGORIES),
  grade: Type.Enum(GRADES),
  sourceItems: Type.Array(Type.String()),
});
const Resource = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  status: Type.Enum(RESOURCE_STATUSES),
  holder: Org,
  system: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  ...Content.properties,
  regionName: Type.String(),
  qualityScore: Nullable(Type.Number()),
  registeredAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const Registration = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  kind: Type.Enum(REGISTRATION_KINDS),
  status: Type.Enum(REGISTRATION_STATUSES),
  resource: Type.Object({
    id: Type.String(),
    code: Type.String(),
    title: Type.String(),
    status: Type.Enum(RESOURCE_STATUSES),
  }),
  applicant: Org,
  content: Nullable(Content),
  reason: Nullable(Type.String()),
  review: Nullable(Type.Record(Type.String(), Type.Unknown())),
  noticeEndsAt: Nullable(Timestamp),
  queryCode: Nullable(Type.String({ description: '查询码: shown to the applicant and the authority only' })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const System = Type.Object({
  id: Type.String({ format: 'uuid' }),
  orgId: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  department: Nullable(Type.String()),
  regionCode: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const Demand = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  title: Type.String(),
  domain: Nullable(Type.Enum(DOMAINS)),
  fields: Type.Array(Type.String()),
  purpose: Type.String(),
  regionCode: Nullable(Type.String()),
  regionName: Nullable(Type.String()),
  budgetFen: Nullable(Type.String({ description: 'budget in fen (分), as a decimal string' })),
  status: Type.Enum(DEMAND_STATUSES),
  closedReason: Nullable(Type.String()),
  postedBy: Org,
  answers: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const Answer = Type.Object({
  id: Type.String({ format: 'uuid' }),
  by: Org,
  resource: Nullable(Type.Object({ id: Type.String(), code: Type.String(), title: Type.String() })),
  message: Type.String(),
  createdAt: Timestamp,
});
const Facet = Type.Array(Type.Object({ key: Type.String(), count: Type.Integer() }));
const IdOrCode = Type.Object(
  { idOrCode: Type.String({ pattern: '^([0-9a-f-]{36}|R\\d{16})$', description: 'resource id or code' }) },
  strict,
);
const HOLDERS = ['holder'] as const;
const AUTHORITY = ['authority'] as const;

const Region = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Union([
    Type.Literal('province'),
    Type.Literal('city'),
    Type.Literal('county'),
    Type.Literal('township'),
  ]),
  parentCode: Type.Union([Type.String(), Type.Null()]),
});
const RegionCodeParam = Type.Object(
  { code: Type.String({ pattern: '^\\d{6}(\\d{3})?$' }) },
  { additionalProperties: false },
);

export async function catalogRoutes(root: FastifyInstance, { catalog }: { catalog: CatalogService }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/regions',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Administrative divisions (GB/T 2260): provinces, or the children of `parent`',
        querystring: Type.Object(
          { parent: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Region) },
      },
    },
    async (req) => regionChildren(req.query.parent ?? null),
  );
  app.get(
    '/regions/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'One division with the chain above it',
        params: RegionCodeParam,
        response: { 200: Type.Object({ region: Region, path: Type.Array(Region) }) },
      },
    },
    async (req) => {
      const region = findRegion(req.params.code);
      if (!region) throw notFound('The region', 'REGION_NOT_FOUND');
      return { region, path: regionPath(region.code) };
    },
  );

  // ----- public catalog -----

  app.get(
    '/catalog/resources',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Search the catalog of registered resources',
        description:
          'Chinese full-text search over titles, descriptions, keywords and field names (every word or character ' +
          'pair of `q` must occur), with filters; `region` includes every division below it.',
        querystring: Type.Object(
          {
            ...PagingQuery,
            q: Type.Optional(Type.String({ maxLength: 200 })),
            region: Type.Optional(RegionCode),
            domain: Type.Optional(Type.Enum(DOMAINS)),
            holder: Type.Optional(Type.String({ format: 'uuid' })),
            openLevel: Type.Optional(Type.Enum(OPEN_LEVELS)),
            grade: Type.Optional(Type.Enum(GRADES)),
            category: Type.Optional(Type.Enum(CATEGORIES)),
          },
          strict,
        ),
        response: {
          200: Type.Object({
            ...Paged(Resource).properties,
            totalExact: Type.Boolean({
              description: 'false when there are more matches than `total` (1,000)',
            }),
          }),
        },
      },
    },
    (req) => catalog.search(req.query),
  );

  app.get(
    '/catalog/facets',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Registered resources counted by domain, open level, grade and category',
        response: {
          200: Type.Object({ domain: Facet, openLevel: Facet, grade: Facet, category: Facet }),
        },
      },
    },
    () => catalog.facets(),
  );

  app.get(
    '/catalog/resources/:idOrCode',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'A registered resource, by id or code',
        params: IdOrCode,
        response: { 200: Resource },
      },
    },
    (req) => catalog.publicResource(req.params.idOrCode),
  );

  app.get(
    '/catalog/notices',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Registrations in public notice (公示)',
        querystring: Type.Object(PagingQuery, strict),
        response: { 200: Paged(Registration) },
      },
    },
    (req) => catalog.notices(req.query),
  );

  app.get(
    '/catalog/registrations/lookup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Follow a registration by its query code (查询码), without an account',
        querystring: Type.Object(
          { code: Type.String({ pattern: '^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$' }) },
          strict,
        ),
        response: { 200: Registration },
      },
    },
    (req) => catalog.lookup(req.query.code),
  );

  app.get(
    '/catalog/sources',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary:
          'The "one data item, one source" register (一数一源): each data item and its authoritative source',
        querystring: Type.Object(
          { ...PagingQuery, q: Type.Optional(Type.String({ maxLength: 100 })) },
          strict,
        ),
        response: {
          200: Paged(
            Type.Object({
              item: Type.String(),
              source: Org,
              resource: Type.Object({ id: Type.String(), code: Type.String(), title: Type.String() }),
              since: Timestamp,
            }),
          ),
        },
      },
    },
    (req) => catalog.sources(req.query),
  );

  // ----- the holder's inventory -----

  app.get(
    '/catalog/systems',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['catalog'],
        summary: 'Information systems (信息系统目录) of your organization, or all for the authority',
        querystring: Type.Object(PagingQuery, strict),
        response: { 200: Paged(System) },
      },
    },
    (req) => catalog.systems(req.ctx, req.query),
  );

  app.post(
    '/catalog/systems',
    {
      config: { access: [...HOLDERS], action: 'catalog.system.create' },
      schema: {
        tags: ['catalog'],
        summary: 'Put an information system on record',
        body: Type.Object(
          {
            name: Text(2, 200),
            description: Type.Optional(Prose(0, 2000)),
            department: Type.Optional(Text(0, 100)),
            regionCode: RegionCode,
          },
          strict,
        ),
        response: { 201: System },
      },
    },
    async (req, reply) => reply.status(201).send(await catalog.createSystem(req.ctx, req.body)),
  );

  app.patch(
    '/catalog/systems/:id',
    {
      config: { access: [...HOLDERS], action: 'catalog.system.update' },
      schema: {
        tags: ['catalog'],
        summary: 'Change or retire an information system',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Text(2, 200)),
            description: Type.Optional(Prose(0, 2000)),
            department: Type.Optional(Text(0, 100)),
            regionCode: Type.Optional(RegionCode),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('retired')])),
          },
          { ...strict, minProperties: 1 },
        ),
        response: { 200: System },
      },
    },
    (req) => catalog.updateSystem(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/catalog/inventory',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['catalog'],
        summary: 'Resources of your organization in every status (data inventory), or all for the authority',
        querystring: Type.Object(
          {
            ...PagingQuery,
            q: Type.Optional(Type.String({ maxLength: 200 })),
            status: Type.Optional(Type.Enum(RESOURCE_STATUSES)),
            holder: Type.Optional(Type.String({ format: 'uuid' })),
          },
          strict,
        ),
        response: { 200: Paged(Resource) },
      },
    },
    (req) => catalog.inventory(req.ctx, req.query),
  );

  app.post(
    '/catalog/inventory',
    {
      config: { access: [...HOLDERS], action: 'catalog.resource.create', auditFields: ['title'] },
      schema: {
        tags: ['catalog'],
        summary: 'Draft a data resource in your inventory',
        body: Type.Object(ResourceBody, strict),
        response: { 201: Resource },
      },
    },
    async (req, reply) => reply.status(201).send(await catalog.createResource(req.ctx, req.body)),
  );

  app.get(
    '/catalog/inventory/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['catalog'],
        summary: 'One resource of your inventory with its registrations',
        params: IdParams,
        response: { 200: Type.Object({ ...Resource.properties, registrations: Type.Array(Registration) }) },
      },
    },
    (req) => catalog.inventoryResource(req.ctx, req.params.id),
  );

  app.put(
    '/catalog/inventory/:id',
    {
      config: { access: [...HOLDERS], action: 'catalog.resource.update' },
      schema: {
        tags: ['catalog'],
        summary: 'Edit a resource not yet on record (draft, refused or withdrawn)',
        params: IdParams,
        body: Type.Object(ResourceBody, strict),
        response: { 200: Resource },
      },
    },
    (req) => catalog.updateResource(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/catalog/inventory/:id/register',
    {
      config: { access: [...HOLDERS], action: 'catalog.registration.submit' },
      schema: {
        tags: ['catalog'],
        summary: 'Apply for the first registration (首次登记) of a draft; the answer carries its query code',
        params: IdParams,
        response: { 201: Registration },
      },
    },
    async (req, reply) => reply.status(201).send(await catalog.submit(req.ctx, req.params.id)),
  );

  app.post(
    '/catalog/inventory/:id/change',
    {
      config: { access: [...HOLDERS], action: 'catalog.registration.change' },
      schema: {
        tags: ['catalog'],
        summary: 'Apply to change a registered resource (变更登记); the new content applies once reviewed',
        params: IdParams,
        body: Type.Object({ ...ResourceBody, reason: Prose(2, 1000) }, strict),
        response: { 201: Registration },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await catalog.requestChange(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/catalog/inventory/:id/cancel',
    {
      config: { access: [...HOLDERS], action: 'catalog.registration.cancel' },
      schema: {
        tags: ['catalog'],
        summary: 'Apply to cancel a registered resource (注销登记)',
        params: IdParams,
        body: Type.Object({ reason: Prose(2, 1000) }, strict),
        response: { 201: Registration },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await catalog.requestCancellation(req.ctx, req.params.id, req.body.reason)),
  );

  // ----- registrations and review -----

  app.get(
    '/catalog/registrations',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['catalog'],
        summary: 'Registrations of your organization, or all for the authority (the review queue)',
        querystring: Type.Object(
          {
            ...PagingQuery,
            status: Type.Optional(Type.Enum(REGISTRATION_STATUSES)),
            kind: Type.Optional(Type.Enum(REGISTRATION_KINDS)),
            resourceId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          strict,
        ),
        response: { 200: Paged(Registration) },
      },
    },
    (req) => catalog.registrations(req.ctx, req.query),
  );

  app.get(
    '/catalog/registrations/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['catalog'],
        summary: 'One registration',
        params: IdParams,
        response: { 200: Registration },
      },
    },
    (req) => catalog.registration(req.ctx, req.params.id),
  );

  app.post(
    '/catalog/registrations/:id/review',
    {
      config: { access: [...AUTHORITY], action: 'catalog.registration.review', auditFields: ['decision'] },
      schema: {
        tags: ['catalog'],
        summary: 'Review a registration: approve into public notice, or reject with a reason',
        params: IdParams,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
            comment: Type.Optional(Prose(0, 2000)),
          },
          strict,
        ),
        response: { 200: Registration },
      },
    },
    (req) => catalog.review(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/catalog/registrations/:id/withdraw',
    {
      config: { access: [...HOLDERS], action: 'catalog.registration.withdraw' },
      schema: {
        tags: ['catalog'],
        summary: 'Withdraw a registration still under review',
        params: IdParams,
        response: { 200: Registration },
      },
    },
    (req) => catalog.withdraw(req.ctx, req.params.id),
  );

  // ----- demand list -----

  app.get(
    '/catalog/demands',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['catalog'],
        summary: 'The demand list (需求清单): search and filter demands',
        querystring: Type.Object(
          {
            ...PagingQuery,
            q: Type.Optional(Type.String({ maxLength: 200 })),
            status: Type.Optional(Type.Enum(DEMAND_STATUSES)),
            domain: Type.Optional(Type.Enum(DOMAINS)),
            mine: Type.Optional(Type.Boolean()),
          },
          strict,
        ),
        response: { 200: Paged(Demand) },
      },
    },
    (req) => catalog.demands(req.query, req.ctx),
  );

  app.post(
    '/catalog/demands',
    {
      config: { access: 'authenticated', action: 'catalog.demand.post' },
      schema: {
        tags: ['catalog'],
        summary: 'Post a demand for data: domain, fields, purpose, region and budget',
        body: Type.Object(
          {
            title: Text(2, 200),
            domain: Type.Optional(Type.Enum(DOMAINS)),
            fields: Type.Array(FieldName, { maxItems: 100 }),
            purpose: Prose(2, 2000),
            regionCode: Type.Optional(RegionCode),
            budgetFen: Type.Optional(
              Type.String({
                pattern: '^(0|[1-9]\\d{0,14})$',
                description: 'budget in fen (分), a whole number',
              }),
            ),
          },
          strict,
        ),
        response: { 201: Demand },
      },
    },
    async (req, reply) => reply.status(201).send(await catalog.postDemand(req.ctx, req.body)),
  );

  app.get(
    '/catalog/demands/matching',
    {
      config: { access: [...HOLDERS] },
      schema: {
        tags: ['catalog'],
        summary: 'Open demands your registered resources answer (by text or by fields)',
        querystring: Type.Object({ limit: PagingQuery.limit }, strict),
        response: { 200: Type.Array(Demand) },
      },
    },
    (req) => catalog.matchingDemands(req.ctx, req.query.limit),
  );

  app.get(
    '/catalog/demands/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['catalog'],
        summary: 'A demand, its answers and the registered resources that match it',
        params: IdParams,
        response: {
          200: Type.Object({
            ...Demand.properties,
            answerList: Type.Array(Answer),
            matches: Type.Array(
              Type.Object({
                resource: Type.Object({
                  id: Type.String(),
                  code: Type.String(),
                  title: Type.String(),
                  holder: Org,
                  openLevel: Type.Enum(OPEN_LEVELS),
                }),
                textScore: Type.Number({ description: 'share of the demand’s terms the resource holds' }),
                fieldHits: Type.Integer({ description: 'asked-for fields the resource has' }),
              }),
            ),
          }),
        },
      },
    },
    (req) => catalog.demand(req.params.id),
  );

  app.post(
    '/catalog/demands/:id/answers',
    {
      config: { access: [...HOLDERS], action: 'catalog.demand.answer' },
      schema: {
        tags: ['catalog'],
        summary: 'Answer a demand, optionally offering one of your registered resources',
        params: IdParams,
        body: Type.Object(
          { message: Prose(2, 2000), resourceId: Type.Optional(Type.String({ format: 'uuid' })) },
          strict,
        ),
        response: { 201: Answer },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await catalog.answerDemand(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/catalog/demands/:id/close',
    {
      config: { access: 'authenticated', action: 'catalog.demand.close' },
      schema: {
        tags: ['catalog'],
        summary: 'Close your demand',
        params: IdParams,
        body: Type.Object({ reason: Type.Optional(Prose(0, 1000)) }, strict),
        response: { 200: Demand },
      },
    },
    (req) => catalog.closeDemand(req.ctx, req.params.id, req.body.reason),
  );

  app.get(
    '/catalog/dcat',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'The catalog as DCAT-AP 3.0.1: JSON-LD (default) or Turtle',
        description:
          'Choose with `format`, or with `Accept: text/turtle` / `application/ld+json`. Distributions point to ' +
          'access pages: data is used inside the secure domain, never downloaded.',
        querystring: Type.Object(
          { format: Type.Optional(Type.Union([Type.Literal('jsonld'), Type.Literal('turtle')])) },
          strict,
        ),
        response: { 200: Type.Unknown({ description: 'application/ld+json or text/turtle' }) },
      },
    },
    async (req, reply) => {
      const format =
        req.query.format ?? (/text\/turtle/.test(req.headers.accept ?? '') ? 'turtle' : 'jsonld');
      const body = await catalog.dcat(`${req.protocol}://${req.host}`, format);
      return format === 'turtle'
        ? reply.type('text/turtle; charset=utf-8').send(body)
        : reply.type('application/ld+json; charset=utf-8').send(JSON.stringify(body));
    },
  );
}
