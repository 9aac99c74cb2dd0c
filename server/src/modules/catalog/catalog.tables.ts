// Tables of the catalog module (schema `catalog`): the "one ledger" (一本账) of information systems and data
// resources per holder, their public registrations, the "one data item, one source" register and the demand list.
import { sql, type Generated, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Grade } from '../classification/index.ts';

/**
 * Domains: the base databases (基础库) of population, legal persons, natural resources, spatial geography,
 * social credit and macro economy, then theme (主题库) and special (专题库) databases.
 */
export const DOMAINS = [
  'population',
  'legal_person',
  'natural_resources',
  'spatial_geography',
  'credit',
  'macro_economy',
  'theme',
  'special',
] as const;
export type Domain = (typeof DOMAINS)[number];
export const DOMAIN_LABELS: Record<Domain, string> = {
  population: '人口基础库',
  legal_person: '法人基础库',
  natural_resources: '自然资源基础库',
  spatial_geography: '空间地理基础库',
  credit: '社会信用基础库',
  macro_economy: '宏观经济基础库',
  theme: '主题库',
  special: '专题库',
};

export const UPDATE_FREQUENCIES = [
  'realtime',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'yearly',
  'irregular',
] as const;
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number];

/** 开放属性: 无条件开放, 有条件开放, 不予开放. */
export const OPEN_LEVELS = ['unconditional', 'conditional', 'not_open'] as const;
export type OpenLevel = (typeof OPEN_LEVELS)[number];

/** 数据类别: 公共数据, 企业数据, 个人数据. */
export const CATEGORIES = ['public', 'enterprise', 'personal'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Grades per GB/T 43697-2024 (general data in four levels, important, core), as the classifier assigns them. */
export { GRADES, type Grade } from '../classification/index.ts';

/** A resource's life: drafted, under review, in public notice, registered; or refused, withdrawn, cancelled. */
export const RESOURCE_STATUSES = [
  'draft',
  'under_review',
  'in_notice',
  'registered',
  'refused',
  'withdrawn',
  'cancelled',
] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

/** Registration kinds: 首次登记, 变更登记, 注销登记. */
export const REGISTRATION_KINDS = ['first', 'change', 'cancellation'] as const;
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number];

