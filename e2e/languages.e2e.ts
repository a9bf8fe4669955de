import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../pwa/src/i18n/de.ts';
import { LOCALE_STORAGE_KEY } from '../pwa/src/i18n/create-i18n.ts';
import { nl } from '../pwa/src/i18n/nl.ts';
import { createMeeting, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll } from './harness/browser.ts';
import { joinAs, openPanel, waitForCount, withPageState } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';

/** A page whose reader picked a language on this device before (the switch remembers it). */
const speaking = (locale: 'nl' | 'de') => async (page: Page) => {
  await page.evaluateOnNewDocument((key, value) => localStorage.setItem(key, value), LOCALE_STORAGE_KEY, locale);
};

const waitText = (page: Page, text: string) =>
  page
    .waitForFunction((t) => document.body.innerText.includes(t), poll, text)
    .catch(async (e) => Promise.reject(await withPageState(page, e)));

/** A Dutch host and a German guest in one call: each page in its reader's language, the assistant's notes too. */
describe('one call in two languages, in real Chromium', () => {
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

  it("shows the host's overview and room in Dutch, the guest's in German, and words the assistant's note in Dutch for the host", async () => {
    const account = await signUpHost(server, 'Hanna Host');
    const meeting = await createMeeting(server, account, 'Hypotheekgesprek');
    const host = await openParticipant(browser, `${server.url}/`, {
      prepare: (c) => signInContext(c, server, account),
      beforeLoad: speaking('nl'),
    });
    await waitText(host.page, nl['meetings.yours']);
    expect(await host.page.evaluate(() => document.documentElement.lang)).toBe('nl');

    await host.page.goto(meeting.hostUrl);
    await host.page.waitForSelector('[data-action=join]', poll);
    expect(await host.page.$eval('[data-action=join]', (el) => el.textContent)).toBe(nl['prejoin.join']);
    await joinAs(host.page, 'Hanna Host');

    const guest = await openParticipant(browser, meeting.guestUrl, {
      beforeLoad: async (page) => {
        await speaking('de')(page);
        // Intl's first DateTimeFormat costs a renderer 40–90 ms: the pre-join page must not need one.
        await page.evaluateOnNewDocument(() => {
          const Original = Intl.DateTimeFormat;
          const made = { count: 0 };
          (window as unknown as { __dateFormats: typeof made }).__dateFormats = made;
          Intl.DateTimeFormat = new Proxy(Original, {
            construct: (target, args) => {
              made.count++;
              return Reflect.construct(target, args);
            },
            apply: (target, self, args) => {
              made.count++;
              return Reflect.apply(target, self, args);
            },
          });
        });
      },
    });
    await guest.page.waitForSelector('[data-action=join]', poll);
    await guest.page.waitForSelector('.prejoin time', poll);
    expect(await guest.page.$eval('[data-action=join]', (el) => el.textContent)).toBe(de['prejoin.join']);
    expect(await guest.page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await guest.page.evaluate(() => (window as unknown as { __dateFormats: { count: number } }).__dateFormats.count)).toBe(0);
    // ... and yet writes the meeting's time as Intl would, in German.
    const [shown, intl] = await guest.page.$eval('.prejoin time', (el) => [
      el.textContent,
      new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(el.getAttribute('datetime') ?? '')),
    ]);
    expect(shown).toBe(intl);
    await joinAs(guest.page, 'Gus Gast');
    await waitForCount(host.page, 2);
    await waitForCount(guest.page, 2);
    expect(await guest.page.$eval('[data-action=leave]', (el) => el.textContent?.trim())).toBe(de['room.leave']);

    // The assistant's note about the guest, stored as an event, in the host's language.
    await openPanel(host.page, 'chat');
    await waitText(host.page, 'Gus Gast neemt deel vanaf');
    const notes = await host.page.$$eval('.message__text', (els) => els.map((el) => el.textContent ?? ''));
    expect(notes.some((text) => /joined from/.test(text))).toBe(false);
    expect(await host.page.$eval('.message__sender', (el) => el.textContent)).toBe(nl['chat.assistant']);
  });
});
