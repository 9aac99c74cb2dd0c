// The secure store through its API: uploads become versions (Parquet, profile, classification, quality), raw files
// stay with their holder, and bad files are refused naming the row, leaving nothing behind.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Liutong } from '../server/src/app.ts';
import { bearer, createOrgWithUsers, problemOf, testApp, type TestOrg } from '../server/src/testing/index.ts';

let lt: Liutong;
let a: TestOrg;
let b: TestOrg;
let gov: TestOrg;
let storeDir: string;

beforeAll(async () => {
  lt = await testApp();
  [a, b, gov] = [
    await createOrgWithUsers(lt, 'dataA'),
    await createOrgWithUsers(lt, 'dataB'),
    await createOrgWithUsers(lt, 'dataGov'),
  ];
  storeDir = path.dirname(lt.enclave.datasets.uploadsDir);
});
afterAll(() => lt.close());

const slug = () => `ds-${Math.random().toString(36).slice(2, 10)}`;
const BOUNDARY = '----liutong-test-boundary';

/** A multipart body with one file field. */
function multipart(name: string, content: Buffer | string, field = 'file') {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

const upload = (token: string, dataset: string, name: string, content: Buffer | string, query = '') =>
  lt.app.inject({
    method: 'POST',
    url: `/api/v1/datasets/${dataset}/versions${query}`,
    headers: { ...bearer(token), 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: multipart(name, content),
  });

async function dataset(org: TestOrg, over: Record<string, unknown> = {}) {
  const res = await lt.app.inject({
    method: 'POST',
    url: '/api/v1/datasets',
    headers: bearer(org.users.holder.token),
    payload: { slug: slug(), title: '社保缴费明细', ...over },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Files the store holds for a dataset (Parquet and raw), and uploads in progress. */
const filesOf = (datasetId: string) => {
  const dir = path.join(storeDir, 'datasets', datasetId);
  const list = (d: string): string[] => {
    try {
      return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? list(path.join(d, e.name)) : [path.join(d, e.name)],
      );
    } catch {
      return [];
    }
  };
  return [...list(dir), ...list(path.join(storeDir, 'uploads'))];
};

// Resident IDs with valid check digits, mobiles, amounts: a social-insurance extract.
const SOCIAL = [
  '姓名,身份证号,手机号,缴费基数,缴费月份',
  '张伟,11010519491231002X,13812345678,6500.00,2026-01',
  '王芳,110105194912310029,13912345678,7200.50,2026-01',
  '李娜,11010519491231002X,15012345678,5800.00,2026-02',
  '刘洋,110105194912310029,18612345678,,2026-02',
].join('\n');

/** GB 18030 bytes of a small table: 姓名,城市 / 张三,北京. */
const GBK = Buffer.from([
  0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb3, 0xc7, 0xca, 0xd0, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0xb1, 0xb1, 0xbe,
  0xa9, 0x0a,
]);

describe('uploads', () => {
  it('stores a CSV as a profiled, classified, scored version; versions count up', async () => {
    const d = await dataset(a);
    const res = await upload(a.users.holder.token, d.slug, 'social.csv', SOCIAL);
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v).toMatchObject({
      number: 1,
      rows: 4,
      sourceFormat: 'csv',
      encoding: 'utf-8',
      sourceName: 'social.csv',
    });
    expect(v.schema.map((c: { name: string }) => c.name)).toEqual([
      '姓名',
      '身份证号',
      '手机号',
      '缴费基数',
      '缴费月份',
    ]);
    const byName = Object.fromEntries(v.classification.columns.map((c: { name: string }) => [c.name, c]));
    expect(byName['身份证号'].types[0]).toMatchObject({ type: 'cn_resident_id' });
    expect(byName['手机号'].types[0]).toMatchObject({ type: 'cn_mobile' });
    expect(v.classification).toMatchObject({ grade: 'general_4', category: 'personal', full: false });
    expect(v.profile.columns.find((c: { name: string }) => c.name === '缴费基数')).toMatchObject({
      nulls: 1,
    });
    expect(v.qualityScore).toBeGreaterThan(0);

    const again = await upload(a.users.holder.token, d.id, 'social.csv', SOCIAL, '?scan=full');
    expect(again.json()).toMatchObject({ number: 2, classification: { full: true } });
    const detail = await lt.app.inject({
      method: 'GET',
      url: `/api/v1/datasets/${d.slug}`,
      headers: bearer(a.users.holder.token),
    });
    expect(detail.json()).toMatchObject({ latestVersion: 2, rows: 4, grade: 'general_4' });
    expect(detail.json().versions.map((x: { number: number }) => x.number)).toEqual([2, 1]);
  });

  it('reads GBK, XLSX, JSON lines and Parquet', async () => {
    const d = await dataset(a);
    const gbk = await upload(a.users.holder.token, d.id, 'gbk.csv', GBK);
    expect(gbk.json()).toMatchObject({ encoding: 'gb18030', rows: 1 });
    expect(gbk.json().schema.map((c: { name: string }) => c.name)).toEqual(['姓名', '城市']);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('企业');
    ws.addRow(['统一社会信用代码', '企业名称']);
    ws.addRow(['91150100MA0QW8E06R', '呼和浩特数据运营有限责任公司']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const x = await upload(a.users.holder.token, d.id, 'companies.xlsx', xlsx);
    expect(x.statusCode, x.body).toBe(201);
    expect(x.json().classification.columns[0].types[0]).toMatchObject({ type: 'cn_uscc' });

    const jsonl = await upload(
      a.users.holder.token,
      d.id,
      'rides.jsonl',
      '{"线路":"1路","人次":320}\n{"线路":"2路","人次":410}\n',
    );
    expect(jsonl.json()).toMatchObject({ sourceFormat: 'jsonl', rows: 2 });
    // A stored version is itself a Parquet file: uploading it gives the same rows back.
    const parquet = filesOf(d.id).find(
      (f) => f.endsWith('.parquet') && !f.includes(`${path.sep}raw${path.sep}`),
    )!;
    const p = await upload(a.users.holder.token, d.id, 'again.parquet', readFileSync(parquet));
    expect(p.statusCode, p.body).toBe(201);
    expect(p.json()).toMatchObject({ sourceFormat: 'parquet', number: 4 });
  });

  it('refuses bad files naming the problem, and leaves no version and no file', async () => {
    const d = await dataset(a);
    const cases: [string, string | Buffer, string, RegExp?][] = [
      ['empty.csv', '', 'INGEST_EMPTY'],
      ['ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n', 'INGEST_MALFORMED', /3/],
      ['bad.jsonl', '{"a":1}\n{"a":\n', 'INGEST_MALFORMED', /2/],
      ['fake.parquet', 'not parquet at all', 'INGEST_FORMAT'],
      ['header-only.csv', 'a,b\n', 'INGEST_NO_ROWS'],
      ['dup.csv', 'a,A\n1,2\n', 'INGEST_DUPLICATE_COLUMN'],
      [
        'binary.csv',
        Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0x80, 0x2c, 0x31, 0x0a]),
        'INGEST_ENCODING',
      ],
    ];
    for (const [name, content, code, mentions] of cases) {
      const res = await upload(a.users.holder.token, d.id, name, content);
      expect(problemOf(res), name).toMatchObject({ status: 422, code });
      if (mentions) expect(res.json().detail, name).toMatch(mentions);
    }
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['数量', '单价', '金额']);
    ws.addRow([2, 3, { formula: 'A2*B2', result: 6 }]);
    const formula = await upload(
      a.users.holder.token,
      d.id,
      'f.xlsx',
      Buffer.from(await wb.xlsx.writeBuffer()),
    );
    expect(problemOf(formula)).toMatchObject({ status: 422, code: 'INGEST_FORMULA_CELL' });
    expect(formula.json().detail).toContain('C2');

    const detail = await lt.app.inject({
      method: 'GET',
      url: `/api/v1/datasets/${d.id}`,
      headers: bearer(a.users.holder.token),
    });
    expect(detail.json().versions).toEqual([]);
    expect(filesOf(d.id)).toEqual([]);
  });

  it('refuses uploads over the limit before reading them, and path names in file names stay names', async () => {
    const d = await dataset(a);
    const huge = await lt.app.inject({
      method: 'POST',
      url: `/api/v1/datasets/${d.id}/versions`,
      headers: {
        ...bearer(a.users.holder.token),
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'content-length': String(10 * 1024 ** 3),
      },
      payload: multipart('big.csv', 'a\n1\n'),
    });
    expect(problemOf(huge)).toMatchObject({ status: 413, code: 'UPLOAD_TOO_LARGE' });
    // Over the limit without declaring it (tests run with an 8 MiB limit).
    const over = await upload(a.users.holder.token, d.id, 'big.csv', `a\n${'1\n'.repeat(4.5 * 1024 * 1024)}`);
    expect(problemOf(over)).toMatchObject({ status: 413, code: 'UPLOAD_TOO_LARGE' });
    expect(filesOf(d.id)).toEqual([]);

    const sneaky = await upload(a.users.holder.token, d.id, '../../../etc/passwd.csv', 'a,b\n1,2\n');
    expect(sneaky.statusCode, sneaky.body).toBe(201);
    expect(sneaky.json().sourceName).toBe('passwd.csv');
    expect(filesOf(d.id).every((f) => f.startsWith(path.join(storeDir, 'datasets', d.id)))).toBe(true);

    const notMultipart = await lt.app.inject({
      method: 'POST',
      url: `/api/v1/datasets/${d.id}/versions`,
      headers: { ...bearer(a.users.holder.token), 'content-type': 'application/json' },
      payload: { file: 'x' },
    });
    expect(notMultipart.statusCode).toBe(415);
  });
});

describe('access to data', () => {
  it('serves the raw file to its holder only; other organizations see neither dataset nor values', async () => {
    const d = await dataset(a);
    await upload(a.users.holder.token, d.id, 'social.csv', SOCIAL);
    const raw = (token: string) =>
      lt.app.inject({
        method: 'GET',
        url: `/api/v1/datasets/${d.id}/versions/1/raw`,
        headers: bearer(token),
      });
    const mine = await raw(a.users.holder.token);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toBe(SOCIAL);
    expect(mine.headers['content-disposition']).toContain('social.csv');
    expect((await raw(b.users.holder.token)).statusCode).toBe(404);
    expect((await raw(gov.users.authority.token)).statusCode).toBe(403);
    for (const token of [b.users.holder.token, b.users.operator.token]) {
      const other = await lt.app.inject({
        method: 'GET',
        url: `/api/v1/datasets/${d.id}`,
        headers: bearer(token),
      });
      expect(problemOf(other)).toMatchObject({ status: 404, code: 'DATASET_NOT_FOUND' });
      const up = await upload(b.users.holder.token, d.id, 'x.csv', 'a\n1\n');
      expect(problemOf(up)).toMatchObject({ status: 404 });
    }
    // A regulator reads the dataset's record (for supervision), never the raw file.
    const reg = await lt.app.inject({
      method: 'GET',
      url: `/api/v1/datasets/${d.id}`,
      headers: bearer(gov.users.regulator.token),
    });
    expect(reg.statusCode).toBe(200);
  });

  it('publishes, for a registered resource, columns, grades and quality without any value', async () => {
    const created = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/inventory',
      headers: bearer(a.users.holder.token),
      payload: {
        title: `社保缴费${slug()}`,
        description: '职工社会保险缴费明细',
        regionCode: '150102',
        domain: 'population',
        fields: [{ name: '身份证号', type: 'VARCHAR' }],
        updateFrequency: 'monthly',
        openLevel: 'conditional',
        category: 'personal',
        grade: 'general_4',
      },
    });
    const resource = created.json();
    const d = await dataset(a, { resourceId: resource.id });
    await upload(a.users.holder.token, d.id, 'social.csv', SOCIAL);
    // Not public while the resource is a draft.
    expect(
      (await lt.app.inject({ method: 'GET', url: `/api/v1/catalog/resources/${resource.id}/data` }))
        .statusCode,
    ).toBe(404);
    const reg = await lt.app.inject({
      method: 'POST',
      url: `/api/v1/catalog/inventory/${resource.id}/register`,
      headers: bearer(a.users.holder.token),
    });
    await lt.app.inject({
      method: 'POST',
      url: `/api/v1/catalog/registrations/${reg.json().id}/review`,
      headers: bearer(gov.users.authority.token),
      payload: { decision: 'approve' },
    });
    const pub = await lt.app.inject({ method: 'GET', url: `/api/v1/catalog/resources/${resource.id}/data` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()[0]).toMatchObject({ slug: d.slug, rows: 4, grade: 'general_4' });
    for (const value of ['11010519491231002X', '13812345678', '张伟', '6500'])
      expect(pub.body).not.toContain(value);
    // The catalog carries the quality score of the newest version.
    const card = await lt.app.inject({ method: 'GET', url: `/api/v1/catalog/resources/${resource.id}` });
    expect(card.json().qualityScore).toBeGreaterThan(0);
  });
});

