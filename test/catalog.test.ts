// The resource catalog: inventories, public registration (review, notice, query code, change, cancellation),
// "one data item, one source", Chinese search with filters, and the demand list — with their refusals.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import rdf from '@zazuko/env-node';
import { Parser } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Liutong } from '../server/src/app.ts';
import { documentVector, facetTerms } from '../server/src/modules/catalog/index.ts';
import { bearer, createOrgWithUsers, problemOf, testApp, type TestOrg } from '../server/src/testing/index.ts';

let lt: Liutong;
let a: TestOrg; // a holder
let b: TestOrg; // another holder
let gov: TestOrg; // the data authority

beforeAll(async () => {
  lt = await testApp();
  [a, b, gov] = [
    await createOrgWithUsers(lt, 'holderA'),
    await createOrgWithUsers(lt, 'holderB'),
    await createOrgWithUsers(lt, 'authority'),
  ];
});
afterAll(() => lt.close());

const call = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  token: string | undefined,
  url: string,
  payload?: unknown,
) =>
  lt.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: token ? bearer(token) : {},
    ...(payload !== undefined && { payload: payload as object }),
  });
const get = (token: string | undefined, url: string) => call('GET', token, url);
const post = (token: string | undefined, url: string, payload: unknown = {}) =>
  call('POST', token, url, payload);
/** A word no other test uses, so searches in the shared database find only this test's records. */
const tag = () => `t${randomBytes(4).toString('hex')}`;

const resourceBody = (over: Record<string, unknown> = {}) => ({
  title: `企业登记信息${tag()}`,
  description: '全市市场主体登记注册基本信息，含统一社会信用代码、企业名称、法定代表人、注册资本、成立日期。',
  regionCode: '150102',
  domain: 'legal_person',
  fields: [
    { name: '统一社会信用代码', type: 'VARCHAR' },
    { name: '企业名称', type: 'VARCHAR' },
    { name: '注册资本', type: 'DECIMAL(18,2)', description: '万元' },
  ],
  keywords: ['市场主体', '企业'],
  updateFrequency: 'daily',
  openLevel: 'conditional',
  category: 'public',
  grade: 'general_2',
  ...over,
});

/** Drafts a resource as `org`'s holder and carries it through registration, unless `through` is false. */
async function registered(org: TestOrg, over: Record<string, unknown> = {}) {
  const created = await post(org.users.holder.token, '/catalog/inventory', resourceBody(over));
  expect(created.statusCode, created.body).toBe(201);
  const reg = await post(org.users.holder.token, `/catalog/inventory/${created.json().id}/register`);
  expect(reg.statusCode, reg.body).toBe(201);
  const reviewed = await post(gov.users.authority.token, `/catalog/registrations/${reg.json().id}/review`, {
    decision: 'approve',
  });
  expect(reviewed.statusCode, reviewed.body).toBe(200);
  return { resource: created.json(), registration: reviewed.json() };
}

