import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Quad, Term } from '@rdfjs/types';
import rdf from '@zazuko/env-node';
import fc from 'fast-check';
import { Parser } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_RIGHTS_IRIS,
  dcatJsonLd,
  dcatTurtle,
  FREQUENCY_IRIS,
  type DcatCatalog,
  type DcatResource,
} from './dcat.ts';

const SHAPES = path.join(import.meta.dirname, 'testdata', 'dcat-ap-3');
const BASE = 'https://liutong.example.cn';
const API = `${BASE}/api/v1`;

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';

// ---------------------------------------------------------------------------------------------------------------
// A realistic catalog: three resources of three holders, all three open levels, three frequencies, with and
// without distributions and fields.

const bureau = { id: 'a1b2c3d4-0000-4000-8000-000000000001', name: '呼和浩特市数据资源局', creditCode: null };

const population: DcatResource = {
  id: '3f0c9b8e-1d2a-4c5b-9e7f-000000000101',
  code: 'LT-R-2026-000123',
  title: '呼和浩特市常住人口统计数据',
  description: '按旗县区、性别和年龄组汇总的常住人口数量，来源于第七次全国人口普查和年度抽样调查。',
  holder: {
    id: 'a1b2c3d4-0000-4000-8000-000000000002',
    name: '呼和浩特市统计局',
    creditCode: '11150100011595829X',
  },
  regionCode: '150100',
  regionName: '呼和浩特市',
  domain: 'population',
  domainLabel: '人口',
  keywords: ['人口', '常住人口', '普查'],
  fields: [
    { name: 'region_code', type: 'string' },
    { name: '年份', type: 'integer' },
    { name: 'population', type: 'integer' },
  ],
  updateFrequency: 'yearly',
  openLevel: 'unconditional',
  category: 'public',
  grade: 'general_1',
  qualityScore: 92.5,
  issued: '2026-01-15T08:00:00.000Z',
  modified: '2026-03-01T02:30:00.000Z',
  landingPage: `${BASE}/catalog/resources/3f0c9b8e-1d2a-4c5b-9e7f-000000000101`,
  distributions: [
    {
      id: 'd-0101-parquet',
      title: '常住人口统计（Parquet）',
      format: 'parquet',
      mediaType: 'application/vnd.apache.parquet',
      byteSize: 1_048_576,
      issued: '2026-01-15T08:00:00.000Z',
      accessUrl: `${BASE}/catalog/resources/3f0c9b8e-1d2a-4c5b-9e7f-000000000101/apply`,
    },
    {
      id: 'd-0101-csv',
      title: '常住人口统计（CSV）',
      format: 'csv',
      mediaType: 'text/csv; charset=utf-8',
      byteSize: null,
      issued: '2026-01-15T08:00:00+08:00',
      accessUrl: `${BASE}/catalog/resources/3f0c9b8e-1d2a-4c5b-9e7f-000000000101/apply?format=csv`,
    },
  ],
};

const enterprises: DcatResource = {
  id: '3f0c9b8e-1d2a-4c5b-9e7f-000000000102',
  code: 'LT-R-2026-000124',
  title: '内蒙古自治区企业登记信息',
  description: '企业名称、统一社会信用代码、登记状态和经营范围，按日更新。',
  holder: {
    id: 'a1b2c3d4-0000-4000-8000-000000000003',
    name: '内蒙古自治区市场监督管理局',
    creditCode: '11150000MB1917286B',
  },
  regionCode: '150000',
  regionName: '内蒙古自治区',
  domain: 'legal_person',
  domainLabel: '法人',
  keywords: ['企业', '登记', '法人'],
  fields: [
    { name: 'uscc', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'status', type: 'string' },
  ],
  updateFrequency: 'daily',
  openLevel: 'conditional',
  category: 'enterprise',
  grade: 'general_2',
  qualityScore: 78,
  issued: '2026-02-01T00:00:00.000Z',
  modified: '2026-03-10T16:00:00.000Z',
  landingPage: `${BASE}/catalog/resources/3f0c9b8e-1d2a-4c5b-9e7f-000000000102`,
  distributions: [
    {
      id: 'd-0102-json',
      title: '企业登记信息（JSON）',
      format: 'json',
      mediaType: 'application/json',
      byteSize: 0,
      issued: '2026-02-01T00:00:00.000Z',
      accessUrl: `${BASE}/catalog/resources/3f0c9b8e-1d2a-4c5b-9e7f-000000000102/apply`,
    },
  ],
};

