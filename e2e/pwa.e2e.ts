import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll } from './harness/browser.ts';
import { withPageState } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';

/**
 * Has the page's navigator.onLine say true whatever the machine's network (a machine with no network
 * interface up has it false). Chromium applies the override only when it differs from "no emulation",
 * hence a throughput; it changes what the page is told, not its requests.
 */
async function believeOnline(page: Page) {
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  await cdp.send('Network.overrideNetworkState', {
    offline: false,
    latency: 0,
    downloadThroughput: 12_500_000,
    uploadThroughput: 12_500_000,
  });
}

/** The service worker of a fresh profile has installed and activated: the shell is in its cache. */
const shellCached = (page: Page) =>
  page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated', poll);

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
    // The tab's icon: none while the page loads (an empty one, so no /favicon.ico either), the app's once it is quiet.
    await page.waitForFunction(() => document.querySelector('link[rel="icon"]')?.getAttribute('href') === '/favicon.svg', poll);
    const icon = await fetch(`${server.url}/favicon.svg`);
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml; charset=utf-8']);
  });

  it('opens offline into the shell with a clear offline message', async () => {
    const account = await signUpHost(server);
    const meeting = await createMeeting(server, account, 'Offline test');
    const { page } = await openParticipant(browser, meeting.guestUrl);
    await page.waitForSelector('[data-action=join]');
    await shellCached(page);
    await page.setOfflineMode(true);
    // DevTools sets navigator.onLine apart from failing the requests: make sure it took, so what follows tests the app.
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await page.reload();
    // The service worker serves the app shell; the app says the device is offline (not the browser's error page).
    await page.waitForSelector('[data-testid=offline-banner]', poll);
    await page.waitForSelector('[data-testid=connection-problem][data-problem=offline]', poll);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('You are offline');
    expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    // Back online: the meeting opens by itself (the `online` event can come before requests go through again:
    // the page keeps trying, it does not bet on that one event).
    await page.setOfflineMode(false);
    await page.waitForSelector('[data-action=join]', poll);
  });

  it('says the server cannot be reached (not "offline") while the device is online, and opens the meeting by itself when it is back', async () => {
    // A server of its own: this test stops it and starts it again on the same port with the same data.
    const own = await startServer();
    let restarted: RunningServer | null = null;
    try {
      const account = await signUpHost(own);
      const meeting = await createMeeting(own, account, 'Server outage');
      const { page, context } = await openParticipant(browser, meeting.guestUrl, { beforeLoad: believeOnline });
      await page.waitForSelector('[data-action=join]');
      await shellCached(page);
      await own.stop();
      await page.reload();
      try {
        await page.waitForSelector('[data-testid=connection-problem][data-problem=server-unreachable]', poll);
      } catch (error) {
        throw await withPageState(page, error as Error);
      }
      const text = await page.evaluate(() => document.body.innerText);
      expect(text).toContain('The server cannot be reached');
      expect(text).not.toContain('offline');
      expect(text).not.toContain('Wi-Fi');
      expect(await page.evaluate(() => navigator.onLine)).toBe(true);
      expect(await page.$('[data-action=retry-connection]')).not.toBeNull();
      // The start page, which asks who is signed in, says so too (it used to say "Loading…" for ever).
      const home = await context.newPage();
      await believeOnline(home);
      await home.goto(`${own.url}/`);
      await home.waitForSelector('[data-testid=connection-problem][data-problem=server-unreachable]', poll);
      // The server comes back: both pages notice by themselves, nobody clicks.
      restarted = await startServer({ PORT: String(own.port), DATA_DIR: own.dataDir });
      await page.waitForSelector('[data-action=join]', poll);
      await home.waitForFunction(() => location.pathname === '/signin', poll);
      await context.close();
    } finally {
      await restarted?.stop();
      await own.stop();
    }
  });

  it('tries again at once on Try again', async () => {
    const account = await signUpHost(server);
    const meeting = await createMeeting(server, account, 'Try again');
    const infoRequests: number[] = [];
    let serverDown = true;
    // The plain page, as the service worker's copy is: a page whose HTML carried the visit's
    // answer (server/rooms/visit-in-page.ts) would make no request to fail.
    const plainPage = await (await fetch(meeting.guestUrl)).text();
    expect(plainPage).not.toContain('id="meeting-visit"');
    const { page, context } = await openParticipant(browser, meeting.guestUrl, {
      // The meeting's opening request (a first visit's, then the info's) answers with a network error
      // (no answer at all) until `serverDown` is false.
      beforeLoad: async (p) => {
        await believeOnline(p);
        await p.setRequestInterception(true);
        p.on('request', (r) => {
          if (r.isNavigationRequest()) return void r.respond({ status: 200, contentType: 'text/html', body: plainPage });
          if (/\/api\/meetings\/[^/]+\/(info|visit)$/.test(r.url())) {
            infoRequests.push(Date.now());
            if (serverDown) return void r.abort('connectionrefused');
          }
          void r.continue();
        });
      },
    });
    await page.waitForSelector('[data-testid=connection-problem][data-problem=server-unreachable]', poll);
    // Wait until the next automatic try is far off (the backoff grew to 8 s), so a try before then is the button's.
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLElement>('[data-testid=connection-problem]')?.dataset.nextRetryAt) - Date.now() > 5_000,
      poll,
    );
    const nextRetryAt = await page.$eval('[data-testid=connection-problem]', (el) => Number((el as HTMLElement).dataset.nextRetryAt));
    const tries = infoRequests.length;
    serverDown = false;
    await page.click('[data-action=retry-connection]');
    await page.waitForSelector('[data-action=join]', poll);
    expect(infoRequests.length).toBe(tries + 1);
    expect(infoRequests.at(-1)!).toBeLessThan(nextRetryAt);
    await context.close();
  });

  it('never caches the API in the service worker', async () => {
    const sw = await (await fetch(`${server.url}/sw.js`)).text();
    expect(sw).not.toMatch(/["']\/?api\//);
    expect((await fetch(`${server.url}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
  });
});
