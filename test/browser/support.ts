// Browser-test support: the app with the demo data and the built console on a loopback port, headless Chromium
// (Playwright launches it with a fresh profile each time), logging in, and screenshots of settled pages.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp, type Liutong } from '../../server/src/app.ts';
import { prepareDatabase } from '../../server/src/setup.ts';
import { freshDatabase, testConfig } from '../../server/src/testing/index.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PASSWORD = 'browser-demo-pass';

export interface ConsoleUnderTest {
  lt: Liutong;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startConsole(): Promise<ConsoleUnderTest> {
  mkdirSync(SHOTS, { recursive: true });
  const database = await freshDatabase();
  const config = testConfig({
    demo: true,
    demoPassword: PASSWORD,
    consoleDir: path.resolve(import.meta.dirname, '../../console/dist'),
  });
  const lt = await buildApp(config, { database });
  await prepareDatabase(config, lt.identity);
  const base = await lt.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    lt,
    base,
    browser,
    async close() {
      await browser.close();
      await lt.close();
      await database.close();
    },
  };
}

/** A screenshot of the settled page: no request in flight, no modal or chart still animating. */
export async function shot(page: Page, name: string, fullPage = false) {
  await page.waitForLoadState('networkidle');
  await page
    .locator('[class*="-appear"], [class*="-leave"], [data-chart-state="drawing"]')
    .first()
    .waitFor({ state: 'detached' });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage, animations: 'disabled' });
}

/**
 * A screenshot while a request is deliberately held open (an upload the server has not answered yet), so the
 * network never goes idle: waits only for animations and charts.
 */
export async function shotInFlight(page: Page, name: string) {
  await page
    .locator('[class*="-appear"], [class*="-leave"], [data-chart-state="drawing"]')
    .first()
    .waitFor({ state: 'detached' });
  await page.screenshot({ path: path.join(SHOTS, name), animations: 'disabled' });
}

export async function logIn(page: Page, base: string, username: string) {
  await page.goto(`${base}/`);
  await page.waitForURL(/\/login$/);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('account-menu').waitFor();
}
