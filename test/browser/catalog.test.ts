// The resource catalog in the console: a holder drafts a resource through the form (fields editor, keywords, one
// data item one source) and submits it, keeping the query code; a visitor follows it by that code; the authority
// approves it in the review queue; a visitor then finds it in the public search and sees its schema; a merchant
// posts a demand with a budget in yuan (sent as whole fen) that the resource matches, and the holder answers it;
// the public pages read in English after switching language.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from '../../console/src/routes/catalog/money.ts';
import { logIn, shot, startConsole, type ConsoleUnderTest } from './support.ts';

let app: ConsoleUnderTest;
let base: string;

beforeAll(async () => {
  app = await startConsole();
  base = app.base;
});

afterAll(() => app?.close());

const viewport = { width: 1440, height: 900 };
const TITLE = '呼和浩特市市场主体登记信息';
const DEMAND = '企业主体信用画像数据需求';
const CODE = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/;
/** Polls until the page catches up: pages load their data after they render. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });
const modalButton = (page: Page, name: RegExp) =>
  page.locator('.ant-modal-wrap:visible').getByRole('button', { name });

/** The text input of a widget, whether the test id sits on the input itself or on a wrapper around it. */
const inputOf = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('xpath=self::input|self::textarea|descendant::input').first();

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Opens an Ant Design select and picks the option with this text. */
async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${escapeRegExp(option)}$`) })
    .click();
}

/** Types tags into an Ant Design tags select, each confirmed with Enter. */
async function tags(page: Page, testId: string, values: string[]) {
  const input = inputOf(page, testId);
  for (const v of values) {
    await input.fill(v);
    await input.press('Enter');
  }
  await input.press('Escape');
}

describe('yuan and fen', () => {
  it('converts with string arithmetic, never through floating point', () => {
    expect(yuanToFen('12345.67')).toBe('1234567');
    expect(yuanToFen('0.1')).toBe('10');
    expect(yuanToFen('0.07')).toBe('7');
    expect(yuanToFen('1,000.5')).toBe('100050');
    expect(yuanToFen('19.99')).toBe('1999');
    expect(yuanToFen('0')).toBe('0');
    expect(yuanToFen('007.10')).toBe('710');
    expect(yuanToFen('9999999999999.99')).toBe('999999999999999');
    expect(yuanToFen('10000000000000')).toBeUndefined();
    expect(yuanToFen('1.234')).toBeUndefined();
    expect(yuanToFen('-1')).toBeUndefined();
    expect(yuanToFen('1e3')).toBeUndefined();
    expect(yuanToFen('')).toBeUndefined();
    expect(fenToYuan('1234567')).toBe('12,345.67');
    expect(fenToYuan('7')).toBe('0.07');
    expect(fenToYuan('0')).toBe('0.00');
    expect(fenToYuan('999999999999999')).toBe('9,999,999,999,999.99');
  });
});

describe('resource catalog', () => {
  let resourceId: string;
  let registrationNumber: string;
  let queryCode: string;
  let resourceCode: string;

  it('lets a holder draft a resource through the form and submit it, showing the query code', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'holder');
    await page.getByTestId('nav').getByText('数据资源目录').click();
    await page.waitForURL(/\/catalog\/inventory$/);
    await page.getByTestId('new-resource').click();

    await page.getByTestId('resource-title-input').fill(TITLE);
    await page
      .getByTestId('resource-description-input')
      .fill('全市市场主体的登记信息，含统一社会信用代码、名称、类型、成立日期与登记机关，每日更新。');
    await choose(page, 'resource-domain', '法人基础库');
    // The region defaults to the holder's own (呼和浩特市), shown by name.
    await eventually(() => page.getByTestId('resource-region').textContent()).toContain('呼和浩特市');
    await page.getByTestId('field-name-0').fill('统一社会信用代码');
    await inputOf(page, 'field-type-0').fill('CHAR(18)');
    await page.getByTestId('field-desc-0').fill('GB 32100 编码');
    await page.getByTestId('add-field').click();
    await page.getByTestId('field-name-1').fill('企业名称');
    await inputOf(page, 'field-type-1').fill('VARCHAR(255)');
    await page.getByTestId('add-field').click();
    await page.getByTestId('field-name-2').fill('成立日期');
    await inputOf(page, 'field-type-2').fill('DATE');
    await page.getByTestId('field-desc-2').fill('营业执照签发日期');
    await tags(page, 'resource-keywords', ['市场主体', '企业登记']);
    await tags(page, 'resource-sources-input', ['统一社会信用代码']);
    await choose(page, 'resource-open-level', '有条件开放');
    await shot(page, 'catalog-new-resource-zh.png');
    await modalButton(page, /保\s*存/).click();

    await page.waitForURL(/\/catalog\/inventory\/[0-9a-f-]{36}$/);
    resourceId = page.url().split('/').at(-1)!;
    await page.getByTestId('inventory-detail').waitFor();
    expect(await page.getByTestId('inventory-title').textContent()).toBe(TITLE);
    expect(await page.getByTestId('inventory-detail').textContent()).toContain('草稿');
    const schema = await page.getByTestId('inventory-schema').textContent();
    expect(schema).toContain('统一社会信用代码');
    expect(schema).toContain('VARCHAR(255)');
    resourceCode = (await page.getByTestId('inventory-code').textContent())!.trim();
    expect(resourceCode).toMatch(/^R150100\d{10}$/);

    await page.getByTestId('submit-resource').click();
    await page.getByTestId('submit-confirm').click();
    const code = page.getByTestId('query-code');
    await code.waitFor();
    queryCode = (await code.textContent())!.trim();
    expect(queryCode).toMatch(CODE);
    await shot(page, 'catalog-query-code-zh.png');
    await page.getByTestId('receipt-close').click();

    const row = page.getByTestId('registrations').locator('tbody tr.ant-table-row').first();
    await eventually(() => row.textContent()).toContain(queryCode);
    expect(await row.textContent()).toContain('审核中');
    expect(await row.textContent()).toContain('首次登记');
    registrationNumber = (await row.locator('td').nth(1).textContent())!.trim();
    expect(await page.getByTestId('open-registration').textContent()).toContain(registrationNumber);
    // Under review, the draft can no longer be edited, only withdrawn.
    expect(await page.getByTestId('edit-resource').count()).toBe(0);
    await page.getByTestId('withdraw-registration').waitFor();
    await shot(page, 'catalog-inventory-detail-zh.png', true);
    await context.close();
  });

  it('lets a visitor follow the registration by its query code', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${base}/catalog/lookup`);
    await page.getByTestId('lookup-code').fill(queryCode.toLowerCase());
    await page.getByTestId('lookup-submit').click();
    const result = page.getByTestId('lookup-result');
    await result.waitFor();
    expect(await result.textContent()).toContain(registrationNumber);
    expect(await result.textContent()).toContain('审核中');
    expect(await result.textContent()).toContain(TITLE);
    await page.getByTestId('login-link').waitFor();
    await shot(page, 'catalog-lookup-zh.png');
    await context.close();
  });

  it('lets the authority approve it in the review queue, seeing the proposed content', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'authority');
    await page.getByTestId('nav').getByText('目录登记审核').click();
    await page.waitForURL(/\/catalog\/review$/);
    const review = page.getByTestId(`review-${registrationNumber}`);
    await review.click();
    const panel = page.getByTestId('review-panel');
    await panel.waitFor();
    const proposed = await page.getByTestId('proposed-content').textContent();
    expect(proposed).toContain(TITLE);
    expect(proposed).toContain('成立日期 DATE — 营业执照签发日期');
    expect(proposed).toContain('法人基础库');
    // A rejection needs its reason.
    expect(await page.getByTestId('review-reject').isDisabled()).toBe(true);
    await page.getByTestId('review-comment').fill('材料齐全，同意登记');
    expect(await page.getByTestId('review-reject').isEnabled()).toBe(true);
    await shot(page, 'catalog-review-zh.png');
    await page.getByTestId('review-approve').click();
    await review.waitFor({ state: 'detached' });
    await context.close();
  });

  it('shows the registered resource to a visitor in the search, with its schema on its page', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${base}/catalog`);
    expect(await page.getByTestId('nav').textContent()).toContain('目录检索');
    expect(await page.getByTestId('nav').textContent()).not.toContain('数据资源目录');
    await page.getByTestId('catalog-domain-chart').locator('canvas').waitFor();
    await inputOf(page, 'catalog-q').fill('市场主体 登记');
    await inputOf(page, 'catalog-q').press('Enter');
    await page.waitForURL(/\?q=/);
    const row = page.getByTestId('catalog-results').locator('tbody tr.ant-table-row').first();
    await eventually(() => row.textContent()).toContain(TITLE);
    const text = await row.textContent();
    expect(text).toContain(resourceCode);
    expect(text).toContain('呼和浩特市市场监督管理局');
    expect(text).toContain('法人基础库');
    expect(text).toContain('有条件开放');
    expect(text).toContain('一般数据2级');
    expect(text).toContain('未评估');
    expect(await page.getByTestId('catalog-total').textContent()).toBe('共 1 条');
    await shot(page, 'catalog-search-zh.png');

    // A filter that excludes it leaves the results empty; the region filter includes the divisions below.
    await choose(page, 'catalog-domain', '人口基础库');
    await eventually(() =>
      page.getByTestId('catalog-results').locator('tbody tr.ant-table-row').count(),
    ).toBe(0);
    await page.goto(`${base}/catalog?region=150000`);
    await eventually(() => row.textContent()).toContain(TITLE);

    await row.getByTestId(`resource-${resourceCode}`).click();
    await page.waitForURL(new RegExp(`/catalog/${resourceCode}$`));
    await page.getByTestId('resource-page').waitFor();
    expect(await page.getByTestId('resource-title').textContent()).toBe(TITLE);
    const schema = await page.getByTestId('resource-schema').textContent();
    for (const f of ['统一社会信用代码', 'CHAR(18)', '企业名称', '成立日期', 'DATE', '营业执照签发日期'])
      expect(schema).toContain(f);
    expect(await page.getByTestId('resource-sources').textContent()).toContain('统一社会信用代码');
    // The data section loads after the page: no dataset is attached to this resource.
    await eventually(() => page.getByTestId('resource-datasets').textContent()).toContain('暂无数据版本');
    await shot(page, 'catalog-resource-zh.png', true);

    // The query code now reads completed.
    await page.goto(`${base}/catalog/lookup?code=${queryCode}`);
    await eventually(() => page.getByTestId('lookup-result').textContent()).toContain('已办结');
    // The inventory is not public.
    await page.goto(`${base}/catalog/inventory/${resourceId}`);
    await page.waitForURL(/\/login$/);
    await context.close();
  });

  it('lets a merchant post a demand with a budget in yuan, sent as whole fen, matched by the resource', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'merchant');
    await page.getByTestId('nav').getByText('需求清单').click();
    await page.waitForURL(/\/catalog\/demands$/);
    await page.getByTestId('post-demand').click();
    await page.getByTestId('demand-title').fill(DEMAND);
    await choose(page, 'demand-domain', '法人基础库');
    await tags(page, 'demand-fields', ['统一社会信用代码', '企业名称', '成立日期']);
    await page.getByTestId('demand-purpose').fill('用于小微企业信用评估模型，在安全域内使用，不导出原始数据');
    await page.getByTestId('demand-budget').fill('12.345');
    await modalButton(page, /保\s*存/).click();
    await page.locator('.ant-form-item-explain-error').getByText('最多两位小数', { exact: false }).waitFor();
    await page.getByTestId('demand-budget').fill('12,345.67');
    const posted = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/catalog/demands'),
    );
    await shot(page, 'catalog-post-demand-zh.png');
    await modalButton(page, /保\s*存/).click();
    const body = (await posted).postDataJSON() as { budgetFen: string; fields: string[] };
    expect(body.budgetFen).toBe('1234567');
    expect(body.fields).toEqual(['统一社会信用代码', '企业名称', '成立日期']);

    await page.waitForURL(/\/catalog\/demands\/[0-9a-f-]{36}$/);
    const detail = page.getByTestId('demand-detail');
    await detail.waitFor();
    expect(await page.getByTestId('demand-budget-text').textContent()).toBe('¥12,345.67');
    const matches = page.getByTestId('demand-matches');
    await eventually(() => matches.textContent()).toContain(TITLE);
    expect(await matches.textContent()).toContain('3 / 3');
    await page.getByTestId('close-demand').waitFor();

    await page.getByTestId('nav').getByText('需求清单').click();
    const row = page.getByTestId('demands').locator('tbody tr.ant-table-row').first();
    await eventually(() => row.textContent()).toContain(DEMAND);
    expect(await row.textContent()).toContain('¥12,345.67');
    expect(await row.textContent()).toContain('征集中');
    await shot(page, 'catalog-demands-zh.png');
    await context.close();
  });

  it('shows the holder the demands its resources answer, and lets it answer with the resource', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'holder');
    await page.getByTestId('nav').getByText('可响应的需求').click();
    await page.waitForURL(/\/catalog\/demands\/matching$/);
    const row = page.getByTestId('matching-demands').locator('tbody tr.ant-table-row').first();
    await eventually(() => row.textContent()).toContain(DEMAND);
    await row.getByRole('link', { name: DEMAND }).click();
    await page.getByTestId('answer-demand').click();
    await choose(page, 'answer-resource', `${TITLE} (${resourceCode})`);
    await page.getByTestId('answer-message').fill('本局可按有条件开放方式提供，请在安全域内申请使用。');
    await modalButton(page, /保\s*存/).click();
    const answers = page.getByTestId('demand-answers');
    await eventually(() => answers.textContent()).toContain('呼和浩特市市场监督管理局');
    expect(await answers.textContent()).toContain(TITLE);
    await shot(page, 'catalog-demand-detail-zh.png', true);
    await context.close();
  });

  it('reads in English after switching language', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${base}/catalog`);
    const row = page.getByTestId('catalog-results').locator('tbody tr.ant-table-row').first();
    await eventually(() => row.textContent()).toContain(TITLE);
    await page.getByTestId('lang-switch').click();
    await eventually(() => page.getByTestId('nav').textContent()).toContain('Browse catalog');
    const nav = await page.getByTestId('nav').textContent();
    expect(nav).toContain('Registration notices');
    expect(nav).toContain('Query code lookup');
    const text = await row.textContent();
    expect(text).toContain('Legal person base');
    expect(text).toContain('Open on conditions');
    expect(text).toContain('General, level 2');
    expect(text).toContain('Not assessed');
    expect(await page.getByTestId('catalog-results').locator('thead').textContent()).toContain('Open level');
    expect(await page.getByTestId('catalog-total').textContent()).toBe('1 in total');
    await shot(page, 'catalog-search-en.png');

    await page.goto(`${base}/catalog/${resourceCode}`);
    await page.getByTestId('resource-page').waitFor();
    const resource = await page.getByTestId('resource-page').textContent();
    expect(resource).toContain('Schema');
    expect(resource).toContain('Data versions and classification');
    expect(resource).toContain('Update frequency');
    expect(resource).toContain('Daily');
    await shot(page, 'catalog-resource-en.png', true);
    await context.close();
  });
  it('lets the holder apply for a change, which the authority reviews against what is on record', async () => {
    const context = await app.browser.newContext({ viewport });
    const holder = await context.newPage();
    await logIn(holder, base, 'holder');
    await holder.goto(`${base}/catalog/inventory/${resourceId}`);
    await holder.getByTestId('apply-change').click();
    // The form starts from what is on record.
    await eventually(() => holder.getByTestId('resource-title-input').inputValue()).toBe(TITLE);
    expect(await holder.getByTestId('field-name-2').inputValue()).toBe('成立日期');
    await holder.getByTestId('add-field').click();
    await holder.getByTestId('field-name-3').fill('登记机关');
    await inputOf(holder, 'field-type-3').fill('VARCHAR(128)');
    await holder.getByTestId('change-reason').fill('增加登记机关字段');
    await modalButton(holder, /保\s*存/).click();
    expect(await holder.getByTestId('query-code').textContent()).toMatch(CODE);
    await holder.getByTestId('receipt-close').click();
    const row = holder.getByTestId('registrations').locator('tbody tr.ant-table-row').first();
    await eventually(() => row.textContent()).toContain('变更登记');
    expect(await row.textContent()).toContain('审核中');
    const number = (await row.locator('td').nth(1).textContent())!.trim();
    // On record until approved: the resource still has three fields, and no second change can start.
    expect(await holder.getByTestId('inventory-schema').locator('tbody tr.ant-table-row').count()).toBe(3);
    expect(await holder.getByTestId('apply-change').count()).toBe(0);

    const authority = await (await app.browser.newContext({ viewport })).newPage();
    await logIn(authority, base, 'authority');
    await authority.goto(`${base}/catalog/review`);
    await authority.getByTestId(`review-${number}`).click();
    await authority.getByTestId('proposed-content').waitFor();
    await eventually(() => authority.getByTestId('diff-count').textContent()).toBe('1 项变更');
    const changed = authority.getByTestId('proposed-content').locator('tr[data-changed="true"]');
    expect(await changed.count()).toBe(1);
    expect(await changed.textContent()).toContain('登记机关 VARCHAR(128)');
    expect(await authority.getByTestId('registration-reason').textContent()).toBe('增加登记机关字段');
    await shot(authority, 'catalog-review-change-zh.png');
    await authority.getByTestId('review-approve').click();
    await authority.getByTestId(`review-${number}`).waitFor({ state: 'detached' });
    await authority.context().close();

    await holder.goto(`${base}/catalog/${resourceCode}`);
    await eventually(() => holder.getByTestId('resource-schema').textContent()).toContain('登记机关');
    await context.close();
  });

  it('lets the holder apply for cancellation and withdraw it while under review', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'holder');
    await page.goto(`${base}/catalog/inventory/${resourceId}`);
    await page.getByTestId('apply-cancel').click();
    await page.getByTestId('cancel-reason').fill('数据已并入新的资源');
    await modalButton(page, /保\s*存/).click();
    expect(await page.getByTestId('query-code').textContent()).toMatch(CODE);
    await page.getByTestId('receipt-close').click();
    const row = page.getByTestId('registrations').locator('tbody tr.ant-table-row').first();
    await eventually(() => row.textContent()).toContain('注销登记');
    await page.getByTestId('withdraw-registration').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await eventually(() => row.textContent()).toContain('已撤回');
    expect(await page.getByTestId('inventory-detail').textContent()).toContain('已登记');
    await page.getByTestId('apply-cancel').waitFor();
    await context.close();
  });

  it('lets a holder put an information system on record, name it on a resource and retire it', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'holder');
    await page.getByTestId('nav').getByText('信息系统目录').click();
    await page.waitForURL(/\/catalog\/systems$/);
    await page.getByTestId('new-system').click();
    await page.getByTestId('system-name').fill('市场主体登记管理系统');
    await page.getByTestId('system-department').fill('登记注册处');
    await modalButton(page, /保\s*存/).click();
    const row = page.getByTestId('systems').locator('tbody tr.ant-table-row').first();
    await eventually(() => row.textContent()).toContain('市场主体登记管理系统');
    expect(await row.textContent()).toContain('在用');
    await eventually(() => row.textContent()).toContain('呼和浩特市');
    await shot(page, 'catalog-systems-zh.png');

    // A new resource names it.
    await page.goto(`${base}/catalog/inventory`);
    await page.getByTestId('new-resource').click();
    await choose(page, 'resource-system', '市场主体登记管理系统');
    await page.keyboard.press('Escape');

    await page.goto(`${base}/catalog/systems`);
    await row.getByRole('button', { name: /停\s*用/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await eventually(() => row.textContent()).toContain('已停用');
    await context.close();
  });
});