describe('grading and quality', () => {
  it('records a human override with its reason, and lists important data', async () => {
    const d = await dataset(a);
    await upload(a.users.holder.token, d.id, 'social.csv', SOCIAL);
    const put = (column: string, body: unknown, token = a.users.holder.token) =>
      lt.app.inject({
        method: 'PUT',
        url: `/api/v1/datasets/${d.id}/columns/${encodeURIComponent(column)}/grade`,
        headers: bearer(token),
        payload: body as object,
      });
    const noReason = await put('缴费基数', { grade: 'important' });
    expect(noReason.statusCode).toBe(400);
    expect((await put('不存在', { grade: 'important', reason: '测试' })).statusCode).toBe(404);
    expect(
      (await put('缴费基数', { grade: 'important', reason: '涉及全市参保规模' }, b.users.holder.token))
        .statusCode,
    ).toBe(404);
    const ok = await put('缴费基数', { grade: 'important', reason: '汇总后可反映全市参保规模' });
    expect(ok.statusCode, ok.body).toBe(200);
    const col = ok
      .json()
      .versions[0].classification.columns.find((c: { name: string }) => c.name === '缴费基数');
    expect(col).toMatchObject({
      grade: 'important',
      detectedGrade: 'general_1',
      override: { reason: '汇总后可反映全市参保规模' },
    });
    expect(ok.json().grade).toBe('important');
    const important = await lt.app.inject({
      method: 'GET',
      url: '/api/v1/datasets/important',
      headers: bearer(gov.users.regulator.token),
    });
    expect(important.json().map((i: { dataset: { id: string } }) => i.dataset.id)).toContain(d.id);
    const audit = await lt.app.inject({
      method: 'GET',
      url: `/api/v1/audit?targetId=${d.id}&limit=50`,
      headers: bearer(gov.users.regulator.token),
    });
    expect(audit.json().items.map((i: { action: string }) => i.action)).toContain(
      'enclave.classification.overridden',
    );
    // Back to the detected grade.
    const back = await put('缴费基数', { grade: null, reason: '复核后恢复' });
    expect(back.json().grade).toBe('general_4');
  });

  it('scores versions by the holder’s rules and alerts below the threshold', async () => {
    const d = await dataset(a);
    await upload(a.users.holder.token, d.id, 'social.csv', SOCIAL);
    const bad = await lt.app.inject({
      method: 'PUT',
      url: `/api/v1/datasets/${d.id}/quality`,
      headers: bearer(a.users.holder.token),
      payload: { rules: [{ kind: 'range', column: '不存在', min: 0 }], threshold: 90 },
    });
    expect(bad.statusCode).toBe(400);
    const set = await lt.app.inject({
      method: 'PUT',
      url: `/api/v1/datasets/${d.id}/quality`,
      headers: bearer(a.users.holder.token),
      payload: {
        rules: [
          { kind: 'not_null', column: '缴费基数' },
          { kind: 'range', column: '缴费基数', min: 6000, max: 40000 },
        ],
        threshold: 99,
      },
    });
    expect(set.statusCode, set.body).toBe(200);
    const rules = set.json().versions[0].quality.rules;
    expect(rules.map((r: { failed: number }) => r.failed)).toEqual([1, 1]);
    const v2 = await upload(a.users.holder.token, d.id, 'social.csv', SOCIAL);
    expect(v2.json().qualityScore).toBeLessThan(99);
    const audit = await lt.app.inject({
      method: 'GET',
      url: `/api/v1/audit?targetId=${d.id}&limit=50`,
      headers: bearer(gov.users.regulator.token),
    });
    expect(audit.json().items.map((i: { action: string }) => i.action)).toContain('enclave.quality.alert');
    const detail = await lt.app.inject({
      method: 'GET',
      url: `/api/v1/datasets/${d.id}`,
      headers: bearer(a.users.holder.token),
    });
    expect(detail.json().qualityTrend.points).toBe(2);
  });

  it('checks a reference against another dataset of the same holder, named by slug, never by path', async () => {
    const units = await dataset(a, { title: '参保单位名录' });
    await upload(a.users.holder.token, units.id, 'units.csv', '单位名称\n呼和浩特青城科技有限公司\n');
    const d = await dataset(a);
    await upload(
      a.users.holder.token,
      d.id,
      'pay.csv',
      '单位,金额\n呼和浩特青城科技有限公司,100\n不存在的单位,200\n',
    );
    const put = (rules: unknown[], token = a.users.holder.token) =>
      lt.app.inject({
        method: 'PUT',
        url: `/api/v1/datasets/${d.id}/quality`,
        headers: bearer(token),
        payload: { rules },
      });
    const ok = await put([
      { kind: 'reference', column: '单位', dataset: { slug: units.slug, column: '单位名称' } },
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().versions[0].quality.rules[0]).toMatchObject({ checked: 2, failed: 1 });
    // The stored rule keeps the slug; no server path is ever shown.
    expect(ok.json().qualityRules[0].dataset).toEqual({ slug: units.slug, column: '单位名称' });
    expect(ok.body).not.toContain('.parquet');
    // A path, or another organization's dataset, is refused.
    const path = await put([
      { kind: 'reference', column: '单位', dataset: { parquet: '/etc/passwd', column: 'x' } },
    ]);
    expect(problemOf(path)).toMatchObject({ status: 400, code: 'QUALITY_REFERENCE_UNKNOWN' });
    const theirs = await dataset(b);
    await upload(b.users.holder.token, theirs.id, 'b.csv', '单位名称\nX\n');
    const foreign = await put([
      { kind: 'reference', column: '单位', dataset: { slug: theirs.slug, column: '单位名称' } },
    ]);
    expect(problemOf(foreign)).toMatchObject({ status: 400, code: 'QUALITY_REFERENCE_UNKNOWN' });
  });

  it('refuses a duplicate slug and another organization’s resource', async () => {
    const d = await dataset(a);
    const dup = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/datasets',
      headers: bearer(b.users.holder.token),
      payload: { slug: d.slug, title: '重复' },
    });
    expect(problemOf(dup)).toMatchObject({ status: 409, code: 'DATASET_SLUG_TAKEN' });
    const theirs = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/inventory',
      headers: bearer(b.users.holder.token),
      payload: {
        title: `他人资源${slug()}`,
        description: '另一组织的资源',
        regionCode: '150102',
        domain: 'theme',
        fields: [],
        updateFrequency: 'monthly',
        openLevel: 'conditional',
        category: 'public',
        grade: 'general_1',
      },
    });
    const attach = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/datasets',
      headers: bearer(a.users.holder.token),
      payload: { slug: slug(), title: '挂到他人资源', resourceId: theirs.json().id },
    });
    expect(problemOf(attach)).toMatchObject({ status: 404, code: 'CATALOG_RESOURCE_NOT_FOUND' });
  });
});

