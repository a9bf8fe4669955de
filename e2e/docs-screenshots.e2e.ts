import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { DOCS_PHONES, DOCS_VIEWPORT, saveDocsScreenshot } from './harness/docs-screenshot.ts';
import { waitForCount, waitForRemoteVideos, withPageState } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';

/** Waits for a condition on a page; on failure the error carries what the page showed and logged. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const waitOn = (page: Page, fn: (...args: any[]) => unknown, ...args: unknown[]) =>
  page.waitForFunction(fn, poll, ...args).catch(async (e) => Promise.reject(await withPageState(page, e)));

const waitStep = (page: Page, step: string, state: string) =>
  waitOn(page, (s: string, want: string) => document.querySelector(`[data-step=${s}]`)?.getAttribute('data-state') === want, step, state);

/**
 * A desktop window in a named time zone: headless Chromium runs in UTC, which the invite
 * panel's time-zone list (IANA names) does not offer, so its select would show empty.
 */
const desktop = {
  beforeLoad: async (page: Page) => {
    await page.setViewport(DOCS_VIEWPORT);
    await page.emulateTimezone('Europe/Berlin');
  },
};

/**
 * The user guide's pictures (docs/user-guide.md): the main journey at 1280×800, from signing in
 * to a call with a guest, each screen saved to docs/images/ when it shows what its caption says.
 * Dial-in is configured (a made-up number) so the invite and pre-join pages show the phone option.
 * Then the same at 390×844 and 360×640 on a touch screen: the overview, the invite panel, a guest's
 * pre-join page, the call and the chat, as `phone-<width>-<screen>.png`.
 */
