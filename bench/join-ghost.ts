import type { Page } from 'puppeteer-core';
import { launchBrowser } from '../e2e/harness/browser.ts';
import { startServer } from '../e2e/harness/server.ts';
import { median } from './table.ts';
import { hostedMeeting, zeroThinkGuest } from './zero-think-guest.ts';

/**
 * `node bench/join-ghost.ts [pairs]`: a zero-think guest's click → first remote frame when the guest
 * before it left the meeting (clean) against when its tab simply closed (a ghost: on the roster for
 * the server's grace, its page never answering a call), alternating, with the time the room was
 * drawn. Not a benchmark row: a tool for reading the join (docs/benchmarks.md, "A thirtieth
 * session"). Between pairs it waits out the unload grace, so that each ghost is the only one.
 */
const pairs = Number(process.argv[2] ?? 6);
/** The server's hold on a page that went away (its `UNLOAD_GRACE_MS`), set here so the wait below matches it. */
const UNLOAD_GRACE_MS = 3_000;

/** Marks when the room is first in the page (`room-el`), beside the probe's click and first frame. */
async function markRoom(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const watch = new MutationObserver(() => {
      if (!document.querySelector('.room')) return;
      performance.mark('room-el');
      watch.disconnect();
    });
    watch.observe(document, { subtree: true, childList: true });
  });
}

const server = await startServer({ UNLOAD_GRACE_MS: String(UNLOAD_GRACE_MS), RECONNECT_GRACE_MS: String(UNLOAD_GRACE_MS) });
const browser = await launchBrowser();
const results: Record<'clean' | 'ghost', number[]> = { clean: [], ghost: [] };
const firstFrame = (page: Page) =>
  page.waitForFunction(() => performance.getEntriesByName('call:first-remote-frame').length > 0, { polling: 20, timeout: 30_000 });
try {
  const { meeting } = await hostedMeeting(server, browser, 'Ghost');
  for (let i = 0; i < pairs * 2; i++) {
    const kind = i % 2 === 1 ? 'ghost' : 'clean';
    const before = await zeroThinkGuest(browser, meeting.guestUrl);
    await before.pressed();
    await firstFrame(before.page);
    if (kind === 'ghost') await before.context.close();
    else await before.leave();
    const guest = await zeroThinkGuest(browser, meeting.guestUrl, markRoom);
    await guest.pressed();
    await firstFrame(guest.page);
    const m = await guest.page.evaluate(() => {
      const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN;
      // The ghost is still on the roster: three tiles, not two.
      const tiles = document.querySelectorAll('[data-participant-id]').length;
      return { click: at('join:click'), room: at('room-el'), frame: at('call:first-remote-frame'), tiles };
    });
    console.log(
      `${kind}: click ${m.click.toFixed(0)}, room drawn ${m.room.toFixed(0)}, first frame ${m.frame.toFixed(0)} ms, ${m.tiles} tiles`,
    );
    results[kind].push(m.frame - m.click);
    await guest.leave();
    if (kind === 'ghost') await new Promise((resolve) => setTimeout(resolve, UNLOAD_GRACE_MS + 1_000));
  }
  console.log(`click → first frame, medians: clean ${median(results.clean).toFixed(0)} ms, ghost ${median(results.ghost).toFixed(0)} ms`);
} finally {
  await browser.close();
  await server.stop();
  process.exit(0);
}
