// Logs in through the real console, follows role-based navigation, opens the audit log and switches language.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANIZATIONS } from '../../server/src/demo/demo.ts';
import { logIn as logInAt, shot, startConsole, type ConsoleUnderTest } from './support.ts';

let app: ConsoleUnderTest;
let base: string;

beforeAll(async () => {
  app = await startConsole();
  base = app.base;
});

afterAll(() => app?.close());

const logIn = (page: Page, username: string) => logInAt(page, base, username);

describe('console', () => {
  it('refuses a wrong password with the server message', async () => {
    const page = await app.browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('username').fill('admin');
    await page.getByTestId('password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('incorrect');
    await shot(page, 'login-refused.png');
    await page.close();
  });

  it('a regulator logs in (Chinese by default), opens the audit log, switches to English and keeps it', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await logIn(page, 'regulator');
    expect(await page.getByTestId('nav').textContent()).toContain('审计日志');
    await shot(page, 'home-zh.png');

    await page.getByTestId('nav').getByText('审计日志').click();
    await page.waitForURL(/\/audit$/);
    const table = page.getByTestId('audit-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await table.textContent()).toContain('identity.session.started');
    await page.getByTestId('audit-chart').locator('canvas').waitFor();
    await shot(page, 'audit-zh.png', true);

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav').textContent()).toContain('Audit log');
    expect(await page.getByTestId('audit-total').textContent()).toMatch(/in total/);
    await shot(page, 'audit-en.png', true);

    await page.reload();
    await page.getByTestId('nav').waitFor();
    expect(await page.getByTestId('nav').textContent()).toContain('Audit log');
    await context.close();
  });

  it('navigation follows roles: a merchant has no audit log and is refused it by URL', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await logIn(page, 'merchant');
    const nav = await page.getByTestId('nav').textContent();
    expect(nav).toContain('API 密钥');
    expect(nav).not.toContain('审计日志');
    await page.goto(`${base}/audit`);
    await page.getByText('403').first().waitFor();
    await page.goto(`${base}/organizations`);
    await page.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.locator('tbody tr.ant-table-row').count()).toBe(1);
    await shot(page, 'merchant-organizations.png');
    await context.close();
  });

  it('an administrator sees all demo organizations and creates an API key shown once', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await logIn(page, 'admin');
    await page.goto(`${base}/organizations`);
    await page.getByText('呼和浩特市市场监督管理局').waitFor();
    expect(await page.locator('tbody tr.ant-table-row').count()).toBe(DEMO_ORGANIZATIONS.length);
    await shot(page, 'organizations-zh.png');
    await page.goto(`${base}/api-keys`);
    await page.getByRole('button', { name: /新建密钥/ }).click();
    await page.getByLabel('名称').fill('数据对接');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    const secret = await page.getByTestId('api-key-secret').textContent();
    expect(secret).toMatch(/^ltk_/);
    await shot(page, 'api-key-created.png');
    const res = await fetch(`${base}/api/v1/me`, { headers: { 'x-api-key': secret!.trim() } });
    expect(res.status).toBe(200);
    await context.close();
  });
});
