// DCAT-AP 3.0.1 export of the resource catalog (https://semiceu.github.io/DCAT-AP/releases/3.0.1/): the catalog,
// its resources as datasets and their distributions, as JSON-LD (inline context) or Turtle. Pure functions: the
// route reads the database and hands the result here. Both formats come from one list of triples, so they always
// describe the same graph; every node has an IRI (no blank nodes), and every node an object property points to is
// typed with the class the DCAT-AP range shapes ask for (sh:class needs the rdf:type in the exported graph).
import { DataFactory, Writer } from 'n3';
import type { Quad } from 'n3';

export interface DcatAgent {
  id: string;
  name: string;
  /** Unified social credit code (GB 32100), exported as the agent's dct:identifier. */
  creditCode: string | null;
}

export interface DcatDistribution {
  id: string;
  title: string;
  format: 'parquet' | 'csv' | 'json';
  /** IANA media type, e.g. `text/csv` or `application/vnd.apache.parquet` (parameters are dropped). */
  mediaType: string;
  byteSize: number | null;
  /** ISO 8601 timestamp. */
  issued: string;
  /** Absolute URL of the page where access is applied for: resources are never downloadable directly. */
  accessUrl: string;
}

export interface DcatResource {
  id: string;
  /** Platform resource code, e.g. `LT-R-2026-000123`. */
  code: string;
  title: string;
  description: string;
  holder: DcatAgent;
  /** GB/T 2260 code, e.g. `150100`, and its name, e.g. 呼和浩特市. */
  regionCode: string;
  regionName: string;
  /** Domain key and label, e.g. `population` / 人口. */
  domain: string;
  domainLabel: string;
  keywords: string[];
  fields: { name: string; type: string }[];
  updateFrequency: 'realtime' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly' | 'irregular';
  openLevel: 'unconditional' | 'conditional' | 'not_open';
  category: 'public' | 'enterprise' | 'personal';
  grade: string;
  qualityScore: number | null;
  /** ISO 8601 timestamps. */
  issued: string;
  modified: string;
  /** Absolute URL of the public resource page. */
  landingPage: string;
  distributions: DcatDistribution[];
}