export const REGISTRATION_STATUSES = [
  'under_review',
  'in_notice',
  'completed',
  'refused',
  'withdrawn',
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const DEMAND_STATUSES = ['open', 'closed'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

export interface FieldSpec {
  name: string;
  type: string;
  description?: string;
}

/** What a resource says about itself; a change registration proposes a new one. */
export interface ResourceContent {
  title: string;
  description: string;
  regionCode: string;
  domain: Domain;
  theme: string | null;
  systemId: string | null;
  fields: FieldSpec[];
  keywords: string[];
  updateFrequency: UpdateFrequency;
  openLevel: OpenLevel;
  category: Category;
  grade: Grade;
  /** The data items (数据项) this resource is the authoritative source of (一数一源). */
  sourceItems: string[];
}

export interface CatalogTables {
  'catalog.systems': {
    id: string;
    org_id: string;
    name: string;
    description: string | null;
    department: string | null;
    region_code: string;
    status: 'active' | 'retired';
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'catalog.resources': {
    id: string;
    code: string;
    org_id: string;
    system_id: string | null;
    title: string;
    description: string;
    region_code: string;
    /** The region code without its trailing zero pairs: a prefix that every region below it shares. */
    region_prefix: string;
    domain: Domain;
    theme: string | null;
    fields: unknown;
    keywords: string[];
    update_frequency: UpdateFrequency;
    open_level: OpenLevel;
    category: Category;
    grade: Grade;
    source_items: string[];
    status: ResourceStatus;
    quality_score: number | null;
    /** Bigram index of title, description, keywords and field names (Chinese has no spaces to split on). */
    search: string;
    registered_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'catalog.registrations': {
    id: string;
    number: string;
    kind: RegistrationKind;
    resource_id: string;
    org_id: string;
    status: RegistrationStatus;
    /** The content a first or change registration puts on record. */
    content: unknown;
    reason: string | null;
    /** `{ decision, comment, userId, at }` once reviewed. */
    review: unknown;
    notice_ends_at: Date | null;
    /** 查询码: lets anyone who was given it follow the registration without an account. */
    query_code: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'catalog.source_items': {
    item: string;
    org_id: string;
    resource_id: string;
    created_at: Generated<Date>;
  };
  'catalog.demands': {
    id: string;
    number: string;
    org_id: string;
    user_id: string;
    title: string;
    domain: Domain | null;
    fields: string[];
    purpose: string;
    region_code: string | null;
    /** Budget in fen (分), never floating point. */
    budget_fen: string | null;
    status: DemandStatus;
    /** The demand's terms for matching: bigrams and words, without single characters. */
    terms: string[];
    search: string;
    closed_reason: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'catalog.demand_answers': {
    id: string;
    demand_id: string;
    org_id: string;
    resource_id: string | null;
    message: string;
    created_at: Generated<Date>;
  };
}

export const catalogMigrations: Record<string, Migration> = {
  '20261122T2000_catalog_init': {
    async up(db: Kysely<any>) {
      await db.schema.createSchema('catalog').ifNotExists().execute();
      const s = db.schema.withSchema('catalog');
      for (const name of ['resource_no', 'registration_no', 'demand_no'])
        await sql`create sequence ${sql.raw(`catalog.${name}`)}`.execute(db);
      await s
        .createTable('systems')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('org_id', 'uuid', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('department', 'text')
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await sql`create unique index systems_org_name on catalog.systems (org_id, name)
        where status = 'active'`.execute(db);
      await s
        .createTable('resources')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('org_id', 'uuid', (c) => c.notNull())
        .addColumn('system_id', 'uuid', (c) => c.references('catalog.systems.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('region_prefix', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('theme', 'text')
        .addColumn('fields', 'jsonb', (c) => c.notNull())
        .addColumn('keywords', sql`text[]`, (c) => c.notNull())
        .addColumn('update_frequency', 'text', (c) => c.notNull())
        .addColumn('open_level', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('source_items', sql`text[]`, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('quality_score', 'real')
        .addColumn('search', sql`tsvector`, (c) => c.notNull())
        .addColumn('registered_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await sql`create index resources_search on catalog.resources using gin (search)`.execute(db);
      await sql`create index resources_region on catalog.resources (region_prefix text_pattern_ops)`.execute(
        db,
      );
      await s.createIndex('resources_org').on('resources').columns(['org_id', 'status']).execute();
      // The public listing, newest registrations first; searches with many matches walk it too.
      await sql`create index resources_registered on catalog.resources (registered_at, id)
        where status = 'registered'`.execute(db);
      await s
        .createIndex('resources_created')
        .on('resources')
        .columns(['org_id', 'created_at', 'id'])
        .execute();
      // A holder cannot put the same resource on record twice while the first is alive.
      await sql`create unique index resources_org_title on catalog.resources (org_id, title)
        where status not in ('refused', 'withdrawn', 'cancelled')`.execute(db);
      await s
        .createTable('registrations')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'uuid', (c) => c.notNull().references('catalog.resources.id'))
        .addColumn('org_id', 'uuid', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('content', 'jsonb')
        .addColumn('reason', 'text')
        .addColumn('review', 'jsonb')
        .addColumn('notice_ends_at', 'timestamptz')
        .addColumn('query_code', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s.createIndex('registrations_resource').on('registrations').column('resource_id').execute();
      await s
        .createIndex('registrations_status')
        .on('registrations')
        .columns(['status', 'created_at'])
        .execute();
      // One open registration per resource at a time.
      await sql`create unique index registrations_one_open on catalog.registrations (resource_id)
        where status in ('under_review', 'in_notice')`.execute(db);
      await s
        .createTable('source_items')
        .addColumn('item', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'uuid', (c) => c.notNull())
        .addColumn('resource_id', 'uuid', (c) => c.notNull().references('catalog.resources.id'))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s
        .createTable('demands')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('org_id', 'uuid', (c) => c.notNull())
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('domain', 'text')
        .addColumn('fields', sql`text[]`, (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text')
        .addColumn('budget_fen', 'bigint')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('terms', sql`text[]`, (c) => c.notNull())
        .addColumn('search', sql`tsvector`, (c) => c.notNull())
        .addColumn('closed_reason', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s.createIndex('demands_status').on('demands').columns(['status', 'created_at']).execute();
      await s
        .createTable('demand_answers')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('demand_id', 'uuid', (c) => c.notNull().references('catalog.demands.id'))
        .addColumn('org_id', 'uuid', (c) => c.notNull())
        .addColumn('resource_id', 'uuid')
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s.createIndex('demand_answers_demand').on('demand_answers').column('demand_id').execute();
    },
  },
};