describe('the user guide screenshots, in real Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let host: ParticipantPage;
  let guest: ParticipantPage;
  let guestLink = '';

  beforeAll(async () => {
    server = await startServer({ DIALIN_NUMBER: '+1 555 010 0199', TWILIO_AUTH_TOKEN: 'docs-screenshots' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the sign-in page, then a new account and its overview with a meeting', async () => {
    host = await openParticipant(browser, `${server.url}/signin`, desktop);
    const { page } = host;
    await waitOn(page, () => document.querySelector('h1')?.textContent === 'Sign in');
    await saveDocsScreenshot(page, 'sign-in');

    await page.click('a[href="/signup"]');
    await page.waitForSelector('input[name=name]');
    await page.type('input[name=name]', 'Hanna Host');
    await page.type('input[name=email]', 'hanna@example.com');
    await page.type('input[name=password]', 'a long password');
    await page.click('[data-action=signup]');
    await waitOn(page, () => document.querySelector('h1')?.textContent === 'Your meetings');

    await page.type('.meeting-form input[name=title]', 'Mortgage advice');
    await page.click('.meeting-form button[type=submit]');
    await waitOn(page, () => document.querySelector('.meeting__title')?.textContent === 'Mortgage advice');
    await saveDocsScreenshot(page, 'overview');
  });

  it('the invite panel: the guest link, dial-in and an emailed invitation', async () => {
    const { page } = host;
    await page.click('.meeting__actions button:nth-of-type(1)'); // Invite
    await page.waitForSelector('input[name=guestName]');
    await waitOn(page, () => (document.querySelector('[data-testid=guest-link]') as HTMLInputElement | null)?.value.includes('?invite='));
    await waitOn(page, () => document.querySelector('.invite-panel .dial-in')?.textContent?.includes('+1 555 010 0199'));
    await page.type('input[name=guestName]', 'Gus Guest');
    await page.type('input[name=guestEmail]', 'gus@example.org');
    await page.click('[data-action=send-invite]');
    // No SMTP_URL: the email is written to the outbox, and the invitation counts as sent.
    await waitOn(page, () => document.querySelector('.invite-list li')?.getAttribute('data-invite-state') === 'sent');
    guestLink = await page.$eval('[data-testid=guest-link]', (el) => (el as HTMLInputElement).value);
    expect(guestLink.startsWith(server.url)).toBe(true);
    await page.evaluate(() => document.querySelector('.meeting')!.scrollIntoView({ block: 'start' }));
    await saveDocsScreenshot(page, 'invite');
  });

  it("a guest's pre-join page after the media check", async () => {
    // The host is in the call first, so the waiting guest is told the host knows.
    await host.page.click('[data-action=enter-call]');
    await host.page.waitForSelector('[data-action=join]');
    await host.page.click('[data-action=join]');
    await host.page.waitForSelector('[data-testid=participant-count]');

    guest = await openParticipant(browser, guestLink, desktop);
    const { page } = guest;
    await page.waitForSelector('input[name=name]');
    await page.type('input[name=name]', 'Gus Guest');
    for (const step of ['camera', 'microphone', 'network']) await waitStep(page, step, 'passed');
    await page.click('[data-action=play-test-sound]');
    await page.click('[data-action=heard-sound]');
    await waitStep(page, 'speaker', 'passed');
    await waitOn(page, () => ((document.querySelector('.preview video') as HTMLVideoElement | null)?.readyState ?? 0) >= 2);
    await saveDocsScreenshot(page, 'prejoin');
  });

  it('the waiting room as the guest sees it, and the waiting list as the host sees it', async () => {
    await guest.page.click('[data-action=join]');
    await waitOn(guest.page, () => document.querySelector('[data-testid=waiting-status]')?.getAttribute('data-host-present') === 'true');
    for (const step of ['camera', 'microphone', 'network']) await waitStep(guest.page, step, 'passed');
    await waitOn(guest.page, () => ((document.querySelector('.preview video') as HTMLVideoElement | null)?.readyState ?? 0) >= 2);
    await saveDocsScreenshot(guest.page, 'waiting-room');

    await waitOn(host.page, () => document.querySelector('[data-testid=waiting-count]')?.textContent === '1');
    await host.page.click('[data-action=waiting]');
    await waitOn(host.page, () => document.querySelector('.waiter')?.textContent?.includes('Gus Guest') === true);
    await saveDocsScreenshot(host.page, 'waiting-list');
  });

  it('the room with host and guest, both on camera', async () => {
    await host.page.click('.waiter [data-action=admit]');
    await guest.page.waitForSelector('[data-testid=participant-count]');
    await Promise.all([waitForCount(host.page, 2), waitForCount(guest.page, 2)]);
    await Promise.all([waitForRemoteVideos(host.page, 1), waitForRemoteVideos(guest.page, 1)]);
    await host.page.click('[data-action=waiting]'); // close the panel
    await waitOn(host.page, () => !document.querySelector('.room__panel'));
    // Each tile rates its link once the stats are in; the "Gus Guest joined" toast has gone (6 s).
    await waitOn(host.page, () => document.querySelectorAll('[data-participant-id] [data-quality]').length === 2);
    await waitOn(host.page, () => [...document.querySelectorAll('.toast')].every((t) => getComputedStyle(t).visibility === 'hidden'));
    await saveDocsScreenshot(host.page, 'room');
  });

  const openChat = async (page: Page) => {
    await page.click('[data-action=chat]');
    await page.waitForSelector('#chat-input:not([disabled])');
  };
  const say = async (page: Page, text: string) => {
    await page.type('#chat-input', text);
    await page.click('[data-action=send-message]');
  };
  const shown = (page: Page, text: string) =>
    waitOn(page, (t: string) => [...document.querySelectorAll('.message__text')].some((m) => m.textContent === t), text);
  /** The media check of a pre-join page (or the waiting room) has passed and the preview plays. */
  const mediaChecked = async (page: Page) => {
    for (const step of ['camera', 'microphone', 'network']) await waitStep(page, step, 'passed');
    await waitOn(page, () => ((document.querySelector('.preview video') as HTMLVideoElement | null)?.readyState ?? 0) >= 2);
  };
  /** In the call with the other's camera playing, each tile rating its link, no toast showing. */
  const callSettled = async (page: Page) => {
    await waitForCount(page, 2);
    await waitForRemoteVideos(page, 1);
    await waitOn(page, () => document.querySelectorAll('[data-participant-id] [data-quality]').length === 2);
    await waitOn(page, () => [...document.querySelectorAll('.toast')].every((t) => getComputedStyle(t).visibility === 'hidden'));
  };

  it('the chat panel, with a message each way and the host-only assistant notes', async () => {
    const question = 'Hello! I have the offer from the bank here.';
    const answer = 'Great, please share your screen when you are ready. The checklist: https://example.com/checklist';

    await openChat(guest.page);
    await say(guest.page, question);
    await openChat(host.page);
    await shown(host.page, question);
    await say(host.page, answer);
    await shown(host.page, answer);
    await shown(guest.page, answer);
    await saveDocsScreenshot(host.page, 'chat');
  });

  describe.each(DOCS_PHONES)('on a phone, $slug', ({ slug, viewport }) => {
    const phone = async (page: Page) => {
      await page.setViewport(viewport);
      await page.emulateTimezone('Europe/Berlin');
    };

    it("the overview and the invite panel, in the host's session", async () => {
      const page = await host.context.newPage();
      await phone(page);
      await page.goto(`${server.url}/`);
      await waitOn(page, () => document.querySelector('.meeting__title')?.textContent === 'Mortgage advice');
      await saveDocsScreenshot(page, `${slug}-overview`);

      await page.click('.meeting__actions button:nth-of-type(1)'); // Invite
      await waitOn(page, () => (document.querySelector('[data-testid=guest-link]') as HTMLInputElement | null)?.value.includes('?invite='));
      await waitOn(page, () => document.querySelector('.invite-panel .dial-in')?.textContent?.includes('+1 555 010 0199'));
      await waitOn(page, () => document.querySelector('.invite-list li')?.getAttribute('data-invite-state') === 'sent');
      // From the top of the Upcoming card: the meeting, its buttons, then the panel.
      await page.evaluate(() => document.querySelector('.meeting')!.closest('.card')!.scrollIntoView({ block: 'start' }));
      await saveDocsScreenshot(page, `${slug}-invite`);
      await page.close();
    });

    it("a guest's pre-join page after the media check", async () => {
      const next = await openParticipant(browser, guestLink, { beforeLoad: phone });
      const { page } = next;
      await page.waitForSelector('input[name=name]');
      await page.type('input[name=name]', 'Gus Guest');
      await mediaChecked(page);
      await page.click('[data-action=play-test-sound]');
      await page.click('[data-action=heard-sound]');
      await waitStep(page, 'speaker', 'passed');
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveDocsScreenshot(page, `${slug}-prejoin`);

      // The guest before leaves, so the call is again between the host and one guest.
      await guest.page.click('[data-action=leave]');
      await waitForCount(host.page, 1);
      await guest.context.close();
      guest = next;
    });

    it('the call and the chat, as the guest on the phone sees them', async () => {
      await guest.page.click('[data-action=join]');
      await waitOn(host.page, () => document.querySelector('[data-testid=waiting-count]')?.textContent === '1');
      await host.page.click('[data-action=waiting]');
      await host.page.waitForSelector('.waiter [data-action=admit]');
      await host.page.click('.waiter [data-action=admit]');
      await guest.page.waitForSelector('[data-testid=participant-count]');
      await Promise.all([callSettled(guest.page), waitForCount(host.page, 2)]);
      await saveDocsScreenshot(guest.page, `${slug}-room`);

      // Each size says something of its own (the chat keeps the call's earlier messages).
      const question = slug === 'phone-390' ? 'Can you see me on my phone?' : 'Back on the small phone. Can you hear me?';
      const answer = slug === 'phone-390' ? 'Yes, clearly. Let us go through the offer together.' : 'Loud and clear.';
      await openChat(guest.page);
      await say(guest.page, question);
      await openChat(host.page);
      await shown(host.page, question);
      await say(host.page, answer);
      await shown(guest.page, answer);
      await saveDocsScreenshot(guest.page, `${slug}-chat`);
    });
  });
});
