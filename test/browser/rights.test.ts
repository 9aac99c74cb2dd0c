// Rights registration in the console: a holder applies for a first registration with the content hash computed
// in the browser from a picked file, the authority approves it with the full checklist and issues it, a visitor
// sees it on the notice board and the certificate page, whose QR code leads back to it and whose in-browser
// verification turns green.
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, PASSWORD, shot, startConsole, type ConsoleUnderTest } from './support.ts';

let app: ConsoleUnderTest;
let base: string;
const DATA = Buffer.from('企业信用数据集 2026 年第一季度\nid,score\n1,87\n2,91\n');
const HASH = createHash('sha256').update(DATA).digest('hex');
const TITLE = '企业信用评价数据集（2026Q1）';

beforeAll(async () => {
  app = await startConsole();
  base = app.base;
});

afterAll(() => app?.close());

const viewport = { width: 1400, height: 900 };
const modalButton = (page: Page, name: RegExp) => page.locator('.ant-modal').getByRole('button', { name });

async function token(username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe('rights registration', () => {
  let applicationNumber: string;
  let certificateNumber: string;
  let subjectId: string;

  it('lets a holder apply with a content hash computed from a picked file', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'holder');
    await page.getByTestId('nav').getByText('我的申请').click();
    await page.waitForURL(/\/rights\/applications$/);
    await page.getByTestId('new-application').click();
    await page.getByTestId('subject-title').fill(TITLE);
    // The file is hashed here and never sent: only its SHA-256 lands in the form.
    let uploaded = false;
    page.on('request', (r) => {
      if (r.method() === 'POST' && (r.postData() ?? '').includes('id,score')) uploaded = true;
    });
    await page
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: 'credit.csv', mimeType: 'text/csv', buffer: DATA });
    await expect.poll(() => page.getByTestId('content-hash').inputValue()).toBe(HASH);
    await page.getByTestId('scope').fill('用于企业信用评估模型训练，不得向第三方提供原始数据');
    await shot(page, 'rights-apply-zh.png');
    await modalButton(page, /保\s*存/).click();
    const row = page.getByTestId('applications').locator('tbody tr.ant-table-row').first();
    await row.waitFor();
    expect(await row.textContent()).toContain(TITLE);
    expect(await row.textContent()).toContain('合规审查中');
    expect(uploaded).toBe(false);
    applicationNumber = (await row.locator('td').first().textContent())!;
    expect(applicationNumber).toMatch(/^SQ\d{12}$/);

    await row.getByRole('link', { name: applicationNumber }).click();
    await page.getByTestId('application-steps').waitFor();
    expect(await page.getByTestId('application-detail').textContent()).toContain(HASH);
    // Supporting material is uploaded (base64) and listed with its SHA-256.
    await page
      .getByTestId('application-detail')
      .locator('input[type=file]')
      .setInputFiles({
        name: '数据来源说明.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('来源：行政许可'),
      });
    await page.getByTestId('attachments').getByText('数据来源说明.txt').waitFor();
    await shot(page, 'rights-application-zh.png', true);
    await context.close();
  });

  it('lets the authority approve only with the full checklist, then shows the notice to a visitor', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, base, 'authority');
    await page.getByTestId('nav').getByText('审查队列').click();
    await page.waitForURL(/\/rights\/review$/);
    await page.getByTestId('rights-status-chart').locator('canvas').waitFor();
    await page.getByTestId(`review-${applicationNumber}`).click();
    const approve = page.getByTestId('review-approve');
    const items = page.getByTestId('review-checklist').locator('input[type=checkbox]');
    expect(await items.count()).toBe(5);
    for (let i = 0; i < 5; i++) {
      expect(await approve.isDisabled()).toBe(true);
      await items.nth(i).check();
    }
    expect(await approve.isEnabled()).toBe(true);
    await shot(page, 'rights-review-zh.png');
    await approve.click();
    await page.getByTestId(`review-${applicationNumber}`).waitFor({ state: 'detached' });

    // A visitor sees it in public notice and is sent to log in to object.
    const visitor = await app.browser.newContext({ viewport });
    const board = await visitor.newPage();
    await board.goto(`${base}/rights/notices`);
    const notice = board.getByTestId('notices').locator('tbody tr.ant-table-row').first();
    await notice.waitFor();
    expect(await notice.textContent()).toContain(TITLE);
    expect(await notice.textContent()).toContain('市场监督管理局');
    expect(await board.getByTestId('nav').textContent()).toContain('公示公告');
    await shot(board, 'rights-notices-zh.png');
    await board.getByTestId('lang-switch').click();
    await expect.poll(() => board.getByTestId('nav').textContent()).toContain('Notice board');
    await shot(board, 'rights-notices-en.png');
    await board.getByTestId(`object-${applicationNumber}`).click();
    await board.waitForURL(/\/login$/);
    await visitor.close();

    // The notice ends at once in tests (noticeSeconds 0): the authority issues.
    await page.getByRole('tab', { name: '公示中' }).click();
    await page.getByTestId(`issue-${applicationNumber}`).click();
    await page.getByTestId(`issue-${applicationNumber}`).waitFor({ state: 'detached' });
    await context.close();

    const auth = await token('authority');
    const res = await fetch(`${base}/api/v1/rights/certificates?limit=10&offset=0`, {
      headers: { authorization: `Bearer ${auth}` },
    });
    const certs = (await res.json()) as {
      items: { number: string; subject: { id: string; title: string } }[];
    };
    const cert = certs.items.find((c) => c.subject.title === TITLE)!;
    certificateNumber = cert.number;
    subjectId = cert.subject.id;
    expect(certificateNumber).toMatch(/^LT\d{4}H\d{8}$/);
    // What the sequencer does every 500 ms in production.
    await app.lt.ledger.service.integrate();
  });

  it('shows a visitor the printable certificate with its QR code, and verifies it in the browser', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${base}/certificates/${certificateNumber}`);
    await page.getByTestId('certificate-sheet').waitFor();
    expect(await page.getByTestId('certificate-number').textContent()).toBe(certificateNumber);
    expect(await page.getByTestId('certificate-title').textContent()).toBe('数据权益登记证书');
    expect(await page.getByTestId('certificate-right').textContent()).toBe('数据资源持有权');
    expect(await page.getByTestId('certificate-sheet').textContent()).toContain(HASH);
    expect(await page.getByTestId('certificate-sheet').textContent()).toContain('用于企业信用评估模型训练');
    expect(await page.getByTestId('certificate-status').textContent()).toContain('有效');
    await page.getByTestId('certificate-ledger-index').waitFor();
    const qr = page.getByTestId('certificate-qr');
    expect(await qr.getAttribute('data-url')).toBe(`${base}/certificates/${certificateNumber}`);
    expect(await qr.locator('path').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('certificate-status-banner').count()).toBe(0);

    await page.getByTestId('certificate-verify').click();
    await expect
      .poll(() => page.getByTestId('certificate-verdict').getAttribute('data-outcome'))
      .toBe('valid');
    expect(await page.getByTestId('certificate-verdict').textContent()).toContain(
      `证书 ${certificateNumber} 由平台签发，且已记入公开账本`,
    );
    await shot(page, 'rights-certificate-zh.png', true);

    // The download is the document as served, what `liutong cert verify` checks.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-json').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${certificateNumber}.json`);

    await page.getByTestId('lang-switch').click();
    await expect
      .poll(() => page.getByTestId('certificate-title').textContent())
      .toBe('Data Rights Registration Certificate');
    await page.getByTestId('certificate-verify').click();
    await expect
      .poll(() => page.getByTestId('certificate-verdict').textContent())
      .toContain(`Certificate ${certificateNumber} is signed by the platform`);
    expect(await page.getByTestId('certificate-verdict').getAttribute('data-outcome')).toBe('valid');
    await shot(page, 'rights-certificate-en.png', true);

    await page.getByTestId('certificate-subject').click();
    await page.waitForURL(new RegExp(`/rights/subjects/${subjectId}$`));
    await page.getByTestId('subject-history').locator('.ant-timeline-item').first().waitFor();
    expect(await page.getByTestId('subject-certificates').textContent()).toContain(certificateNumber);
    await shot(page, 'rights-subject-en.png', true);
    await context.close();
  });

  it('turns the verdict red for a certificate whose content was changed after signing', async () => {
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    await page.route(`**/api/v1/certificates/${certificateNumber}`, async (route) => {
      const response = await route.fetch();
      const doc = (await response.json()) as { certificate: { scope: string | null } };
      await route.fulfill({
        response,
        json: { ...doc, certificate: { ...doc.certificate, scope: '任意用途' } },
      });
    });
    await page.goto(`${base}/certificates/${certificateNumber}`);
    await page.getByTestId('certificate-verify').click();
    await expect
      .poll(() => page.getByTestId('certificate-verdict').getAttribute('data-outcome'))
      .toBe('invalid');
    await context.close();
  });
});
