// The secure store in the console: a holder creates a dataset attached to a registered resource, uploads a CSV with
// Chinese column names holding resident IDs and mobile numbers through the upload control (progress, then the
// server's processing, held open by the test so it can be seen), finds the ID column typed as a resident ID and
// graded general 4, overrides another column's grade with a reason, sets quality rules and sees the score, the
// indicator chart and the trend across versions; a malformed CSV is refused naming its line. Visitors see the
// resource's data (no values) and the one-item-one-source register; the important-data catalog lists the override;
// the pages read in English after switching language.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, logIn, shot, shotInFlight, startConsole, type ConsoleUnderTest } from './support.ts';

let app: ConsoleUnderTest;
let base: string;

const viewport = { width: 1440, height: 900 };
const RESOURCE = '呼和浩特市居民联系信息';
const SOURCE_ITEM = '居民联系电话';
const SLUG = 'resident-contacts';
const DATASET = '居民联系信息（安全存储）';
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });
const modalButton = (page: Page, name: RegExp) =>
  page.locator('.ant-modal-wrap:visible').getByRole('button', { name });
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Opens an Ant Design select and picks the option whose text matches, until the select shows it: a click that
 * lands while the dropdown is still opening is lost.
 */
async function choose(page: Page, testId: string, option: string | RegExp) {
  const pattern = typeof option === 'string' ? new RegExp(`^${escapeRegExp(option)}$`) : option;
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId(testId).click();
    const item = page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: pattern });
    const label = (await item.textContent()) ?? '';
    await item.click();
    try {
      await expect.poll(() => page.getByTestId(testId).textContent(), { timeout: 3000 }).toContain(label);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** GB 11643: the check character of the first 17 digits. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentId = (body: string) =>
  body + '10X98765432'[[...body].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0) % 11]!;