describe('upload records and progress', () => {
  const record = (token: string, dataset: string, id: string) =>
    lt.app.inject({
      method: 'GET',
      url: `/api/v1/datasets/${dataset}/uploads/${id}`,
      headers: bearer(token),
    });

  it('records every phase of a stored upload, which the holder can follow by the id it chose', async () => {
    const d = await dataset(a);
    const id = crypto.randomUUID();
    const res = await upload(a.users.holder.token, d.slug, 'social.csv', SOCIAL, `?upload=${id}`);
    expect(res.statusCode, res.body).toBe(201);

    const u = await record(a.users.holder.token, d.slug, id);
    expect(u.statusCode, u.body).toBe(200);
    expect(u.json()).toMatchObject({
      id,
      datasetId: d.id,
      fileName: 'social.csv',
      fullScan: false,
      status: 'stored',
      phase: 'storing',
      progress: null,
      bytes: Buffer.byteLength(SOCIAL),
      rows: 4,
      version: 1,
      error: null,
    });
    expect(u.json().timeline.map((t: { phase: string }) => t.phase)).toEqual([
      'receiving',
      'converting',
      'profiling',
      'classifying',
      'scoring',
      'storing',
    ]);
    const at = u.json().timeline.map((t: { at: string }) => Date.parse(t.at));
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(Date.parse(u.json().finishedAt)).toBeGreaterThanOrEqual(at.at(-1));

    // The same id again is refused before anything is read or stored.
    const again = await upload(a.users.holder.token, d.slug, 'social.csv', SOCIAL, `?upload=${id}`);
    expect(problemOf(again)).toMatchObject({ status: 409, code: 'UPLOAD_EXISTS' });
    const list = await lt.app.inject({
      method: 'GET',
      url: `/api/v1/datasets/${d.id}/uploads`,
      headers: bearer(a.users.holder.token),
    });
    expect(list.json()).toMatchObject({ total: 1, items: [{ id, status: 'stored' }] });
    const detail = await lt.app.inject({
      method: 'GET',
      url: `/api/v1/datasets/${d.id}`,
      headers: bearer(a.users.holder.token),
    });
    expect(detail.json().versions).toHaveLength(1);
  });

  it('keeps failed uploads with the phase they failed in and the problem that refused them', async () => {
    const d = await dataset(a);
    const ragged = crypto.randomUUID();
    const res = await upload(
      a.users.holder.token,
      d.id,
      'ragged.csv',
      'a,b,c\n1,2,3\n4,5\n',
      `?upload=${ragged}`,
    );
    expect(problemOf(res)).toMatchObject({ status: 422, code: 'INGEST_MALFORMED' });
    const failed = (await record(a.users.holder.token, d.id, ragged)).json();
    expect(failed).toMatchObject({
      status: 'failed',
      phase: 'converting',
      version: null,
      error: { code: 'INGEST_MALFORMED', detail: res.json().detail },
    });
    expect(failed.finishedAt).not.toBeNull();

    const big = crypto.randomUUID();
    const over = await upload(
      a.users.holder.token,
      d.id,
      'big.csv',
      // Just over the 8 MiB limit of the tests, within the declared length's margin: refused while reading.
      `a\n${'1\n'.repeat(4 * 1024 * 1024 + 500)}`,
      `?upload=${big}`,
    );
    expect(problemOf(over)).toMatchObject({ status: 413, code: 'UPLOAD_TOO_LARGE' });
    expect((await record(a.users.holder.token, d.id, big)).json()).toMatchObject({
      status: 'failed',
      phase: 'receiving',
      error: { code: 'UPLOAD_TOO_LARGE' },
    });

    const list = await lt.app.inject({
      method: 'GET',
      url: `/api/v1/datasets/${d.id}/uploads?limit=1`,
      headers: bearer(a.users.holder.token),
    });
    expect(list.json()).toMatchObject({ total: 2, limit: 1, items: [{ id: big }] });
    expect(filesOf(d.id)).toEqual([]);
  });

  it('shows an upload to its holder only, and refuses bad ids', async () => {
    const d = await dataset(a);
    const mine = await dataset(b);
    const id = crypto.randomUUID();
    expect((await upload(a.users.holder.token, d.id, 's.csv', SOCIAL, `?upload=${id}`)).statusCode).toBe(201);
    expect(problemOf(await record(b.users.holder.token, d.id, id))).toMatchObject({
      status: 404,
      code: 'DATASET_NOT_FOUND',
    });
    // Another holder's upload id under one's own dataset is simply not there.
    expect(problemOf(await record(b.users.holder.token, mine.id, id))).toMatchObject({
      status: 404,
      code: 'UPLOAD_NOT_FOUND',
    });
    // The authority reads datasets across organizations, but not uploads in progress: they are the holder's.
    expect((await record(gov.users.authority.token, d.id, id)).statusCode).toBe(403);
    expect(problemOf(await record(a.users.holder.token, d.id, 'not-a-uuid'))).toMatchObject({ status: 400 });
    const badId = await upload(a.users.holder.token, d.id, 's.csv', SOCIAL, '?upload=../../x');
    expect(problemOf(badId)).toMatchObject({ status: 400 });
    // Another holder cannot take an id to begin an upload into a dataset that is not theirs.
    const theirs = await upload(
      b.users.holder.token,
      d.id,
      's.csv',
      SOCIAL,
      `?upload=${crypto.randomUUID()}`,
    );
    expect(problemOf(theirs)).toMatchObject({ status: 404, code: 'DATASET_NOT_FOUND' });
  });

  it('marks uploads that were running when the server stopped as interrupted', async () => {
    const d = await dataset(a);
    const ctx = {
      principal: {
        kind: 'user' as const,
        userId: a.users.holder.id,
        username: a.users.holder.username,
        orgId: a.id,
        roles: ['holder' as const],
      },
      requestId: 'test',
      ip: '127.0.0.1',
      userAgent: 'test',
    };
    const tracker = await lt.enclave.datasets.beginUpload(ctx, d.id, {
      fileName: 'half.csv',
      full: false,
      bytesExpected: 1000,
    });
    tracker.progress(400, 1000, 'bytes', { bytes: 400 });
    await tracker.settled();
    expect((await record(a.users.holder.token, d.id, tracker.id)).json()).toMatchObject({
      status: 'running',
      phase: 'receiving',
      progress: { done: 400, total: 1000, unit: 'bytes' },
    });
    // What a restart does first.
    await lt.enclave.datasets.sweep();
    expect((await record(a.users.holder.token, d.id, tracker.id)).json()).toMatchObject({
      status: 'interrupted',
      phase: 'receiving',
      error: { code: 'UPLOAD_INTERRUPTED' },
    });
    // A late report from the stopped work changes nothing.
    tracker.enter('converting', { done: 0, total: 1000, unit: 'bytes' });
    await tracker.settled();
    expect((await record(a.users.holder.token, d.id, tracker.id)).json()).toMatchObject({
      status: 'interrupted',
      phase: 'receiving',
    });
  });
});