export interface DcatCatalog {
  /** Absolute http(s) URL of the platform; every IRI the export mints starts with it. */
  baseUrl: string;
  title: string;
  description: string;
  publisher: DcatAgent;
  resources: DcatResource[];
  modified: string;
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const EU = 'http://publications.europa.eu/resource/authority/';
const IANA_MEDIA_TYPES = 'https://www.iana.org/assignments/media-types/';

/** The language tag of every Chinese text literal. */
export const DCAT_LANGUAGE = 'zh';

/** EU frequency vocabulary. 实时 is "continuously updated" (UPDATE_CONT), not CONT ("continuous"). */
export const FREQUENCY_IRIS: Record<DcatResource['updateFrequency'], string> = {
  realtime: `${EU}frequency/UPDATE_CONT`,
  daily: `${EU}frequency/DAILY`,
  weekly: `${EU}frequency/WEEKLY`,
  monthly: `${EU}frequency/MONTHLY`,
  quarterly: `${EU}frequency/QUARTERLY`,
  yearly: `${EU}frequency/ANNUAL`,
  irregular: `${EU}frequency/IRREG`,
};

/** EU access-right vocabulary: 无条件开放 PUBLIC, 有条件开放 RESTRICTED, 不予开放 NON_PUBLIC. */
export const ACCESS_RIGHTS_IRIS: Record<DcatResource['openLevel'], string> = {
  unconditional: `${EU}access-right/PUBLIC`,
  conditional: `${EU}access-right/RESTRICTED`,
  not_open: `${EU}access-right/NON_PUBLIC`,
};

/** EU file-type vocabulary. */
export const FILE_TYPE_IRIS: Record<DcatDistribution['format'], string> = {
  parquet: `${EU}file-type/PARQUET`,
  csv: `${EU}file-type/CSV`,
  json: `${EU}file-type/JSON`,
};

const LANGUAGE_ZHO = `${EU}language/ZHO`;

/** Prefixes of the Turtle output and the JSON-LD context; `lt` (the platform's extension) is added per base URL. */
const PREFIXES = {
  dcat: DCAT,
  dct: DCT,
  foaf: FOAF,
  skos: SKOS,
  xsd: XSD,
  freq: `${EU}frequency/`,
  access: `${EU}access-right/`,
  filetype: `${EU}file-type/`,
  lang: `${EU}language/`,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Values, IRIs and literals

type Obj =
  | { iri: string }
  | { text: string } // Chinese text, tagged @zh
  | { lexical: string; datatype?: string }; // xsd:string unless a datatype is given

/** A literal's text: lone UTF-16 surrogates (which no UTF-8 output can carry) become U+FFFD. */
const wellFormed = (s: string) => s.toWellFormed();
const zh = (s: string): Obj => ({ text: wellFormed(s) });
const plain = (s: string): Obj => ({ lexical: wellFormed(s) });

/** Percent-encodes what a Turtle IRIREF (and a sane JSON-LD @id) cannot hold; URL.href leaves `{}|^` in queries. */
const IRI_UNSAFE = '<>"{}|^`\\';
const iriSafe = (href: string) =>
  [...href]
    .map((ch) =>
      ch <= ' ' || IRI_UNSAFE.includes(ch)
        ? `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
        : ch,
    )
    .join('');

/** An absolute http(s) URL as an IRI, or a TypeError naming the field. */
function httpIri(url: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`${what} is not an absolute URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new TypeError(`${what} is not an http(s) URL: ${JSON.stringify(url)}`);
  return iriSafe(parsed.href);
}

/** The base URL without a trailing slash, query or fragment. */
function normalizeBase(baseUrl: string): string {
  const href = httpIri(baseUrl, 'baseUrl');
  const url = new URL(href);
  if (url.search || url.hash)
    throw new TypeError(`baseUrl has a query or fragment: ${JSON.stringify(baseUrl)}`);
  return href.replace(/\/+$/, '');
}

const segment = (s: string) => encodeURIComponent(wellFormed(s));

const XSD_DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const XSD_DATE = /^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/;

/** A timestamp as xsd:dateTime (or xsd:date for a bare date); anything else that Date parses is normalized to UTC. */
function temporal(value: string, what: string): Obj {
  if (XSD_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))
    return { lexical: value, datatype: `${XSD}dateTime` };
  if (XSD_DATE.test(value) && !Number.isNaN(Date.parse(value.slice(0, 10))))
    return { lexical: value, datatype: `${XSD}date` };
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new RangeError(`${what} is not an ISO 8601 timestamp: ${JSON.stringify(value)}`);
  return { lexical: new Date(time).toISOString(), datatype: `${XSD}dateTime` };
}

function nonNegativeInteger(n: number | null): Obj | undefined {
  if (n === null || !Number.isSafeInteger(n) || n < 0) return undefined;
  return { lexical: String(n), datatype: `${XSD}nonNegativeInteger` };
}

function decimal(n: number | null): Obj | undefined {
  if (n === null || !Number.isFinite(n)) return undefined;
  const lexical = n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
  return { lexical, datatype: `${XSD}decimal` };
}

/** `type/subtype` of an IANA media type, parameters dropped, or undefined when it is not one. */
function mediaTypeIri(mediaType: string): string | undefined {
  const essence = mediaType.split(';')[0]!.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9.+_-]*\/[a-z0-9][a-z0-9.+_-]*$/.test(essence)) return undefined;
  return IANA_MEDIA_TYPES + essence;
}

// ---------------------------------------------------------------------------------------------------------------
// The graph: subjects in the order they are first described, duplicate triples dropped

