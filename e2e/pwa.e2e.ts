import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll } from './harness/browser.ts';
import { startServer, type RunningServer } from './harness/server.ts';

describe('installable PWA with an offline shell', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves a complete manifest and is installable', async () => {
    const res = await fetch(`${server.url}/manifest.webmanifest`);
    const manifest = await res.json();
    expect(manifest).toMatchObject({
      name: 'Meeting room',
      short_name: 'Meetings',
      display: 'standalone',
      start_url: '/',
      scope: '/',
      theme_color: '#1a1f2b',
    });
    expect(manifest.icons.some((i: { purpose: string; sizes: string }) => i.purpose === 'maskable' && i.sizes === '512x512')).toBe(true);
    for (const icon of manifest.icons) expect((await fetch(`${server.url}${icon.src}`)).status).toBe(200);

    // The default (non-incognito) profile: Chromium never offers installation in incognito.
    const page = await browser.newPage();
    await page.goto(`${server.url}/signin`);
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated', poll);
    const cdp = await page.createCDPSession();
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installabilityErrors).toEqual([]);
  });

  it('opens offline into the shell with a clear offline message', async () => {
    const account = await signUpHost(server);
    const meeting = await createMeeting(server, account, 'Offline test');
    const { page } = await openParticipant(browser, meeting.guestUrl);
    await page.waitForSelector('[data-action=join]');
    await page.waitForFunction(async () => {
      await navigator.serviceWorker.ready;
      return true;
    }, poll);
    await page.setOfflineMode(true);
    await page.reload();
    // The service worker serves the app shell; the app says the device is offline (not the browser's error page).
    await page.waitForSelector('[data-testid=offline-banner]', poll);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('You are offline');
    expect(await page.$('#app')).not.toBeNull();
    // Back online: the meeting opens by itself.
    await page.setOfflineMode(false);
    await page.waitForSelector('[data-action=join]', poll);
  });

  it('never caches the API in the service worker', async () => {
    const sw = await (await fetch(`${server.url}/sw.js`)).text();
    expect(sw).not.toMatch(/["']\/?api\//);
    expect((await fetch(`${server.url}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
  });
});