describe('registration', () => {
  it('goes draft → review → notice → registered, publicly visible only once registered', async () => {
    const created = await post(a.users.holder.token, '/catalog/inventory', resourceBody());
    expect(created.statusCode, created.body).toBe(201);
    const r = created.json();
    expect(r).toMatchObject({
      status: 'draft',
      holder: { id: a.id },
      regionName: expect.stringContaining('新城区'),
    });
    expect(r.code).toMatch(/^R150102\d{10}$/);
    // A draft is not in the public catalog.
    expect((await get(undefined, `/catalog/resources/${r.id}`)).statusCode).toBe(404);

    const submitted = await post(a.users.holder.token, `/catalog/inventory/${r.id}/register`);
    expect(submitted.statusCode, submitted.body).toBe(201);
    const reg = submitted.json();
    expect(reg).toMatchObject({ kind: 'first', status: 'under_review' });
    expect(reg.queryCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    // Anyone with the query code follows it; the code itself is not shown back to them.
    const looked = await get(undefined, `/catalog/registrations/lookup?code=${reg.queryCode}`);
    expect(looked.statusCode).toBe(200);
    expect(looked.json()).toMatchObject({ number: reg.number, status: 'under_review', queryCode: null });
    expect((await get(undefined, '/catalog/registrations/lookup?code=AAAA-BBBB-CCCC')).statusCode).toBe(404);

    // Another holder cannot review, and does not see the registration.
    expect(
      (await post(b.users.holder.token, `/catalog/registrations/${reg.id}/review`, { decision: 'approve' }))
        .statusCode,
    ).toBe(403);
    expect((await get(b.users.holder.token, `/catalog/registrations/${reg.id}`)).statusCode).toBe(404);
    // The authority sees it in the review queue with the code.
    const queue = await get(
      gov.users.authority.token,
      '/catalog/registrations?status=under_review&limit=200',
    );
    expect(queue.json().items.map((i: { id: string }) => i.id)).toContain(reg.id);

    const approved = await post(gov.users.authority.token, `/catalog/registrations/${reg.id}/review`, {
      decision: 'approve',
      comment: '材料齐全',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    // Tests run with a notice period of zero: the registration takes effect on approval.
    expect(approved.json()).toMatchObject({ status: 'completed', resource: { status: 'registered' } });
    const pub = await get(undefined, `/catalog/resources/${r.code}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ id: r.id, status: 'registered', registeredAt: expect.any(String) });
    // Every step reached the audit trail and the outbox.
    const audit = await get(gov.users.regulator.token, `/audit?targetId=${reg.id}&limit=50`);
    expect(audit.json().items.map((i: { action: string }) => i.action)).toEqual(
      expect.arrayContaining([
        'catalog.registration.submitted',
        'catalog.registration.reviewed',
        'catalog.registration.completed',
      ]),
    );
  });

  it('keeps a registration in public notice until its period ends', async () => {
    const slow = await testApp({ catalog: { noticeSeconds: 3600 } });
    try {
      const created = await slow.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/inventory',
        headers: bearer(a.users.holder.token),
        payload: resourceBody(),
      });
      const reg = await slow.app.inject({
        method: 'POST',
        url: `/api/v1/catalog/inventory/${created.json().id}/register`,
        headers: bearer(a.users.holder.token),
      });
      const approved = await slow.app.inject({
        method: 'POST',
        url: `/api/v1/catalog/registrations/${reg.json().id}/review`,
        headers: bearer(gov.users.authority.token),
        payload: { decision: 'approve' },
      });
      expect(approved.json()).toMatchObject({ status: 'in_notice', resource: { status: 'in_notice' } });
      const notices = await slow.app.inject({ method: 'GET', url: '/api/v1/catalog/notices?limit=200' });
      expect(notices.json().items.map((n: { id: string }) => n.id)).toContain(reg.json().id);
      // The finalizer runs, and leaves a notice whose period has not ended alone.
      await slow.catalog.service.finalizeDue();
      const still = await slow.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/resources/${created.json().id}`,
      });
      expect(still.statusCode).toBe(404);
    } finally {
      await slow.close();
    }
  });

  it('refuses a rejection without reason, then records the refusal and lets the holder edit and resubmit', async () => {
    const created = await post(a.users.holder.token, '/catalog/inventory', resourceBody());
    const reg = await post(a.users.holder.token, `/catalog/inventory/${created.json().id}/register`);
    const bare = await post(gov.users.authority.token, `/catalog/registrations/${reg.json().id}/review`, {
      decision: 'reject',
    });
    expect(problemOf(bare)).toMatchObject({ status: 400, code: 'CATALOG_REASON_REQUIRED' });
    const refused = await post(gov.users.authority.token, `/catalog/registrations/${reg.json().id}/review`, {
      decision: 'reject',
      comment: '字段说明不完整',
    });
    expect(refused.json()).toMatchObject({ status: 'refused', resource: { status: 'refused' } });
    // Reviewing twice is a state conflict.
    const again = await post(gov.users.authority.token, `/catalog/registrations/${reg.json().id}/review`, {
      decision: 'approve',
    });
    expect(problemOf(again)).toMatchObject({ status: 409, code: 'CATALOG_INVALID_STATE' });
    const edited = await call('PUT', a.users.holder.token, `/catalog/inventory/${created.json().id}`, {
      ...resourceBody({ title: created.json().title }),
      description: '补充了字段说明的企业登记信息',
    });
    expect(edited.json()).toMatchObject({ status: 'draft' });
    expect(
      (await post(a.users.holder.token, `/catalog/inventory/${created.json().id}/register`)).statusCode,
    ).toBe(201);
  });

  it('applies a change only after review, and a cancellation takes the resource off the catalog', async () => {
    const { resource } = await registered(a);
    const direct = await call(
      'PUT',
      a.users.holder.token,
      `/catalog/inventory/${resource.id}`,
      resourceBody(),
    );
    expect(problemOf(direct)).toMatchObject({ status: 409, code: 'CATALOG_INVALID_STATE' });

    const word = tag();
    const change = await post(a.users.holder.token, `/catalog/inventory/${resource.id}/change`, {
      ...resourceBody({ title: resource.title, description: `变更后的说明 ${word}` }),
      reason: '增加字段说明',
    });
    expect(change.statusCode, change.body).toBe(201);
    // Still the old description until reviewed; a second open registration is refused.
    expect((await get(undefined, `/catalog/resources/${resource.id}`)).json().description).not.toContain(
      word,
    );
    const second = await post(a.users.holder.token, `/catalog/inventory/${resource.id}/cancel`, {
      reason: '停止提供',
    });
    expect(problemOf(second)).toMatchObject({ status: 409, code: 'CATALOG_REGISTRATION_OPEN' });
    await post(gov.users.authority.token, `/catalog/registrations/${change.json().id}/review`, {
      decision: 'approve',
    });
    expect((await get(undefined, `/catalog/resources/${resource.id}`)).json().description).toContain(word);
    expect((await get(undefined, `/catalog/resources?q=${word}`)).json().total).toBe(1);

    const cancel = await post(a.users.holder.token, `/catalog/inventory/${resource.id}/cancel`, {
      reason: '系统下线',
    });
    await post(gov.users.authority.token, `/catalog/registrations/${cancel.json().id}/review`, {
      decision: 'approve',
    });
    expect((await get(undefined, `/catalog/resources/${resource.id}`)).statusCode).toBe(404);
    expect((await get(undefined, `/catalog/resources?q=${word}`)).json().total).toBe(0);
    const mine = await get(a.users.holder.token, `/catalog/inventory/${resource.id}`);
    expect(mine.json()).toMatchObject({ status: 'cancelled' });
    expect(
      mine
        .json()
        .registrations.map((r: { kind: string }) => r.kind)
        .sort(),
    ).toEqual(['cancellation', 'change', 'first']);
  });

  it('refuses duplicates, core data, unknown regions and another org’s resources', async () => {
    const body = resourceBody();
    expect((await post(a.users.holder.token, '/catalog/inventory', body)).statusCode).toBe(201);
    const dup = await post(a.users.holder.token, '/catalog/inventory', body);
    expect(problemOf(dup)).toMatchObject({ status: 409, code: 'CATALOG_DUPLICATE_RESOURCE' });
    // Another holder may use the same title.
    expect((await post(b.users.holder.token, '/catalog/inventory', body)).statusCode).toBe(201);

    const core = await post(a.users.holder.token, '/catalog/inventory', resourceBody({ grade: 'core' }));
    const refused = await post(a.users.holder.token, `/catalog/inventory/${core.json().id}/register`);
    expect(problemOf(refused)).toMatchObject({ status: 422, code: 'CATALOG_CORE_DATA' });

    const region = await post(
      a.users.holder.token,
      '/catalog/inventory',
      resourceBody({ regionCode: '159999' }),
    );
    expect(problemOf(region)).toMatchObject({ status: 400, code: 'REGION_UNKNOWN' });
    const fields = await post(
      a.users.holder.token,
      '/catalog/inventory',
      resourceBody({
        fields: [
          { name: '姓名', type: 'VARCHAR' },
          { name: '姓名 ', type: 'VARCHAR' },
        ],
      }),
    );
    expect(problemOf(fields)).toMatchObject({ status: 400, code: 'CATALOG_DUPLICATE_FIELD' });
    const markup = await post(
      a.users.holder.token,
      '/catalog/inventory',
      resourceBody({ title: '<script>x</script>' }),
    );
    expect(markup.statusCode).toBe(400);

    const theirs = (await post(b.users.holder.token, '/catalog/inventory', resourceBody())).json();
    for (const res of [
      await get(a.users.holder.token, `/catalog/inventory/${theirs.id}`),
      await call('PUT', a.users.holder.token, `/catalog/inventory/${theirs.id}`, resourceBody()),
      await post(a.users.holder.token, `/catalog/inventory/${theirs.id}/register`),
    ])
      expect(problemOf(res)).toMatchObject({ status: 404, code: 'CATALOG_RESOURCE_NOT_FOUND' });
    // Only holders draft resources; anonymous callers are asked to log in.
    expect((await post(a.users.operator.token, '/catalog/inventory', resourceBody())).statusCode).toBe(403);
    expect((await post(undefined, '/catalog/inventory', resourceBody())).statusCode).toBe(401);
    // The inventory lists one's own only.
    const list = await get(a.users.holder.token, '/catalog/inventory?limit=200');
    expect(list.json().items.every((i: { holder: { id: string } }) => i.holder.id === a.id)).toBe(true);
  });

  it('keeps one source per data item (一数一源)', async () => {
    const item = `企业基本信息${tag()}`;
    const { resource } = await registered(a, { sourceItems: [item] });
    const sources = await get(undefined, `/catalog/sources?q=${encodeURIComponent(item)}`);
    expect(sources.json().items).toEqual([
      expect.objectContaining({
        item,
        source: expect.objectContaining({ id: a.id }),
        resource: expect.objectContaining({ id: resource.id }),
      }),
    ]);
    const rival = await post(
      b.users.holder.token,
      '/catalog/inventory',
      resourceBody({ sourceItems: [item] }),
    );
    const claim = await post(b.users.holder.token, `/catalog/inventory/${rival.json().id}/register`);
    expect(problemOf(claim)).toMatchObject({ status: 409, code: 'CATALOG_SOURCE_TAKEN' });
    expect(claim.json().detail).toContain(item);
  });
});

describe('search', () => {
  it('finds Chinese text by title, description and field names, with filters', async () => {
    const word = tag();
    const { resource: bus } = await registered(a, {
      title: `公交线路客流量统计${word}`,
      description: '按线路和小时统计的公交刷卡客流。',
      domain: 'theme',
      regionCode: '150102',
      openLevel: 'unconditional',
      fields: [
        { name: '线路编号', type: 'VARCHAR' },
        { name: '小时', type: 'INTEGER' },
        { name: '刷卡人次', type: 'BIGINT' },
      ],
      keywords: [word],
    });
    const { resource: weather } = await registered(b, {
      title: `气象站逐时观测${word}`,
      description: '全市自动气象站逐小时气温、降水、风速。',
      domain: 'natural_resources',
      regionCode: '150203',
      openLevel: 'conditional',
      fields: [
        { name: '站点编号', type: 'VARCHAR' },
        { name: '气温', type: 'DOUBLE' },
      ],
      keywords: [word],
    });
    /** Ids found for the filters in `query` and the words of `q` together with this test's own word. */
    const ids = async (query: string, q = '') =>
      (await get(undefined, `/catalog/resources?${query}&q=${encodeURIComponent(`${q} ${word}`)}&limit=50`))
        .json()
        .items.map((i: { id: string }) => i.id);

    expect((await ids('')).sort()).toEqual([bus.id, weather.id].sort());
    // Chinese terms: a two-character word inside the title, one in a field name, one in the description.
    expect(await ids('', '客流')).toEqual([bus.id]);
    expect(await ids('', '刷卡人次')).toEqual([bus.id]);
    expect(await ids('', '降水')).toEqual([weather.id]);
    expect(await ids('', '客流 气温')).toEqual([]);
    // Filters: the region includes what lies below it; domain, open level, holder.
    expect(await ids('region=150100')).toEqual([bus.id]);
    expect(await ids('region=150000')).toHaveLength(2);
    expect(await ids('domain=natural_resources')).toEqual([weather.id]);
    expect(await ids('openLevel=unconditional')).toEqual([bus.id]);
    expect(await ids(`holder=${b.id}`)).toEqual([weather.id]);
    expect((await get(undefined, '/catalog/resources?region=159999')).statusCode).toBe(400);
    expect((await get(undefined, '/catalog/resources?grade=secret')).statusCode).toBe(400);
    // Punctuation and tsquery syntax are plain text, never an error.
    for (const q of ["'", '&|!():*', '\\', '！？。', "a' & 'b"])
      expect((await get(undefined, `/catalog/resources?q=${encodeURIComponent(q)}`)).statusCode).toBe(200);
  });
});

describe('search over many matches', () => {
  it('ranks within the newest window, then pages by date: every match once, totals capped as "at least"', async () => {
    const word = tag();
    const n = 1100;
    const ids = await lt.catalog.repo.transaction(async (tx) => {
      const made: string[] = [];
      for (let i = 0; i < n; i++) {
        const title = i === n - 50 ? `${word} ${word} 数据目录` : `第${i}号资源 ${word}`;
        const row = await lt.catalog.repo.insertResource(
          tx,
          {
            id: crypto.randomUUID(),
            code: `R1501022026${String(900000 + i).padStart(6, '0')}${word.slice(1, 3)}`.slice(0, 17),
            org_id: a.id,
            system_id: null,
            title,
            description: '批量生成的测试资源',
            region_code: '150102',
            region_prefix: '150102',
            domain: 'theme',
            theme: null,
            fields: '[]',
            keywords: [],
            update_frequency: 'monthly',
            open_level: 'conditional',
            category: 'public',
            grade: 'general_1',
            source_items: [],
            status: 'registered',
            quality_score: null,
            registered_at: new Date(Date.UTC(2020, 0, 1) + i * 1000),
          },
          documentVector({
            title,
            body: ['批量生成的测试资源'],
            facets: facetTerms(
              {
                domain: 'theme',
                openLevel: 'conditional',
                grade: 'general_1',
                category: 'public',
                region: '150102',
                holder: a.id,
              },
              'document',
            ),
          }),
        );
        made.push(row.id);
      }
      return made;
    });
    const page = async (offset: number, limit = 200) =>
      (await get(undefined, `/catalog/resources?q=${word}&offset=${offset}&limit=${limit}`)).json();
    const first = await page(0, 20);
    expect(first).toMatchObject({ total: 1000, totalExact: false });
    // The resource carrying the word twice in its title ranks first; the rest of the window newest first.
    expect(first.items[0].id).toBe(ids[n - 50]);
    expect(first.items[1].id).toBe(ids[n - 1]);
    const seen: string[] = [];
    for (let offset = 0; offset < n; offset += 150)
      seen.push(...(await page(offset, 150)).items.map((i: { id: string }) => i.id));
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
    expect(new Set(seen)).toEqual(new Set(ids));
    // Filters narrow through the same index: the holder's own inventory finds them all too.
    const filtered = await get(
      undefined,
      `/catalog/resources?q=${word}&holder=${a.id}&domain=theme&region=150100`,
    );
    expect(filtered.json()).toMatchObject({ total: 1000, totalExact: false });
    // With fewer matches than the cap, the total is exact.
    const narrow = await get(undefined, `/catalog/resources?q=${encodeURIComponent(`第1号资源 ${word}`)}`);
    expect(narrow.json()).toMatchObject({ totalExact: true });
  });
});

describe('demands', () => {
  it('matches demands to resources by text and fields; holders answer; the poster closes', async () => {
    const word = tag();
    const { resource } = await registered(a, {
      title: `社保缴费明细${word}`,
      description: `职工社会保险缴费记录 ${word}`,
      fields: [
        { name: '缴费基数', type: 'DECIMAL(18,2)' },
        { name: '参保单位', type: 'VARCHAR' },
      ],
      domain: 'population',
    });
    const posted = await post(b.users.operator.token, '/catalog/demands', {
      title: `需要社保缴费数据${word}`,
      domain: 'population',
      fields: ['缴费基数', '参保人数'],
      purpose: '用于普惠金融授信模型的还款能力评估',
      regionCode: '150100',
      budgetFen: '5000000',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const demand = posted.json();
    expect(demand).toMatchObject({ status: 'open', budgetFen: '5000000', postedBy: { id: b.id } });

    const detail = await get(a.users.holder.token, `/catalog/demands/${demand.id}`);
    expect(detail.json().matches[0]).toMatchObject({ resource: { id: resource.id }, fieldHits: 1 });
    const matching = await get(a.users.holder.token, '/catalog/demands/matching?limit=200');
    expect(matching.json().map((d: { id: string }) => d.id)).toContain(demand.id);

    const own = await post(b.users.holder.token, `/catalog/demands/${demand.id}/answers`, {
      message: '我们也有',
    });
    expect(problemOf(own)).toMatchObject({ status: 422, code: 'CATALOG_OWN_DEMAND' });
    const foreign = await post(a.users.holder.token, `/catalog/demands/${demand.id}/answers`, {
      message: '可提供',
      resourceId: (await post(b.users.holder.token, '/catalog/inventory', resourceBody())).json().id,
    });
    expect(problemOf(foreign)).toMatchObject({ status: 400, code: 'CATALOG_RESOURCE_UNKNOWN' });
    const answered = await post(a.users.holder.token, `/catalog/demands/${demand.id}/answers`, {
      message: '可通过安全域提供按月汇总的缴费基数',
      resourceId: resource.id,
    });
    expect(answered.statusCode, answered.body).toBe(201);

    const notMine = await post(a.users.holder.token, `/catalog/demands/${demand.id}/close`, {});
    expect(problemOf(notMine)).toMatchObject({ status: 404 });
    const closed = await post(b.users.operator.token, `/catalog/demands/${demand.id}/close`, {
      reason: '已达成合作',
    });
    expect(closed.json()).toMatchObject({ status: 'closed', answers: 1 });
    const late = await post(a.users.holder.token, `/catalog/demands/${demand.id}/answers`, {
      message: '还可以吗',
    });
    expect(problemOf(late)).toMatchObject({ status: 409, code: 'CATALOG_INVALID_STATE' });

    const bad = await post(b.users.operator.token, '/catalog/demands', {
      title: '预算为小数',
      fields: [],
      purpose: '测试',
      budgetFen: '12.5',
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('DCAT export', () => {
  it('serves the registered catalog as JSON-LD and Turtle that conform to the DCAT-AP 3.0.1 shapes', async () => {
    const { resource } = await registered(a, { title: `气象观测站点${tag()}`, openLevel: 'unconditional' });
    const shapesDir = path.resolve(import.meta.dirname, '../server/src/modules/catalog/testdata/dcat-ap-3');
    const shapes = ['dcat-ap-3.0.1-SHACL.ttl', 'dcat-ap-3.0.1-ranges.ttl'].flatMap((f) =>
      new Parser().parse(readFileSync(path.join(shapesDir, f), 'utf8')),
    );
    const validator = new SHACLValidator(rdf.dataset(shapes), { factory: rdf });

    const turtle = await get(undefined, '/catalog/dcat?format=turtle');
    expect(turtle.statusCode).toBe(200);
    expect(turtle.headers['content-type']).toMatch(/^text\/turtle/);
    const quads = new Parser().parse(turtle.body);
    expect(quads.some((q) => q.subject.value.endsWith(`/catalog/resources/${resource.id}`))).toBe(true);
    const report = await validator.validate(rdf.dataset(quads));
    expect(
      report.results.map(
        (r) => `${r.focusNode?.value} ${r.path?.value} ${r.message.map((m) => m.value).join('; ')}`,
      ),
    ).toEqual([]);
    expect(report.conforms).toBe(true);
    // Drafts and other unregistered resources are not exported.
    const draft = (await post(a.users.holder.token, '/catalog/inventory', resourceBody())).json();
    expect((await get(undefined, '/catalog/dcat?format=turtle')).body).not.toContain(draft.id);

    const jsonld = await lt.app.inject({
      method: 'GET',
      url: '/api/v1/catalog/dcat',
      headers: { accept: 'application/ld+json' },
    });
    expect(jsonld.headers['content-type']).toMatch(/^application\/ld\+json/);
    const parsed = await rdf
      .dataset()
      .import(rdf.formats.parsers.import('application/ld+json', Readable.from([jsonld.body]))!);
    expect((await validator.validate(parsed)).conforms).toBe(true);
    expect(parsed.size).toBe(
      new Set(quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`)).size,
    );
  });
});