class Graph {
  readonly subjects = new Map<string, [predicate: string, object: Obj][]>();
  readonly #seen = new Set<string>();

  add(subject: string, predicate: string, object: Obj | undefined): void {
    if (object === undefined) return;
    const key = JSON.stringify([subject, predicate, object]);
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    let arcs = this.subjects.get(subject);
    if (!arcs) this.subjects.set(subject, (arcs = []));
    arcs.push([predicate, object]);
  }

  type(subject: string, cls: string): void {
    this.add(subject, RDF_TYPE, { iri: cls });
  }

  merge(other: Graph): void {
    for (const [subject, arcs] of other.subjects) for (const [p, o] of arcs) this.add(subject, p, o);
  }
}

/** The IRIs the export mints under the base URL. */
function mint(base: string) {
  const api = `${base}/api/v1`;
  return {
    catalog: `${api}/catalog/dcat#catalog`,
    dataset: (id: string) => `${api}/catalog/resources/${segment(id)}`,
    distribution: (resourceId: string, id: string) =>
      `${api}/catalog/resources/${segment(resourceId)}/distributions/${segment(id)}`,
    schema: (resourceId: string) => `${api}/catalog/resources/${segment(resourceId)}#schema`,
    field: (resourceId: string, index: number) =>
      `${api}/catalog/resources/${segment(resourceId)}#field-${index + 1}`,
    agent: (id: string) => `${api}/organizations/${segment(id)}`,
    region: (code: string) => `${api}/catalog/regions/${segment(code)}`,
    domainScheme: `${api}/catalog/domains`,
    domain: (domain: string) => `${api}/catalog/domains/${segment(domain)}`,
    homepage: `${base}/`,
    /** The platform's extension vocabulary (open SHACL shapes allow extra properties). */
    ns: `${base}/ns#`,
  };
}

