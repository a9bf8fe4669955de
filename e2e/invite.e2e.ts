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

  it('lets a guest with a one-time join link (made through the API) in under its name, and refuses the link in a second browser', async () => {
    const meetingId = new URL(guestLink).pathname.split('/').pop()!;
    // The host makes a key on their own session, as the account page does, and a company's system uses it.
    const key = await host.page.evaluate(async () => {
      const res = await fetch('/api/auth/api-keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'booking page', scopes: ['invites:write'] }),
      });
      return (await res.json()).key as string;
    });
    const made = await fetch(`${server.url}/api/v1/meetings/${meetingId}/join-links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ guestName: 'Ada Lovelace' }),
    });
    expect(made.status).toBe(201);
    const { url } = (await made.json()) as { url: string };

    const ada = await openParticipant(browser, url);
    await ada.page.waitForSelector('[data-testid=fixed-name]');
    expect(await ada.page.$eval('[data-testid=fixed-name]', (el) => el.textContent)).toBe('You join as Ada Lovelace');
    expect(await ada.page.$('input[name=name]')).toBeNull();
    await ada.page.waitForFunction(() => !(document.querySelector('[data-action=join]') as HTMLButtonElement | null)?.disabled, poll);
    await ada.page.click('[data-action=join]');
    await host.page.waitForSelector('[data-action=admit-first]');
    await host.page.click('[data-action=admit-first]');
    await waitForCount(ada.page, 3);
    await host.page.waitForFunction(
      () => [...document.querySelectorAll('[data-participant-id]')].some((el) => el.textContent?.includes('Ada Lovelace')),
      poll,
    );

    const second = await openParticipant(browser, url);
    await second.page
      .waitForFunction(() => document.body.textContent?.includes('This join link was already used in another browser'), poll)
      .catch(async (e) => Promise.reject(await withPageState(second.page, e)));
    await second.context.close();
  });

  it('tells a stranger without an invitation that they need one', async () => {
    const meetingPath = new URL(guestLink).pathname;
    const stranger = await openParticipant(browser, `${server.url}${meetingPath}`);
    await stranger.page.waitForFunction(() => document.body.textContent?.includes('You need an invitation'), poll);
    const forged = await openParticipant(browser, `${server.url}${meetingPath}?invite=forged-token`);
    await forged.page.waitForFunction(() => document.body.textContent?.includes('This invitation is no longer valid'), poll);
  });
});
