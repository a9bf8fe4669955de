import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KnownDevices, type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { joinAs, waitForCount, waitForRemoteVideos } from './harness/room.ts';
import { ROOT, startServer, type RunningServer } from './harness/server.ts';

const OUT = path.join(ROOT, 'test-output');
const shot = async (page: Page, name: string) => {
  await mkdir(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, `${name}.png`) as `${string}.png` });
};

/** Every visible control on the page is at least this big (touch targets). */
async function smallestTouchTarget(page: Page): Promise<number> {
  return page.$$eval('.toolbar > button, .toolbar__more.is-open button', (buttons) =>
    Math.min(
      ...buttons
        .filter((b) => (b as HTMLElement).offsetParent !== null)
        .map((b) => Math.min(b.getBoundingClientRect().width, b.getBoundingClientRect().height)),
    ),
  );
}

describe.each([
  ['iPhone 13', KnownDevices['iPhone 13']],
  ['Pixel 5', KnownDevices['Pixel 5']],
])('the mobile room on %s (touch, phone viewport)', (deviceName, device) => {
  let server: RunningServer;
  let browser: Browser;
  let host: ParticipantPage;
  let phone: ParticipantPage;
  const slug = deviceName.replace(/\s+/g, '-').toLowerCase();

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const account = await signUpHost(server);
    const meeting = await createMeeting(server, account, 'Mobile call');
    host = await openParticipant(browser, meeting.hostUrl, (c) => signInContext(c, server, account));
    await joinAs(host.page, 'Hanna Host');
    phone = await openParticipant(browser, meeting.guestUrl, { beforeLoad: (page) => page.emulate(device) });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('joins as a guest, with touch-sized controls', async () => {
    const { page } = phone;
    await page.waitForSelector('[data-action=join]');
    await shot(page, `${slug}-prejoin`);
    await page.waitForSelector('input[name=name]');
    await page.tap('input[name=name]');
    await page.type('input[name=name]', 'Mia Mobile');
    await page.tap('[data-action=join]');
    await page.waitForSelector('[data-testid=participant-count]');
    await waitForCount(host.page, 2);
    await waitForRemoteVideos(page, 1);
    expect(await smallestTouchTarget(page)).toBeGreaterThanOrEqual(44);
    await shot(page, `${slug}-room`);
  });

  it('chats and shares a file from the phone', async () => {
    const { page } = phone;
    await page.tap('[data-action=chat]');
    await page.waitForSelector('#chat-input:not([disabled])');
    // The chat takes the screen's width on a phone (in place of the videos, above the toolbar).
    const panel = await (await page.$('.room__panel'))!.boundingBox();
    expect(panel!.width).toBeGreaterThanOrEqual(device.viewport.width - 1);
    await page.tap('#chat-input');
    await page.type('#chat-input', 'Hello from my phone');
    await page.tap('[data-action=send-message]');
    await host.page.waitForFunction(
      () => document.body.innerText.includes('Hello from my phone') || document.querySelector('[data-testid=unread-count]'),
      poll,
    );
    const file = path.join(OUT, `${slug}-note.txt`);
    await mkdir(OUT, { recursive: true });
    await writeFile(file, `shared from ${slug}\n`);
    const input = (await page.$('#chat-file')) as import('puppeteer-core').ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await page.waitForFunction(
      (name) => [...document.querySelectorAll('.message--file')].some((m) => m.textContent?.includes(name)),
      poll,
      `${slug}-note.txt`,
    );
    await shot(page, `${slug}-chat`);
    await page.tap('.room__panel-close');
  });

  it('mutes the microphone and camera with a tap, and reaches settings and dial-in behind More', async () => {
    const { page } = phone;
    const phoneId = await page.$eval('[data-self]', (e) => e.getAttribute('data-participant-id'));
    await page.tap('[data-action=toggle-audio]');
    await page.tap('[data-action=toggle-video]');
    await host.page.waitForFunction(
      (id) => {
        const tile = document.querySelector(`[data-participant-id="${id}"]`);
        return tile?.getAttribute('data-audio-muted') === 'true' && tile.getAttribute('data-video-muted') === 'true';
      },
      poll,
      phoneId,
    );
    await page.tap('[data-action=more]');
    await page.waitForSelector('.toolbar__more.is-open [data-action=settings]', { visible: true });
    expect(await smallestTouchTarget(page)).toBeGreaterThanOrEqual(44);
    await shot(page, `${slug}-more`);
    await page.tap('.toolbar__more.is-open [data-action=settings]');
    await page.waitForSelector('.media-settings select[name=videoinput]');
    await shot(page, `${slug}-settings`);
  });

  it('adapts to landscape', async () => {
    const { page } = phone;
    await page.setViewport({ ...device.viewport, width: device.viewport.height, height: device.viewport.width, isLandscape: true });
    await page.tap('.room__panel-close');
    const columns = await page.$eval('.grid', (g) => getComputedStyle(g).gridTemplateColumns.split(' ').length);
    expect(columns).toBe(2);
    await shot(page, `${slug}-landscape`);
  });
});