const traffic: DcatResource = {
  id: '3f0c9b8e-1d2a-4c5b-9e7f-000000000103',
  code: 'LT-R-2026-000125',
  title: '包头市主干道实时交通流量',
  description: '路口线圈采集的车流量与平均车速，实时汇聚，仅限授权主体在安全域内使用。',
  holder: { id: 'a1b2c3d4-0000-4000-8000-000000000004', name: '包头市公安局交通管理支队', creditCode: null },
  regionCode: '150200',
  regionName: '包头市',
  domain: 'spatial_geography',
  domainLabel: '空间地理',
  keywords: [],
  fields: [],
  updateFrequency: 'realtime',
  openLevel: 'not_open',
  category: 'public',
  grade: 'important',
  qualityScore: null,
  issued: '2026-02-20',
  modified: '2026-03-12T09:15:30.250Z',
  landingPage: `${BASE}/catalog/resources/3f0c9b8e-1d2a-4c5b-9e7f-000000000103`,
  distributions: [],
};

function sampleCatalog(over: Partial<DcatCatalog> = {}): DcatCatalog {
  return {
    baseUrl: BASE,
    title: '流通数据资源目录',
    description: '呼和浩特市公共数据授权运营平台登记的数据资源。',
    publisher: bureau,
    resources: [population, enterprises, traffic],
    modified: '2026-03-12T10:00:00.000Z',
    ...over,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing and validating

/** Parses Turtle after a trip through UTF-8, as over HTTP: text that cannot be encoded would not survive. */
const turtleQuads = (text: string): Quad[] => new Parser().parse(Buffer.from(text, 'utf8').toString('utf8'));

async function jsonLdQuads(doc: object): Promise<Quad[]> {
  const text = Buffer.from(JSON.stringify(doc), 'utf8').toString('utf8');
  const stream = rdf.formats.parsers.import('application/ld+json', Readable.from([text]));
  if (!stream) throw new Error('no JSON-LD parser in @zazuko/env-node');
  const dataset = await rdf.dataset().import(stream);
  return [...dataset];
}

/** A quad as a comparable string; blank nodes would make graph comparison harder, and the export has none. */
const termKey = (t: Term): string =>
  t.termType === 'Literal'
    ? JSON.stringify([t.value, t.language, t.datatype.value])
    : `${t.termType}:${t.value}`;
const quadKey = (q: Quad) => [q.subject, q.predicate, q.object, q.graph].map(termKey).join(' ');
const graphKeys = (quads: Quad[]) => [...new Set(quads.map(quadKey))].sort();

const loadShapes = (file: string) => turtleQuads(readFileSync(path.join(SHAPES, file), 'utf8'));

let full: SHACLValidator; // DCAT-AP 3.0.1 shapes plus the range shapes, as the ITB validator's "Ranges" option
let rangesOnly: SHACLValidator;

beforeAll(() => {
  const base = loadShapes('dcat-ap-3.0.1-SHACL.ttl');
  const ranges = loadShapes('dcat-ap-3.0.1-ranges.ttl');
  full = new SHACLValidator(rdf.dataset([...base, ...ranges]), { factory: rdf });
  rangesOnly = new SHACLValidator(rdf.dataset(ranges), { factory: rdf });
});

interface Outcome {
  conforms: boolean;
  problems: { focus: string; path: string; component: string; message: string }[];
}

/** Validates; prints the results of an unexpected failure (`expectFailure` silences the negative tests). */
async function validate(quads: Quad[], validator = full, expectFailure = false): Promise<Outcome> {
  const report = await validator.validate(rdf.dataset(quads));
  const problems = report.results.map((r) => ({
    focus: r.focusNode?.value ?? '',
    path: r.path?.value ?? '',
    component: (r.sourceConstraintComponent?.value ?? '').replace('http://www.w3.org/ns/shacl#', 'sh:'),
    message: r.message.map((m) => m.value).join(' / '),
  }));
  if (!report.conforms && !expectFailure) console.log('SHACL results:\n' + JSON.stringify(problems, null, 2));
  return { conforms: report.conforms, problems };
}

const objects = (quads: Quad[], s: string, p: string) =>
  quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);
const without = (quads: Quad[], drop: (q: Quad) => boolean) => quads.filter((q) => !drop(q));

const datasetIri = (r: DcatResource) => `${API}/catalog/resources/${r.id}`;
const distributionIri = (r: DcatResource, id: string) => `${datasetIri(r)}/distributions/${id}`;

// ---------------------------------------------------------------------------------------------------------------

describe('DCAT-AP 3.0.1 export', () => {
  it('gives Turtle that conforms to the DCAT-AP 3.0.1 shapes and range shapes', async () => {
    const quads = turtleQuads(dcatTurtle(sampleCatalog()));
    expect(quads.length).toBeGreaterThan(100);
    const outcome = await validate(quads);
    expect(outcome.problems).toEqual([]);
    expect(outcome.conforms).toBe(true);
    expect((await validate(quads, rangesOnly)).conforms).toBe(true);
  });

  it('gives JSON-LD with an inline context that conforms and is the same graph as the Turtle', async () => {
    const doc = dcatJsonLd(sampleCatalog()) as { '@context': Record<string, string> };
    expect(typeof doc['@context']).toBe('object');
    expect(Object.values(doc['@context']).every((v) => typeof v === 'string')).toBe(true);
    const fromJson = await jsonLdQuads(doc);
    const fromTurtle = turtleQuads(dcatTurtle(sampleCatalog()));
    expect((await validate(fromJson)).conforms).toBe(true);
    expect([...fromJson, ...fromTurtle].some((q) => q.subject.termType === 'BlankNode')).toBe(false);
    expect([...fromJson, ...fromTurtle].some((q) => q.object.termType === 'BlankNode')).toBe(false);
    expect(graphKeys(fromJson)).toEqual(graphKeys(fromTurtle));
    expect(new Set(fromTurtle.map(quadKey)).size).toBe(fromTurtle.length); // no triple written twice
  });

  it('maps the catalog, the datasets and the distributions as DCAT-AP asks', () => {
    const q = turtleQuads(dcatTurtle(sampleCatalog()));
    const catalog = `${API}/catalog/dcat#catalog`;
    expect(objects(q, catalog, RDF_TYPE).map((o) => o.value)).toEqual([`${DCAT}Catalog`]);
    expect(objects(q, catalog, `${DCT}title`)[0]).toMatchObject({
      value: '流通数据资源目录',
      language: 'zh',
    });
    expect(objects(q, catalog, `${DCT}modified`)[0]).toMatchObject({
      value: '2026-03-12T10:00:00.000Z',
      datatype: { value: `${XSD}dateTime` },
    });
    expect(objects(q, catalog, `${DCAT}dataset`).map((o) => o.value)).toEqual(
      [population, enterprises, traffic].map(datasetIri),
    );
    const publisher = objects(q, catalog, `${DCT}publisher`)[0]!.value;
    expect(publisher).toBe(`${API}/organizations/${bureau.id}`);
    expect(objects(q, publisher, `${FOAF}name`)[0]).toMatchObject({
      value: '呼和浩特市数据资源局',
      language: 'zh',
    });
    expect(objects(q, publisher, `${DCT}identifier`)).toEqual([]);

    const pop = datasetIri(population);
    expect(objects(q, pop, `${DCT}identifier`)[0]!.value).toBe('LT-R-2026-000123');
    expect(objects(q, pop, `${DCAT}keyword`).map((o) => o.value)).toEqual(['人口', '常住人口', '普查']);
    expect(objects(q, pop, `${DCT}accrualPeriodicity`)[0]!.value).toBe(
      'http://publications.europa.eu/resource/authority/frequency/ANNUAL',
    );
    expect(objects(q, pop, `${DCT}accessRights`)[0]!.value).toBe(
      'http://publications.europa.eu/resource/authority/access-right/PUBLIC',
    );
    const holder = objects(q, pop, `${DCT}publisher`)[0]!.value;
    expect(objects(q, holder, `${DCT}identifier`)[0]!.value).toBe('11150100011595829X');
    const place = objects(q, pop, `${DCT}spatial`)[0]!.value;
    expect(place).toBe(`${API}/catalog/regions/150100`);
    expect(objects(q, place, RDF_TYPE)[0]!.value).toBe(`${DCT}Location`);
    expect(objects(q, place, `${SKOS}prefLabel`)[0]).toMatchObject({ value: '呼和浩特市', language: 'zh' });
    const theme = objects(q, pop, `${DCAT}theme`)[0]!.value;
    expect(theme).toBe(`${API}/catalog/domains/population`);
    expect(objects(q, theme, `${SKOS}prefLabel`)[0]).toMatchObject({ value: '人口', language: 'zh' });
    expect(objects(q, catalog, `${DCAT}themeTaxonomy`)[0]!.value).toBe(`${API}/catalog/domains`);
    expect(objects(q, pop, `${DCAT}landingPage`)[0]!.value).toBe(population.landingPage);
    const schema = objects(q, pop, `${DCT}conformsTo`)[0]!.value;
    expect(objects(q, schema, `${DCT}description`)[0]!.value).toContain('年份（integer）');
    expect(objects(q, pop, `${BASE}/ns#qualityScore`)[0]).toMatchObject({
      value: '92.5',
      datatype: { value: `${XSD}decimal` },
    });
    expect(objects(q, pop, `${BASE}/ns#grade`)[0]!.value).toBe('general_1');

    const parquet = distributionIri(population, 'd-0101-parquet');
    expect(objects(q, pop, `${DCAT}distribution`).map((o) => o.value)).toEqual([
      parquet,
      distributionIri(population, 'd-0101-csv'),
    ]);
    expect(objects(q, parquet, `${DCAT}accessURL`)[0]!.value).toBe(population.distributions[0]!.accessUrl);
    expect(objects(q, parquet, `${DCT}format`)[0]!.value).toBe(
      'http://publications.europa.eu/resource/authority/file-type/PARQUET',
    );
    expect(objects(q, parquet, `${DCAT}mediaType`)[0]!.value).toBe(
      'https://www.iana.org/assignments/media-types/application/vnd.apache.parquet',
    );
    expect(objects(q, parquet, `${DCAT}byteSize`)[0]).toMatchObject({
      value: '1048576',
      datatype: { value: `${XSD}nonNegativeInteger` },
    });
    const csv = distributionIri(population, 'd-0101-csv');
    expect(objects(q, csv, `${DCAT}mediaType`)[0]!.value).toBe(
      'https://www.iana.org/assignments/media-types/text/csv',
    );
    expect(objects(q, csv, `${DCAT}byteSize`)).toEqual([]);
    expect(objects(q, csv, `${DCT}issued`)[0]!.value).toBe('2026-01-15T08:00:00+08:00');

    // Resources are reached through the apply page, never downloaded directly.
    expect(q.some((x) => x.predicate.value === `${DCAT}downloadURL`)).toBe(false);

    const tr = datasetIri(traffic);
    expect(objects(q, tr, `${DCAT}distribution`)).toEqual([]);
    expect(objects(q, tr, `${DCT}conformsTo`)).toEqual([]);
    expect(objects(q, tr, `${DCT}issued`)[0]).toMatchObject({
      value: '2026-02-20',
      datatype: { value: `${XSD}date` },
    });
    expect(objects(q, tr, `${DCT}accessRights`)[0]!.value).toBe(ACCESS_RIGHTS_IRIS.not_open);
    expect(objects(q, datasetIri(enterprises), `${DCT}accessRights`)[0]!.value).toBe(
      ACCESS_RIGHTS_IRIS.conditional,
    );
  });

  it('maps every frequency and open level to an EU vocabulary IRI that validates', async () => {
    const frequencies = Object.keys(FREQUENCY_IRIS) as DcatResource['updateFrequency'][];
    const levels = Object.keys(ACCESS_RIGHTS_IRIS) as DcatResource['openLevel'][];
    expect(new Set(Object.values(FREQUENCY_IRIS)).size).toBe(frequencies.length);
    expect(FREQUENCY_IRIS.realtime).toMatch(/\/frequency\/UPDATE_CONT$/);
    expect(FREQUENCY_IRIS.irregular).toMatch(/\/frequency\/IRREG$/);
    const resources = frequencies.map((f, i) => ({
      ...population,
      id: `r-${f}`,
      updateFrequency: f,
      openLevel: levels[i % levels.length]!,
    }));
    const q = turtleQuads(dcatTurtle(sampleCatalog({ resources })));
    expect((await validate(q)).conforms).toBe(true);
    for (const r of resources)
      expect(objects(q, datasetIri(r), `${DCT}accrualPeriodicity`)[0]!.value).toBe(
        FREQUENCY_IRIS[r.updateFrequency],
      );
  });

  it('conforms with an empty catalog', async () => {
    expect((await validate(turtleQuads(dcatTurtle(sampleCatalog({ resources: [] }))))).conforms).toBe(true);
  });
});

describe('the validator bites', () => {
  let quads: Quad[];
  const invalid = (data: Quad[]) => validate(data, full, true);
  beforeAll(() => {
    quads = turtleQuads(dcatTurtle(sampleCatalog()));
  });

  it('rejects a dataset without a title', async () => {
    const pop = datasetIri(population);
    const outcome = await invalid(
      without(quads, (q) => q.subject.value === pop && q.predicate.value === `${DCT}title`),
    );
    expect(outcome.conforms).toBe(false);
    expect(outcome.problems).toContainEqual(
      expect.objectContaining({
        focus: pop,
        path: `${DCT}title`,
        component: 'sh:MinCountConstraintComponent',
      }),
    );
  });

  it('rejects a distribution without an access URL', async () => {
    const parquet = distributionIri(population, 'd-0101-parquet');
    const outcome = await invalid(
      without(quads, (q) => q.subject.value === parquet && q.predicate.value === `${DCAT}accessURL`),
    );
    expect(outcome.conforms).toBe(false);
    expect(outcome.problems).toContainEqual(
      expect.objectContaining({
        focus: parquet,
        path: `${DCAT}accessURL`,
        component: 'sh:MinCountConstraintComponent',
      }),
    );
  });

  it('rejects a range violation: a frequency that is not typed dct:Frequency (also with the range shapes alone)', async () => {
    const annual = FREQUENCY_IRIS.yearly;
    const broken = without(quads, (q) => q.subject.value === annual && q.predicate.value === RDF_TYPE);
    for (const validator of [full, rangesOnly]) {
      const outcome = await validate(broken, validator, true);
      expect(outcome.conforms).toBe(false);
      expect(outcome.problems).toContainEqual(
        expect.objectContaining({
          path: `${DCT}accrualPeriodicity`,
          component: 'sh:ClassConstraintComponent',
        }),
      );
    }
  });

  it('rejects a catalog without a publisher, a byte size that is not a nonNegativeInteger, a theme without a label', async () => {
    const catalog = `${API}/catalog/dcat#catalog`;
    const noPublisher = without(
      quads,
      (q) => q.subject.value === catalog && q.predicate.value === `${DCT}publisher`,
    );
    expect((await invalid(noPublisher)).conforms).toBe(false);

    const badSize = quads.map((q) =>
      q.predicate.value === `${DCAT}byteSize`
        ? rdf.quad(q.subject, q.predicate, rdf.literal('1048576', rdf.namedNode(`${XSD}decimal`)))
        : q,
    );
    const sizeOutcome = await invalid(badSize);
    expect(sizeOutcome.problems).toContainEqual(
      expect.objectContaining({ path: `${DCAT}byteSize`, component: 'sh:DatatypeConstraintComponent' }),
    );

    const noLabel = without(
      quads,
      (q) => q.predicate.value === `${SKOS}prefLabel` && q.subject.value.includes('/domains/'),
    );
    expect((await invalid(noLabel)).conforms).toBe(false);
  });
});

describe('escaping', () => {
  const HOSTILE = [
    '"',
    '"""',
    "'''",
    '\\',
    '\\"',
    '>',
    '<script>alert(1)</script>',
    'line one\nline two\r\n\ttabbed',
    '"""; <http://evil> <http://evil> "x" .',
    '@zh ^^xsd:string',
    '数据"资源"\\目录\n第二行',
    '\u0000\u0001\u001f\u007f',
    '😀 𠮷 \u200b',
    'lone \ud800 surrogate',
    '',
  ];
  const text = fc.oneof(
    fc.constantFrom(...HOSTILE),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({
      unit: fc.constantFrom(
        '"',
        "'",
        '\\',
        '<',
        '>',
        '\n',
        '\r',
        '\t',
        '数',
        '据',
        'a',
        ' ',
        '{',
        '}',
        '^',
        '`',
        '|',
      ),
    }),
  );
  const withTitle = (title: string): DcatCatalog =>
    sampleCatalog({
      title,
      resources: [
        {
          ...population,
          title,
          description: title,
          distributions: [{ ...population.distributions[0]!, title }],
        },
      ],
    });

  it('keeps hostile titles through a Turtle round trip', () => {
    fc.assert(
      fc.property(text, (title) => {
        const q = turtleQuads(dcatTurtle(withTitle(title)));
        const titles = objects(q, datasetIri(population), `${DCT}title`);
        expect(titles).toHaveLength(1);
        expect(titles[0]).toMatchObject({ termType: 'Literal', value: title.toWellFormed(), language: 'zh' });
        const dist = objects(q, distributionIri(population, 'd-0101-parquet'), `${DCT}title`);
        expect(dist[0]!.value).toBe(title.toWellFormed());
      }),
      { numRuns: 300 },
    );
  });

  it('keeps hostile titles through a JSON-LD round trip, the same graph as the Turtle', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (title) => {
        const catalog = withTitle(title);
        const fromJson = await jsonLdQuads(dcatJsonLd(catalog));
        expect(objects(fromJson, datasetIri(population), `${DCT}title`)[0]!.value).toBe(title.toWellFormed());
        expect(graphKeys(fromJson)).toEqual(graphKeys(turtleQuads(dcatTurtle(catalog))));
      }),
      { numRuns: 60 },
    );
  });

  it('mints valid IRIs from hostile identifiers and URLs', async () => {
    const id = 'a b/<c>"d"{e}|^`\\f?g#h 数据';
    const catalog = sampleCatalog({
      resources: [
        {
          ...population,
          id,
          domain: 'x y/z',
          regionCode: '15 01',
          landingPage: `${BASE}/catalog/页面?q=<"a">|^{b}\`#frag`,
          distributions: [
            { ...population.distributions[0]!, id: '../..', accessUrl: `${BASE}/apply?x="<>"` },
          ],
        },
      ],
    });
    const turtle = dcatTurtle(catalog);
    const q = turtleQuads(turtle);
    const iris = q.flatMap((x) => [x.subject, x.object]).filter((t) => t.termType === 'NamedNode');
    const unsafe = (iri: string) => [...iri].some((ch) => ch <= ' ' || '<>"{}|^`\\'.includes(ch));
    expect(iris.filter((t) => unsafe(t.value))).toEqual([]);
    const ds = `${API}/catalog/resources/${encodeURIComponent(id)}`;
    expect(objects(q, ds, `${DCT}title`)[0]!.value).toBe(population.title);
    expect(objects(q, ds, `${DCAT}distribution`)[0]!.value).toBe(`${ds}/distributions/..%2F..`);
    expect((await validate(q)).conforms).toBe(true);
    expect(graphKeys(await jsonLdQuads(dcatJsonLd(catalog)))).toEqual(graphKeys(q));
  });

  it('refuses base, landing and access URLs that are not absolute http(s) URLs', () => {
    expect(() => dcatTurtle(sampleCatalog({ baseUrl: 'ftp://example.cn' }))).toThrow(TypeError);
    expect(() => dcatTurtle(sampleCatalog({ baseUrl: '/relative' }))).toThrow(TypeError);
    expect(() =>
      dcatJsonLd(sampleCatalog({ resources: [{ ...traffic, landingPage: 'javascript:alert(1)' }] })),
    ).toThrow(/landingPage/);
    expect(() =>
      dcatJsonLd(
        sampleCatalog({
          resources: [
            { ...population, distributions: [{ ...population.distributions[0]!, accessUrl: 'apply' }] },
          ],
        }),
      ),
    ).toThrow(/accessUrl/);
    expect(() => dcatTurtle(sampleCatalog({ modified: 'yesterday' }))).toThrow(RangeError);
  });

  it('normalizes a trailing slash in the base URL', () => {
    const q = turtleQuads(dcatTurtle(sampleCatalog({ baseUrl: `${BASE}/` })));
    expect(q.some((x) => x.subject.value === datasetIri(population))).toBe(true);
  });
});
