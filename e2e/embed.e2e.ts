import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signUpHost } from './harness/accounts.ts';
import { launchBrowser, poll } from './harness/browser.ts';
import { api, startServer, type RunningServer } from './harness/server.ts';

/**
 * Another origin, on its own port: one page that embeds `link` with our /embed.js. Both are on
 * `localhost`, so the browser lets the app's own service worker see the frame's navigation.
 */
async function startSite(server: RunningServer, link: string) {
  const site: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Customer portal</title>
<h1>Your appointment</h1>
<div id="room" data-meeting-room="${link}"></div>
<script>document.addEventListener('load', (e) => { if (e.target.tagName === 'IFRAME') window.frameLoaded = true; }, true);</script>
<script src="${server.url}/embed.js"></script>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const url = `http://localhost:${(site.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => site.close(() => resolve())) };
}

const roomFrame = (page: Page, server: RunningServer): Frame | undefined =>
  page.frames().find((f) => f.url().startsWith(`${server.url}/m/`));

/** Waits until the site's iframe has loaded and returns it when it shows the room (the frames' addresses say what it shows else). */
async function framedRoom(page: Page, server: RunningServer): Promise<Frame> {
  await page.waitForFunction(() => (window as unknown as { frameLoaded?: boolean }).frameLoaded === true, poll);
  const frame = roomFrame(page, server);
  expect(
    frame,
    page
      .frames()
      .map((f) => f.url())
      .join(', '),
  ).toBeDefined();
  return frame!;
}

describe('a meeting embedded in another site (/embed.js, frame-ancestors)', () => {
  let server: RunningServer;
  let browser: Browser;
  let guestUrl: string;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const host = await signUpHost(server);
    guestUrl = (await createMeeting(server, host, 'Embedded call')).guestUrl;
    const listed = await startSite(server, guestUrl);
    closers.push(listed.close);
    const set = await api(server, 'PUT', '/api/auth/embedding', { origins: [listed.url] }, { cookie: host.cookie });
    expect(set.status).toBe(200);
    sites.listed = listed.url;
    const other = await startSite(server, guestUrl);
    closers.push(other.close);
    sites.other = other.url;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const close of closers) await close();
    await server?.stop();
  });

  const sites = { listed: '', other: '' };

  it('shows the room in a site the host listed, and a guest joins with camera and microphone inside the frame', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(sites.listed);
    const frame = await framedRoom(page, server);
    expect(await page.$eval('iframe', (f) => f.getAttribute('allow'))).toMatch(/camera; microphone; display-capture/);
    await frame.waitForSelector('input[name=name]', poll);
    await frame.type('input[name=name]', 'Gus in the portal');
    await frame.click('[data-action=join]');
    await frame.waitForSelector('[data-testid=participant-count]', poll);
    // The camera started inside the frame: the page's own preview plays a live track.
    const live = await frame.waitForFunction(
      () =>
        [...document.querySelectorAll('video')].some(
          (v) => (v.srcObject as MediaStream | null)?.getVideoTracks()[0]?.readyState === 'live',
        ),
      poll,
    );
    expect(await live.jsonValue()).toBe(true);
    // The site reloaded: the room is framed again.
    await page.evaluate(() => {
      (window as unknown as { frameLoaded?: boolean }).frameLoaded = false;
    });
    await page.reload();
    const again = await framedRoom(page, server);
    await again.waitForSelector('input[name=name], [data-testid=participant-count]', poll);
    await context.close();
  }, 120_000);

  it("shows the room in a listed frame also once the app's service worker is active (it does not answer with its cached shell)", async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    // The person used the app before, at the top level: its worker is installed and active.
    await page.goto(`${server.url}/`);
    await page.waitForFunction(async () => Boolean((await navigator.serviceWorker.ready).active), poll);
    await page.goto(sites.listed);
    const frame = await framedRoom(page, server);
    // The worker saw the frame's navigation (the frame is its client) and let the network answer.
    expect(await frame.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await frame.waitForSelector('input[name=name]', poll);
    await context.close();
  }, 120_000);

  it('is refused to a site the host did not list (the frame never shows the room)', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
    });
    await page.goto(sites.other);
    await page.waitForFunction(() => (window as unknown as { frameLoaded?: boolean }).frameLoaded === true, poll);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame?.url()).toBe('chrome-error://chromewebdata/');
    expect(refusals.join('\n')).toContain(
      `Framing '${server.url}/' violates the following Content Security Policy directive: "frame-ancestors ${sites.listed}"`,
    );
    expect(await frame?.$('input[name=name]').catch(() => null)).toBeFalsy();
    await context.close();
  }, 120_000);
});
