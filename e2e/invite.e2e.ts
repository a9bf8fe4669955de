import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { waitForCount, waitForRemoteVideos, withPageState } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';
import { startSmtpSink } from './harness/smtp-sink.ts';

/** A user signs up, creates a meeting, invites a guest by email; the guest follows the emailed link. */
describe('invite a guest by email, in real Chromium', () => {
  let server: RunningServer;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let browser: Browser;
  let host: ParticipantPage;
  let guest: ParticipantPage;
  let guestLink = '';

  beforeAll(async () => {
    smtp = await startSmtpSink();
    server = await startServer({ SMTP_URL: smtp.url });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('signs up, creates a meeting and sends a personalised invitation', async () => {
    host = await openParticipant(browser, `${server.url}/signup`);
    const { page } = host;
    await page.waitForSelector('input[name=name]');
    await page.type('input[name=name]', 'Hanna Host');
    await page.type('input[name=email]', 'hanna@example.com');
    await page.type('input[name=password]', 'a long password');
    await page.click('[data-action=signup]');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Your meetings', poll);

    await page.type('.meeting-form input[name=title]', 'Mortgage advice');
    await page.click('.meeting-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('.meeting__title')?.textContent === 'Mortgage advice', poll);

    await page.click('.meeting__actions button:nth-of-type(1)'); // Invite
    await page.waitForSelector('input[name=guestName]');
    await page.type('input[name=guestName]', 'Gus Guest');
    await page.type('input[name=guestEmail]', 'gus@example.org');
    await page.click('[data-action=send-invite]');
    await page
      .waitForFunction(() => document.querySelector('.invite-list li')?.getAttribute('data-invite-state') === 'sent', poll)
      .catch(async (e) => Promise.reject(await withPageState(page, e)));

    const mail = await smtp.waitFor('gus@example.org');
    expect(mail.text).toContain('Hello Gus Guest');
    expect(mail.text).toContain('Hanna Host invites you');
    expect(mail.attachments.some((a) => a.contentType.startsWith('text/calendar'))).toBe(true);
    guestLink = /https?:\/\/\S+\/m\/\S+\?invite=\S+/.exec(mail.text ?? '')![0];
    expect(guestLink.startsWith(server.url)).toBe(true);
  });

  it('lets the guest in through the emailed link, with their name filled in, and both see each other', async () => {
    guest = await openParticipant(browser, guestLink);
    await guest.page.waitForSelector('input[name=name]');
    expect(await guest.page.$eval('.prejoin__when', (el) => el.textContent)).toContain('Hosted by Hanna Host');
    expect(await guest.page.$eval('input[name=name]', (el) => (el as HTMLInputElement).value)).toBe('Gus Guest');

    // The host enters from the overview.
    await host.page.click('[data-action=enter-call]');
    await host.page.waitForSelector('[data-action=join]');
    await host.page.click('[data-action=join]');
    await host.page.waitForSelector('[data-testid=participant-count]');

    await guest.page.click('[data-action=join]');
    // Meetings made in the overview have a waiting room: the host lets the guest in.
    await guest.page.waitForSelector('[data-testid=waiting-room]');
    await host.page.waitForSelector('[data-action=admit-first]');
    await host.page.click('[data-action=admit-first]');
    await waitForCount(host.page, 2);
    await waitForCount(guest.page, 2);
    await Promise.all([waitForRemoteVideos(host.page, 1), waitForRemoteVideos(guest.page, 1)]);
    const guestTile = await host.page.$eval('[data-participant-id]:not([data-self])', (el) => el.textContent);
    expect(guestTile).toContain('Gus Guest');

    // The host's invite panel shows the guest as joined.
    await host.page.click('[data-action=invite]');
    await host.page.waitForFunction(() => document.querySelector('.invite-list li')?.getAttribute('data-invite-state') === 'joined', poll);
  });

  it('tells a stranger without an invitation that they need one', async () => {
    const meetingPath = new URL(guestLink).pathname;
    const stranger = await openParticipant(browser, `${server.url}${meetingPath}`);
    await stranger.page.waitForFunction(() => document.body.textContent?.includes('You need an invitation'), poll);
    const forged = await openParticipant(browser, `${server.url}${meetingPath}?invite=forged-token`);
    await forged.page.waitForFunction(() => document.body.textContent?.includes('This invitation is no longer valid'), poll);
  });
});
