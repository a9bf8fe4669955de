import type { Browser, Page } from 'puppeteer-core';
import { createMeeting, signInContext, signUpHost } from '../e2e/harness/accounts.ts';
import { openParticipant } from '../e2e/harness/browser.ts';
import { joinAs } from '../e2e/harness/room.ts';
import type { RunningServer } from '../e2e/harness/server.ts';
import { installJoinProbe, pressWhenEnabled } from './probes.ts';

/**
 * A meeting with its host (Hanna) in the call, for the bench tools' guests to join. `beforeLoad`
 * runs on the host's page before it loads (a tool's probe).
 */
export async function hostedMeeting(server: RunningServer, browser: Browser, title: string, beforeLoad?: (page: Page) => Promise<void>) {
  const account = await signUpHost(server, 'Hanna Host');
  const meeting = await createMeeting(server, account, title);
  const host = await openParticipant(browser, meeting.hostUrl, { prepare: (c) => signInContext(c, server, account), beforeLoad });
  await joinAs(host.page, 'Hanna Host');
  return { account, meeting, host };
}

/**
 * A guest who opens the link (their name remembered from before) and presses Join the moment it can
 * (probes.ts: the join's marks and the press). `more` runs before the page loads too (a tool's own
 * probe, a trace started). `pressed()` resolves once Join was pressed; `leave()` leaves and closes it.
 */
export async function zeroThinkGuest(browser: Browser, guestUrl: string, more?: (page: Page) => Promise<void>) {
  let pressed: (() => Promise<void>) | undefined;
  const guest = await openParticipant(browser, guestUrl, {
    beforeLoad: async (page) => {
      await installJoinProbe(page);
      pressed = await pressWhenEnabled(page, '[data-action=join]');
      await page.evaluateOnNewDocument(() => localStorage.setItem('display-name', 'Gus Guest'));
      await more?.(page);
    },
  });
  return {
    ...guest,
    pressed: pressed!,
    /** Leaves the meeting, then closes the page's browser context: a guest still on the roster would be called by the next one. */
    async leave() {
      await leaveTheCall(guest.page);
      await guest.context.close();
    },
  };
}

/**
 * Leaves the call with its Leave button and waits until the page has left. The room's controls are
 * a chunk loaded after the first picture: a click made at once found no button now and then, and
 * the guest, its tab closed, stayed on the roster for the server's unload grace (6 s), a page the
 * next trial's guest called beside the host.
 */
export async function leaveTheCall(page: Page): Promise<void> {
  const button = await page.waitForSelector('[data-action=leave]', { timeout: 10_000 });
  await button!.click();
  await page.waitForFunction(() => !document.querySelector('[data-action=leave]'), { timeout: 10_000, polling: 50 });
}
