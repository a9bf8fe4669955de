import type { Page } from 'puppeteer-core';
import { createMeeting, signInContext, signUpHost } from '../e2e/harness/accounts.ts';
import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';
import { joinAs } from '../e2e/harness/room.ts';
import { startServer } from '../e2e/harness/server.ts';
import { traceEvents } from './chromium-trace.ts';
import { installJoinProbe } from './probes.ts';

/**
 * `node bench/unload-cost.ts`: how long the task that unloads a guest's page takes on a reload (the
 * new page waits for it): on the pre-join page, in a call, in a call with its tracks stopped and its
 * videos emptied beforehand, and for a page without a call. From a Chromium trace: the task holding
 * the `pagehide` dispatch. Not a benchmark row: a tool for reading the reload path.
 */
async function unloadTask(page: Page, before?: () => void): Promise<string> {
  if (before) await page.evaluate(before);
  await page.tracing.start({ categories: ['toplevel', 'devtools.timeline'] });
  await page.reload();
  await page.waitForFunction(() => document.readyState === 'complete', { polling: 20 });
  const events = traceEvents(await page.tracing.stop());
  const hide = events.find((e) => e.name === 'EventDispatch' && (e.args?.data as { type?: string } | undefined)?.type === 'pagehide');
  if (!hide) return 'no pagehide in the trace';
  const task = events
    .filter((e) => /RunTask/.test(e.name) && e.ph === 'X' && e.pid === hide.pid && e.tid === hide.tid)
    .filter((e) => e.ts <= hide.ts && e.ts + (e.dur ?? 0) >= hide.ts + (hide.dur ?? 0))
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))[0];
  return task ? `${((task.dur ?? 0) / 1000).toFixed(1)} ms` : 'no task around pagehide';
}
const inCall = (page: Page) =>
  page.waitForFunction(() => performance.getEntriesByName('call:first-remote-frame').length > 0, { polling: 20, timeout: 30_000 });

const server = await startServer();
const browser = await launchBrowser();
try {
  const account = await signUpHost(server, 'Hanna Host');
  const meeting = await createMeeting(server, account, 'Unload');
  const host = await openParticipant(browser, meeting.hostUrl, (c) => signInContext(c, server, account));
  await joinAs(host.page, 'Hanna Host');
  const guest = await openParticipant(browser, meeting.guestUrl, {
    beforeLoad: async (page) => {
      await installJoinProbe(page);
      await page.evaluateOnNewDocument(() => localStorage.setItem('display-name', 'Gus Guest'));
    },
  });
  await guest.page.waitForSelector('[data-action=join]:not([disabled])');
  console.log('pre-join page:', await unloadTask(guest.page));
  await (await guest.page.waitForSelector('[data-action=join]:not([disabled])'))!.click();
  await inCall(guest.page);
  for (let i = 0; i < 3; i++) {
    console.log('in a call:', await unloadTask(guest.page));
    await inCall(guest.page);
  }
  for (let i = 0; i < 3; i++) {
    console.log(
      'in a call, tracks stopped and videos emptied first:',
      await unloadTask(guest.page, () => {
        for (const video of document.querySelectorAll('video')) {
          for (const track of (video.srcObject as MediaStream | null)?.getTracks() ?? []) track.stop();
          video.srcObject = null;
        }
      }),
    );
    await inCall(guest.page);
  }
  const plain = await openParticipant(browser, `${server.url}/no-such-page`);
  console.log('a page without a call:', await unloadTask(plain.page));
} finally {
  await browser.close();
  await server.stop();
  process.exit(0);
}
