import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInContext, signUpHost, type HostAccount } from './harness/accounts.ts';
import { launchBrowser, openParticipant } from './harness/browser.ts';
import { startServer, type RunningServer } from './harness/server.ts';

/** No address blanks the page (issue 25), and the account page's sign-ins end with Sign out everywhere. */
describe('bad addresses and sign-ins', () => {
  let server: RunningServer;
  let browser: Browser;
  let host: HostAccount;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    host = await signUpHost(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each([
    ['/m/%zz', 'Meeting not found'],
    ['/m/%E0%A4%A?invite=%zz', 'Meeting not found'],
    ['/%zz/x', 'Page not found'],
  ])('%s renders “%s”', async (address, title) => {
    const { page } = await openParticipant(browser, `${server.url}${address}`);
    await page.waitForFunction((t: string) => document.querySelector('h1')?.textContent?.includes(t), { timeout: 30_000 }, title);
    expect(await page.$eval('h1', (h) => h.textContent)).toContain(title);
  });

  it('lists this browser’s sign-in and signs out everywhere', async () => {
    const { page } = await openParticipant(browser, `${server.url}/account`, (c) => signInContext(c, server, host));
    await page.waitForSelector('[data-testid=sign-ins] li[data-current=true]', { timeout: 30_000 });
    await page.click('[data-action=sign-out-everywhere]');
    await page.waitForFunction(() => location.pathname === '/signin', { timeout: 30_000 });
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
  });
});
