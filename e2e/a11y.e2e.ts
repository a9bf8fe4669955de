import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signInContext, signUpHost, type HostAccount } from './harness/accounts.ts';
import { seriousViolations } from './harness/axe.ts';
import { launchBrowser, openParticipant, poll } from './harness/browser.ts';
import { joinAs, waitForCount } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';

/** axe-core finds no serious or critical violation on the main pages. */
describe('accessibility (axe-core)', () => {
  let server: RunningServer;
  let browser: Browser;
  let host: HostAccount;
  let meeting: Awaited<ReturnType<typeof createMeeting>>;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    host = await signUpHost(server);
    meeting = await createMeeting(server, host, 'Accessible meeting');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sign-in page', async () => {
    const { page } = await openParticipant(browser, `${server.url}/signin`);
    await page.waitForSelector('[data-action=signin]');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('meetings overview, with the invite panel open', async () => {
    const { page } = await openParticipant(browser, `${server.url}/`, (c) => signInContext(c, server, host));
    await page.waitForSelector('.meeting__title');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('.meeting__actions button'); // Invite
    await page.waitForSelector('[data-testid=guest-link]');
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid=guest-link]') as HTMLInputElement).value.includes('Loading'),
      poll,
    );
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('pre-join page, with the media check done', async () => {
    const { page } = await openParticipant(browser, meeting.guestUrl);
    await page.waitForFunction(() => document.querySelector('[data-step=network]')?.getAttribute('data-state') === 'passed', poll);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('room, with the chat and settings panels', async () => {
    const hostPage = await openParticipant(browser, meeting.hostUrl, (c) => signInContext(c, server, host));
    await joinAs(hostPage.page, 'Hanna Host');
    const { page } = await openParticipant(browser, meeting.guestUrl);
    await joinAs(page, 'Gus Guest');
    await waitForCount(page, 2);
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('[data-action=chat]');
    await page.waitForSelector('#chat-input:not([disabled])');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('[data-action=settings]');
    await page.waitForSelector('.media-settings');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
