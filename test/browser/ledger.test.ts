// The public ledger explorer: a visitor sees the signed checkpoint and has the browser verify an entry's inclusion
// and a consistency proof; a proof or root tampered with turns the verdict red; the page is in the signed-in menu.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, PASSWORD, shot, startConsole, type ConsoleUnderTest } from './support.ts';

let app: ConsoleUnderTest;
let base: string;
/** The size of the log after the demo data, and after the sign-ins that followed: the latest checkpoint. */
let earlier: number;
let latest: { size: number; root: string; note: string };

beforeAll(async () => {
  app = await startConsole();
  base = app.base;
  earlier = (await app.lt.ledger.service.integrate()).size;
  for (const username of ['admin', 'regulator', 'merchant']) {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
  }
  await app.lt.ledger.service.integrate();
  latest = await app.lt.ledger.service.checkpoint();
  expect(earlier).toBeGreaterThan(1);
  expect(latest.size).toBeGreaterThan(earlier);
});

afterAll(() => app?.close());

async function openLedger(page: Page) {
  await page.goto(`${base}/ledger`);
  await page.getByTestId('checkpoint-size').waitFor();
  await page.getByTestId('ledger-entries').locator('tbody tr.ant-table-row').first().waitFor();
}

const outcome = (page: Page, testId: string) =>
  page.getByTestId(testId).getAttribute('data-outcome', { timeout: 10_000 });

/** The same hex with its first digit changed. */
const tamper = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

describe('ledger explorer', () => {
  it('shows a visitor the signed checkpoint and verifies an entry in the browser (Chinese)', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('ledger-link').click();
    await page.waitForURL(/\/ledger$/);
    await openLedger(page);

    expect(await page.getByTestId('checkpoint-size').textContent()).toBe(String(latest.size));
    expect(await page.getByTestId('checkpoint-root').textContent()).toBe(latest.root);
    expect(await page.getByTestId('checkpoint-origin').textContent()).toBe('liutong.test/ledger');
    expect(await page.getByTestId('checkpoint-note').textContent()).toBe(latest.note);
    await expect
      .poll(() => page.getByTestId('checkpoint-signature').getAttribute('data-signature'))
      .toBe('valid');
    const nav = await page.getByTestId('nav').textContent();
    expect(nav).toContain('账本浏览器');
    expect(nav).not.toContain('组织机构');
    await page.getByTestId('login-link').waitFor();
    await page.getByTestId('ledger-chart').locator('canvas').waitFor();
    expect(await page.getByTestId('ledger-entries').textContent()).toContain('identity.');
    await shot(page, 'ledger-zh.png', true);

    // The newest entry's canonical body, then its proof.
    const newest = latest.size - 1;
    const row = page.getByTestId('ledger-entries').locator(`tr[data-row-key="${newest}"]`);
    await row.getByRole('button', { name: /详\s*情/ }).click();
    const body = await page.getByTestId('entry-body').textContent();
    expect(JSON.parse(body!)).toMatchObject({ type: 'identity.session.started' });
    await shot(page, 'ledger-entry-zh.png');
    await page
      .locator('.ant-drawer')
      .getByRole('button', { name: /证\s*明/ })
      .click();

    await page.getByTestId('audit-path').locator('tbody tr').first().waitFor();
    await page.getByTestId('inclusion-verify').click();
    expect(await outcome(page, 'inclusion-verdict')).toBe('valid');
    expect(await page.getByTestId('inclusion-verdict').textContent()).toContain(
      `条目 #${newest} 确实包含在大小为 ${latest.size} 的账本中`,
    );
    await page.getByTestId('inclusion-card').scrollIntoViewIfNeeded();
    await shot(page, 'ledger-inclusion-zh.png');
    await context.close();
  });

  it('turns red for a tampered inclusion proof and a wrong earlier root, green for the true ones', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    // A server that lies about one node of the audit path.
    await page.route('**/api/v1/ledger/proofs/inclusion?*', async (route) => {
      const response = await route.fetch();
      const proof = (await response.json()) as { proof: string[] };
      await route.fulfill({
        response,
        json: { ...proof, proof: [tamper(proof.proof[0]!), ...proof.proof.slice(1)] },
      });
    });
    await openLedger(page);
    await page.getByTestId('inclusion-index').fill('0');
    await page.getByTestId('inclusion-fetch').click();
    await page.getByTestId('audit-path').locator('tbody tr').first().waitFor();
    await page.getByTestId('inclusion-verify').click();
    expect(await outcome(page, 'inclusion-verdict')).toBe('invalid');
    expect(await page.getByTestId('inclusion-verdict').textContent()).toContain('无法证明条目 #0');

    // The earlier tree (the demo data) is a prefix of the latest: true with the server's and with the real root.
    const { fromRoot } = await app.lt.ledger.service.consistencyProof(earlier, latest.size);
    await page.getByTestId('consistency-from').fill(String(earlier));
    await page.getByTestId('consistency-to').fill(String(latest.size));
    await page.getByTestId('consistency-fetch').click();
    await page.getByTestId('consistency-proof').locator('li').first().waitFor();
    await page.getByTestId('consistency-verify').click();
    expect(await outcome(page, 'consistency-verdict')).toBe('valid');
    await page.getByTestId('consistency-old-root').fill(fromRoot);
    await page.getByTestId('consistency-verify').click();
    await expect.poll(() => page.getByTestId('consistency-verdict').textContent()).toContain('由您提供');
    expect(await outcome(page, 'consistency-verdict')).toBe('valid');

    // A root the log never had for that size.
    await page.getByTestId('consistency-old-root').fill(tamper(fromRoot));
    await page.getByTestId('consistency-verify').click();
    await expect.poll(() => outcome(page, 'consistency-verdict')).toBe('invalid');
    expect(await page.getByTestId('consistency-verdict').textContent()).toContain(
      `无法证明大小为 ${earlier} 的树是大小为 ${latest.size} 的树的前缀`,
    );
    await page.getByTestId('inclusion-card').scrollIntoViewIfNeeded();
    await shot(page, 'ledger-tampered-zh.png');
    await context.close();
  });

  it('is in the signed-in menu too, and verifies in English', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await logIn(page, base, 'merchant');
    await page.getByTestId('nav').getByText('账本浏览器').click();
    await page.waitForURL(/\/ledger$/);
    await page.getByTestId('checkpoint-size').waitFor();
    await page.getByTestId('account-menu').waitFor();

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav').textContent()).toContain('Ledger explorer');
    expect(await page.getByTestId('nav').textContent()).toContain('Organizations');
    await page.getByTestId(`prove-${latest.size - 2}`).click();
    await page.getByTestId('audit-path').locator('tbody tr').first().waitFor();
    await page.getByTestId('inclusion-verify').click();
    expect(await outcome(page, 'inclusion-verdict')).toBe('valid');
    expect(await page.getByTestId('inclusion-verdict').textContent()).toContain(
      `Entry #${latest.size - 2} is included in the log of size ${latest.size}`,
    );
    await page.getByTestId('consistency-fetch').click();
    await page.getByTestId('consistency-proof').locator('li').first().waitFor();
    await page.getByTestId('consistency-verify').click();
    expect(await outcome(page, 'consistency-verdict')).toBe('valid');
    await shot(page, 'ledger-en.png', true);
    await context.close();
  });
});