function buildGraph(catalog: DcatCatalog): { graph: Graph; ns: string } {
  const iri = mint(normalizeBase(catalog.baseUrl));
  const lt = (local: string) => iri.ns + local;
  const main = new Graph();
  // Written after the catalog and its datasets: agents, the domain taxonomy, places, then vocabulary typings.
  const agents = new Graph();
  const taxonomy = new Graph();
  const places = new Graph();
  const vocabularies = new Graph();

  const agent = (a: DcatAgent): Obj => {
    const id = iri.agent(a.id);
    agents.type(id, `${FOAF}Agent`);
    agents.add(id, `${FOAF}name`, zh(a.name));
    if (a.creditCode) agents.add(id, `${DCT}identifier`, plain(a.creditCode));
    return { iri: id };
  };
  /** An IRI from a controlled vocabulary, typed with the class the range shapes require. */
  const typed = (value: string, cls: string): Obj => {
    vocabularies.type(value, cls);
    return { iri: value };
  };
  const language = () => typed(LANGUAGE_ZHO, `${DCT}LinguisticSystem`);

  const cat = iri.catalog;
  main.type(cat, `${DCAT}Catalog`);
  main.add(cat, `${DCT}title`, zh(catalog.title));
  main.add(cat, `${DCT}description`, zh(catalog.description));
  main.add(cat, `${DCT}publisher`, agent(catalog.publisher));
  main.add(cat, `${DCT}language`, language());
  main.add(cat, `${FOAF}homepage`, typed(iri.homepage, `${FOAF}Document`));
  main.add(cat, `${DCT}modified`, temporal(catalog.modified, 'catalog.modified'));
  main.add(cat, `${DCAT}themeTaxonomy`, { iri: iri.domainScheme });
  taxonomy.type(iri.domainScheme, `${SKOS}ConceptScheme`);
  taxonomy.add(iri.domainScheme, `${DCT}title`, zh('数据领域'));
  for (const r of catalog.resources) main.add(cat, `${DCAT}dataset`, { iri: iri.dataset(r.id) });

  for (const r of catalog.resources) {
    const ds = iri.dataset(r.id);
    const what = `resource ${r.id}`;
    main.type(ds, `${DCAT}Dataset`);
    main.add(ds, `${DCT}identifier`, plain(r.code));
    main.add(ds, `${DCT}title`, zh(r.title));
    main.add(ds, `${DCT}description`, zh(r.description));
    for (const k of r.keywords) if (k.trim()) main.add(ds, `${DCAT}keyword`, zh(k.trim()));

    const theme = iri.domain(r.domain);
    taxonomy.type(theme, `${SKOS}Concept`);
    taxonomy.add(theme, `${SKOS}prefLabel`, zh(r.domainLabel));
    taxonomy.add(theme, `${SKOS}notation`, plain(r.domain));
    taxonomy.add(theme, `${SKOS}inScheme`, { iri: iri.domainScheme });
    main.add(ds, `${DCAT}theme`, { iri: theme });

    main.add(ds, `${DCT}publisher`, agent(r.holder));

    const place = iri.region(r.regionCode);
    places.type(place, `${DCT}Location`);
    places.add(place, `${SKOS}prefLabel`, zh(r.regionName));
    places.add(place, `${DCT}identifier`, plain(r.regionCode));
    main.add(ds, `${DCT}spatial`, { iri: place });

    main.add(ds, `${DCT}accrualPeriodicity`, typed(FREQUENCY_IRIS[r.updateFrequency], `${DCT}Frequency`));
    main.add(ds, `${DCT}accessRights`, typed(ACCESS_RIGHTS_IRIS[r.openLevel], `${DCT}RightsStatement`));
    main.add(ds, `${DCT}language`, language());
    main.add(ds, `${DCT}issued`, temporal(r.issued, `${what}: issued`));
    main.add(ds, `${DCT}modified`, temporal(r.modified, `${what}: modified`));
    main.add(
      ds,
      `${DCAT}landingPage`,
      typed(httpIri(r.landingPage, `${what}: landingPage`), `${FOAF}Document`),
    );

    if (r.fields.length > 0) {
      // The field list as the dataset's own specification (dct:Standard), in words and as extension nodes.
      const schema = iri.schema(r.id);
      main.add(ds, `${DCT}conformsTo`, { iri: schema });
      main.type(schema, `${DCT}Standard`);
      main.type(schema, lt('Schema'));
      main.add(schema, `${DCT}title`, zh(`数据项结构：${r.title}`));
      main.add(schema, `${DCT}description`, zh(r.fields.map((f) => `${f.name}（${f.type}）`).join('；')));
      r.fields.forEach((f, i) => {
        const field = iri.field(r.id, i);
        main.add(schema, lt('field'), { iri: field });
        main.type(field, lt('Field'));
        main.add(field, lt('name'), plain(f.name));
        main.add(field, lt('datatype'), plain(f.type));
        main.add(field, lt('position'), nonNegativeInteger(i + 1));
      });
    }

    main.add(ds, lt('category'), plain(r.category));
    main.add(ds, lt('grade'), plain(r.grade));
    main.add(ds, lt('qualityScore'), decimal(r.qualityScore));

    for (const d of r.distributions) {
      const dist = iri.distribution(r.id, d.id);
      const dwhat = `${what}, distribution ${d.id}`;
      main.add(ds, `${DCAT}distribution`, { iri: dist });
      main.type(dist, `${DCAT}Distribution`);
      main.add(dist, `${DCT}title`, zh(d.title));
      main.add(dist, `${DCAT}accessURL`, { iri: httpIri(d.accessUrl, `${dwhat}: accessUrl`) });
      main.add(dist, `${DCT}format`, typed(FILE_TYPE_IRIS[d.format], `${DCT}MediaTypeOrExtent`));
      const media = mediaTypeIri(d.mediaType);
      if (media) main.add(dist, `${DCAT}mediaType`, typed(media, `${DCT}MediaType`));
      main.add(dist, `${DCAT}byteSize`, nonNegativeInteger(d.byteSize));
      main.add(dist, `${DCT}issued`, temporal(d.issued, `${dwhat}: issued`));
    }
  }

  for (const g of [agents, taxonomy, places, vocabularies]) main.merge(g);
  return { graph: main, ns: iri.ns };
}