const NAMES = ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨磊', '赵丽', '黄勇', '周杰', '吴芳'];
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Thirty residents: name, a valid resident ID, a mobile number, an age. */
function residents(opts: { badId?: boolean; badAge?: boolean } = {}): Buffer {
  const lines = ['姓名,身份证号,手机号,年龄'];
  for (let i = 0; i < 30; i++) {
    const year = 1950 + i;
    let id = residentId(`150102${year}${pad((i % 12) + 1, 2)}${pad((i % 28) + 1, 2)}${pad(i * 7, 3)}`);
    // A wrong check character: the validator rule counts it as a failure.
    if (opts.badId && i === 0) id = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const age = opts.badAge && i === 1 ? 130 : 2025 - year;
    lines.push(`${NAMES[i % NAMES.length]},${id},1${3 + (i % 7)}${pad((i * 7919) % 1e9, 9)},${age}`);
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

const MALFORMED = Buffer.from(
  '姓名,身份证号,手机号\n张三,11010519491231002X,13800138000\n李四,13900139000\n',
  'utf8',
);

/** The API as a script would use it: a token per user, JSON in and out. */
async function call<T>(token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token && { authorization: `Bearer ${token}` }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
const login = async (username: string) =>
  (await call<{ accessToken: string }>(null, 'POST', '/api/v1/auth/login', { username, password: PASSWORD }))
    .accessToken;

/** Holds the server between receiving an upload and processing it, so the test sees the processing state. */
function holdUploads() {
  const datasets = app.lt.enclave.datasets;
  const original = datasets.upload;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let received!: () => void;
  const arrived = new Promise<void>((resolve) => (received = resolve));
  datasets.upload = async (...args: Parameters<typeof original>) => {
    received();
    await gate;
    return original.apply(datasets, args);
  };
  return {
    arrived,
    release: () => {
      release();
      datasets.upload = original;
    },
  };
}

let resourceId: string;

beforeAll(async () => {
  app = await startConsole();
  base = app.base;
  // A registered resource of the holder's, to attach the dataset to.
  const holder = await login('holder');
  const resource = await call<{ id: string }>(holder, 'POST', '/api/v1/catalog/inventory', {
    title: RESOURCE,
    description: '全市居民的姓名、居民身份证号码和联系电话，用于公共服务通知，仅在安全域内使用。',
    regionCode: '150100',
    domain: 'population',
    fields: [
      { name: '姓名', type: 'VARCHAR(64)' },
      { name: '身份证号', type: 'CHAR(18)' },
      { name: '手机号', type: 'VARCHAR(20)' },
      { name: '年龄', type: 'INTEGER' },
    ],
    keywords: ['居民', '联系方式'],
    updateFrequency: 'monthly',
    openLevel: 'conditional',
    category: 'personal',
    grade: 'general_4',
    sourceItems: [SOURCE_ITEM],
  });
  resourceId = resource.id;
  const registration = await call<{ id: string }>(
    holder,
    'POST',
    `/api/v1/catalog/inventory/${resourceId}/register`,
  );
  await call(await login('authority'), 'POST', `/api/v1/catalog/registrations/${registration.id}/review`, {
    decision: 'approve',
    comment: '同意登记',
  });
});

afterAll(() => app?.close());

describe('datasets in the secure store', () => {
  it('checks resident IDs the way the classifier does', () => {
    expect(residentId('11010519491231002')).toBe('11010519491231002X');
  });

  it('lets a holder create a dataset attached to a resource, and upload a CSV with progress', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'holder');
    await page.getByTestId('nav').getByText('数据集', { exact: true }).click();
    await page.waitForURL(/\/datasets$/);
    await page.getByTestId('new-dataset').click();
    await page.getByTestId('dataset-slug').fill('Bad Slug');
    await page.getByTestId('dataset-title').fill(DATASET);
    await modalButton(page, /保\s*存/).click();
    await page.locator('.ant-form-item-explain-error').getByText('以小写字母或数字开头').waitFor();
    await page.getByTestId('dataset-slug').fill(SLUG);
    await page.getByTestId('dataset-description').fill('居民姓名、身份证号、手机号和年龄，每月更新。');
    await choose(page, 'dataset-resource', new RegExp(`^${escapeRegExp(RESOURCE)} \\(R\\d+\\)$`));
    await shot(page, 'datasets-new-zh.png');
    await modalButton(page, /保\s*存/).click();

    await page.waitForURL(new RegExp(`/datasets/${SLUG}$`));
    expect(await page.getByTestId('dataset-heading').textContent()).toBe(DATASET);
    await eventually(() => page.getByTestId('dataset-summary').textContent()).toContain(RESOURCE);
    expect(await page.getByTestId('versions').textContent()).toContain('暂无数据版本');

    // The upload: bytes first, then the server's processing, which the test holds open to see it.
    const held = holdUploads();
    await page.getByTestId('upload-full').click();
    const request = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/versions'));
    const file = residents();
    await page
      .getByTestId('upload-drop')
      .locator('input[type=file]')
      .setInputFiles({ name: '居民信息.csv', mimeType: 'text/csv', buffer: file });
    expect((await request).url()).toMatch(
      new RegExp(`/api/v1/datasets/[0-9a-f-]{36}/versions\\?upload=[0-9a-f-]{36}&scan=full$`),
    );
    await held.arrived;
    await page.getByTestId('upload-processing').waitFor();
    // The server's record of the upload, polled by the id the console chose: the file is received whole.
    const steps = page.getByTestId('upload-steps');
    await steps.waitFor();
    expect(await steps.getAttribute('data-status')).toBe('running');
    expect(await steps.getAttribute('data-phase')).toBe('receiving');
    expect(await steps.textContent()).toContain('接收文件');
    // (A poll may land while the last bytes are still counted against the request's length; the next one has it.)
    await eventually(() => page.getByTestId('upload-step-receiving').textContent()).toBe(
      `${(file.length / 1024).toFixed(1)} KiB / ${(file.length / 1024).toFixed(1)} KiB`,
    );
    expect(await page.getByTestId('upload-processing').textContent()).toContain('正在处理');
    expect(await page.getByTestId('upload').getAttribute('data-phase')).toBe('processing');
    const size = `${(file.length / 1024).toFixed(1)} KiB`;
    expect(await page.getByTestId('upload-bytes').textContent()).toBe(`已发送 ${size} / ${size}`);
    expect(await page.getByTestId('upload-progress').getAttribute('data-percent')).toBe('100');
    await shotInFlight(page, 'datasets-upload-processing-zh.png');
    held.release();

    await page.getByTestId('upload-done').waitFor();
    expect(await page.getByTestId('upload-done').textContent()).toContain('已保存为版本 v1，共 30 行');
    // Every phase done, each with the time it took; the history lists the upload.
    await eventually(() => steps.getAttribute('data-status')).toBe('stored');
    for (const phase of ['receiving', 'converting', 'profiling', 'classifying', 'scoring', 'storing'])
      expect(await page.getByTestId(`upload-step-${phase}`).textContent()).toMatch(/^\d+\.\d s$/);
    const history = page.getByTestId('upload-history');
    await eventually(() => history.locator('tbody tr.ant-table-row').first().textContent()).toContain(
      '已保存为 v1',
    );
    expect(await history.textContent()).toContain('居民信息.csv');
    await page.getByTestId('version-1').waitFor();
    const versions = await page.getByTestId('versions').textContent();
    expect(versions).toContain('居民信息.csv');
    expect(versions).toContain('全量');

    // The classification: the ID column typed as a resident ID and graded general 4; the mobiles general 3.
    const id = page.getByTestId('classification').locator('tr[data-column="身份证号"]');
    await id.locator('[data-type="cn_resident_id"]').waitFor();
    expect(await id.textContent()).toContain('居民身份证号');
    expect(await id.getByTestId('detected-grade').locator('[data-grade]').getAttribute('data-grade')).toBe(
      'general_4',
    );
    expect(await id.getByTestId('effective-grade').locator('[data-grade]').getAttribute('data-grade')).toBe(
      'general_4',
    );
    const mobile = page.getByTestId('classification').locator('tr[data-column="手机号"]');
    await mobile.locator('[data-type="cn_mobile"]').waitFor();
    expect(await mobile.getByTestId('effective-grade').textContent()).toBe('一般数据3级');
    expect(
      await page.getByTestId('classification-grade').locator('[data-grade]').getAttribute('data-grade'),
    ).toBe('general_4');
    expect(await page.getByTestId('classification-category').textContent()).toBe('个人数据');
    // The profile: every column, nulls and distinct counts.
    const profile = await page.getByTestId('profile').textContent();
    for (const c of ['姓名', '身份证号', '手机号', '年龄']) expect(profile).toContain(c);

    // The quality score and the indicator chart.
    const score = Number(await page.getByTestId('quality-score').getAttribute('data-score'));
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThanOrEqual(100);
    await page.getByTestId('quality-indicator-chart').locator('canvas').waitFor();
    const indicators = await page.getByTestId('quality-indicators').textContent();
    for (const name of ['规范性', '完整性', '准确性', '一致性', '时效性', '可访问性'])
      expect(indicators).toContain(name);
    await page.getByTestId('quality-trend-chart').locator('canvas').waitFor();
    await shot(page, 'datasets-page-zh.png', true);
    await context.close();
  });

  it('lets the holder override a column grade with a reason, and set quality rules', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'holder');
    await page.goto(`${base}/datasets/${SLUG}`);
    await page.getByTestId('override-手机号').click();
    // A reason is required.
    await choose(page, 'override-grade', '重要数据');
    await modalButton(page, /保\s*存/).click();
    await page.locator('.ant-form-item-explain-error').getByText('请填写调整理由').waitFor();
    await page.getByTestId('override-reason').fill('手机号与重点人员名单关联，按重要数据管理');
    await shot(page, 'datasets-override-zh.png');
    await modalButton(page, /保\s*存/).click();
    const mobile = page.getByTestId('classification').locator('tr[data-column="手机号"]');
    await eventually(() => mobile.getByTestId('effective-grade').textContent()).toBe('重要数据');
    expect(await mobile.getByTestId('detected-grade').textContent()).toBe('一般数据3级');
    expect(await mobile.getByTestId('override').textContent()).toContain('手机号与重点人员名单关联');
    await eventually(() =>
      page.getByTestId('classification-grade').locator('[data-grade]').getAttribute('data-grade'),
    ).toBe('important');
    expect(await page.getByTestId('dataset-grade').textContent()).toBe('重要数据');

    // Quality rules: a validator on the IDs, a range on the ages, and a threshold.
    await page.getByTestId('edit-rules').click();
    await page.getByTestId('rule-add').click();
    await choose(page, 'rule-kind-0', '校验器');
    await choose(page, 'rule-column-0', /^身份证号 \(/);
    await choose(page, 'rule-validator-0', '居民身份证号 (cn_resident_id)');
    await page.getByTestId('rule-add').click();
    await choose(page, 'rule-kind-1', '取值范围');
    await choose(page, 'rule-column-1', /^年龄 \(/);
    await page.getByTestId('rule-min-1').fill('0');
    await page.getByTestId('rule-max-1').fill('120');
    await page.getByTestId('rules-threshold').fill('90');
    const saved = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/quality'));
    await shot(page, 'datasets-rules-zh.png');
    await page.getByTestId('rules-save').click();
    expect((await saved).postDataJSON()).toEqual({
      rules: [
        { kind: 'validator', column: '身份证号', validator: 'cn_resident_id' },
        { kind: 'range', column: '年龄', min: 0, max: 120 },
      ],
      threshold: 90,
    });
    const outcomes = page.getByTestId('quality-rules').locator('tbody tr.ant-table-row');
    await eventually(() => outcomes.count()).toBe(2);
    expect(await outcomes.nth(0).textContent()).toContain('「身份证号」通过居民身份证号校验');
    expect(await outcomes.nth(1).textContent()).toContain('「年龄」在 0 至 120 之间');
    expect(await outcomes.nth(0).textContent()).toContain('30');
    expect(await page.getByTestId('quality-threshold').textContent()).toBe('90');

    // A second version with a wrong check digit and an age out of range: the rules count them.
    await page
      .getByTestId('upload-drop')
      .locator('input[type=file]')
      .setInputFiles({
        name: '居民信息-2.csv',
        mimeType: 'text/csv',
        buffer: residents({ badId: true, badAge: true }),
      });
    await page.getByTestId('upload-done').waitFor();
    await page.getByTestId('version-2').waitFor();
    await eventually(() => page.getByTestId('quality').textContent()).toContain('v2');
    await eventually(() => outcomes.nth(0).locator('td').nth(3).textContent()).toBe('1');
    expect(await outcomes.nth(1).locator('td').nth(3).textContent()).toBe('1');
    expect(await page.getByTestId('quality-direction').textContent()).toMatch(/下降|平稳|上升/);
    // The override holds for the new version: the column name is the same.
    await eventually(() => page.getByTestId('dataset-grade').textContent()).toBe('重要数据');
    await page.getByTestId('quality-trend-chart').locator('canvas').waitFor();
    await shot(page, 'datasets-quality-zh.png', true);
    await context.close();
  });

  it('refuses a malformed CSV, naming the line, and keeps no version', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'holder');
    await page.goto(`${base}/datasets/${SLUG}`);
    await page.getByTestId('version-2').waitFor();
    await page
      .getByTestId('upload-drop')
      .locator('input[type=file]')
      .setInputFiles({ name: '有错误的文件.csv', mimeType: 'text/csv', buffer: MALFORMED });
    const error = page.getByTestId('upload-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('文件未通过校验，未保存任何版本');
    expect(await page.getByTestId('upload-error-detail').textContent()).toContain(
      'line 3 has 2 fields where the header has 3',
    );
    expect(await error.textContent()).toContain('有错误的文件.csv');
    expect(await error.textContent()).toContain('INGEST_MALFORMED');
    expect(await page.getByTestId('versions').locator('tbody tr.ant-table-row').count()).toBe(2);
    // The server's record says where it stopped; the history keeps the failed attempt with its reason.
    await eventually(() => page.getByTestId('upload-steps').getAttribute('data-status')).toBe('failed');
    expect(await page.getByTestId('upload-steps').getAttribute('data-phase')).toBe('converting');
    const failed = page.getByTestId('upload-history').locator('tbody tr.ant-table-row').first();
    await eventually(() => failed.textContent()).toContain('失败');
    expect(await failed.textContent()).toContain('有错误的文件.csv');
    expect(await failed.getByTestId('upload-history-error').textContent()).toContain(
      'line 3 has 2 fields where the header has 3',
    );
    await shot(page, 'datasets-upload-error-zh.png');
    await context.close();
  });

  it('shows visitors the data behind the resource (no values) and the one-item-one-source register', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${base}/catalog/${resourceId}`);
    const section = page.getByTestId(`resource-dataset-${SLUG}`);
    await section.waitFor();
    expect(await page.getByTestId('resource-data-rows').textContent()).toBe('30');
    expect(await page.getByTestId('resource-data-grade').textContent()).toBe('重要数据');
    const id = section
      .getByTestId('resource-data-columns')
      .locator('tbody tr')
      .filter({ hasText: '身份证号' });
    await id.locator('[data-type="cn_resident_id"]').waitFor();
    expect(await id.locator('[data-grade]').getAttribute('data-grade')).toBe('general_4');
    expect(await section.textContent()).toContain('个人数据');
    await page.getByTestId(`resource-quality-chart-${SLUG}`).locator('canvas').waitFor();
    // No values: none of the uploaded IDs or mobiles is on the page.
    const text = (await page.getByTestId('resource-page').textContent())!;
    const values = residents()
      .toString('utf8')
      .trim()
      .split('\n')
      .slice(1)
      .flatMap((line) => line.split(',').slice(1, 3));
    expect(values).toHaveLength(60);
    for (const v of values) expect(text).not.toContain(v);
    await shot(page, 'datasets-resource-data-zh.png', true);

    await page.getByTestId('nav').getByText('一数一源').click();
    await page.waitForURL(/\/catalog\/sources$/);
    await page.getByTestId('sources-q').locator('input').fill('联系电话');
    await page.getByTestId('sources-q').locator('input').press('Enter');
    await page.waitForURL(/\?q=/);
    const row = page.getByTestId('sources').locator('tbody tr.ant-table-row').first();
    await eventually(() => row.textContent()).toContain(SOURCE_ITEM);
    expect(await row.textContent()).toContain(RESOURCE);
    expect(await row.textContent()).toContain('呼和浩特市市场监督管理局');
    await shot(page, 'datasets-sources-zh.png');
    await context.close();
  });

  it('lists the dataset in the important-data catalog with the reason, open to every account', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'regulator');
    await page.getByTestId('nav').getByText('重要数据目录').click();
    await page.waitForURL(/\/datasets\/important$/);
    const row = page.getByTestId('important-data').locator('tbody tr.ant-table-row').first();
    await eventually(() => row.textContent()).toContain(DATASET);
    expect(await row.getByTestId('important-reason').textContent()).toBe(
      '手机号与重点人员名单关联，按重要数据管理',
    );
    expect(await row.textContent()).toContain('手机号');
    await shot(page, 'datasets-important-zh.png');

    // The regulator reads the dataset but cannot upload or override.
    await row.getByRole('link', { name: DATASET }).click();
    await page.getByTestId('dataset-page').waitFor();
    await page.getByTestId('classification').waitFor();
    expect(await page.getByTestId('upload').count()).toBe(0);
    expect(await page.getByTestId('override-手机号').count()).toBe(0);
    expect(await page.getByTestId('edit-rules').count()).toBe(0);
    await context.close();

    // A merchant has no datasets page, but the important-data catalog is open to it (its own: none).
    const merchant = await (await app.browser.newContext({ viewport })).newPage();
    await logIn(merchant, base, 'merchant');
    const nav = await merchant.getByTestId('nav').textContent();
    expect(nav).toContain('重要数据目录');
    expect(nav).not.toContain('数据集');
    await merchant.goto(`${base}/datasets/important`);
    await merchant.getByTestId('important-data').waitFor();
    await eventually(() => merchant.getByTestId('important-data').textContent()).toContain(
      '暂无重要数据或核心数据',
    );
    await merchant.goto(`${base}/datasets`);
    await merchant.getByText('403').waitFor();
    await merchant.context().close();
  });

  it('reads in English after switching language', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'holder');
    await page.goto(`${base}/datasets/${SLUG}`);
    await page.getByTestId('classification').waitFor();
    await page.getByTestId('lang-switch').click();
    await eventually(() => page.getByTestId('nav').textContent()).toContain('Datasets');
    expect(await page.getByTestId('nav').textContent()).toContain('Important-data catalog');
    const text = await page.getByTestId('dataset-page').textContent();
    for (const label of [
      'Upload a new version',
      'Upload history',
      'Stored as v2',
      'Click or drag a file here to upload',
      'Full scan',
      'Versions',
      'Classification and grading · v2',
      'Resident ID number',
      'Mobile number',
      'Detected grade',
      'Effective grade',
      'Override grade',
      'Data quality (GB/T 36344) · v2',
      'Quality score',
      'Completeness',
      'Quality rule outcomes',
      '"身份证号" passes the Resident ID number check',
      'Top value shapes',
    ])
      expect(text).toContain(label);
    expect(await page.getByTestId('dataset-grade').textContent()).toBe('Important data');
    await shot(page, 'datasets-page-en.png', true);

    await page.goto(`${base}/datasets`);
    const row = page.getByTestId('datasets').locator('tbody tr.ant-table-row').first();
    await eventually(() => row.textContent()).toContain(DATASET);
    // The linked resource's title arrives with its own request.
    await eventually(() => row.textContent()).toContain(RESOURCE);
    expect(await row.textContent()).toContain('v2');
    expect(await page.getByTestId('datasets').locator('thead').textContent()).toContain('Quality score');
    await shot(page, 'datasets-list-en.png');
    await context.close();
  });
});