// ---------------------------------------------------------------------------------------------------------------
// Serializations

function prefixesFor(ns: string): Record<string, string> {
  return { ...PREFIXES, lt: ns };
}

function toQuads(graph: Graph): Quad[] {
  const term = (o: Obj) =>
    'iri' in o
      ? DataFactory.namedNode(o.iri)
      : 'text' in o
        ? DataFactory.literal(o.text, DCAT_LANGUAGE)
        : DataFactory.literal(o.lexical, o.datatype ? DataFactory.namedNode(o.datatype) : undefined);
  const quads: Quad[] = [];
  for (const [subject, arcs] of graph.subjects)
    for (const [p, o] of arcs)
      quads.push(DataFactory.quad(DataFactory.namedNode(subject), DataFactory.namedNode(p), term(o)));
  return quads;
}

/** The catalog's triples (n3 terms, no blank nodes), for a route that serializes them some other way. */
export function dcatQuads(catalog: DcatCatalog): Quad[] {
  return toQuads(buildGraph(catalog).graph);
}

/** The catalog as Turtle, written by the n3 Writer with prefixes. */
export function dcatTurtle(catalog: DcatCatalog): string {
  const { graph, ns } = buildGraph(catalog);
  const writer = new Writer({ prefixes: prefixesFor(ns) });
  writer.addQuads(toQuads(graph));
  let out: string | undefined;
  let failure: unknown;
  // Without an output stream the Writer collects into a string and calls back synchronously.
  writer.end((error: unknown, result: string) => {
    failure = error;
    out = result;
  });
  if (failure)
    throw failure instanceof Error ? failure : new Error('the n3 Writer failed', { cause: failure });
  if (out === undefined) throw new Error('the n3 Writer did not finish synchronously');
  return out;
}

/** The catalog as JSON-LD: a flat @graph of node objects under an inline @context (nothing to fetch). */
export function dcatJsonLd(catalog: DcatCatalog): object {
  const { graph, ns } = buildGraph(catalog);
  const prefixes = prefixesFor(ns);
  const compact = (iri: string) => {
    for (const [prefix, namespace] of Object.entries(prefixes)) {
      if (!iri.startsWith(namespace)) continue;
      const local = iri.slice(namespace.length);
      if (/^[A-Za-z][A-Za-z0-9_-]*$/.test(local)) return `${prefix}:${local}`;
    }
    return iri;
  };
  const value = (o: Obj) =>
    'iri' in o
      ? { '@id': o.iri }
      : 'text' in o
        ? { '@value': o.text, '@language': DCAT_LANGUAGE }
        : o.datatype
          ? { '@value': o.lexical, '@type': compact(o.datatype) }
          : o.lexical;
  const nodes = [...graph.subjects].map(([subject, arcs]) => {
    const node: Record<string, unknown> = { '@id': subject };
    const types = arcs.filter(([p]) => p === RDF_TYPE).map(([, o]) => compact((o as { iri: string }).iri));
    if (types.length > 0) node['@type'] = types.length === 1 ? types[0] : types;
    const byPredicate = new Map<string, unknown[]>();
    for (const [p, o] of arcs) {
      if (p === RDF_TYPE) continue;
      const key = compact(p);
      const values = byPredicate.get(key) ?? [];
      values.push(value(o));
      byPredicate.set(key, values);
    }
    for (const [key, values] of byPredicate) node[key] = values.length === 1 ? values[0] : values;
    return node;
  });
  return { '@context': prefixes, '@graph': nodes };
}
