import type { Page } from 'puppeteer-core';
import { launchBrowser } from '../e2e/harness/browser.ts';
import { startServer } from '../e2e/harness/server.ts';
import { describeFrame, framesReported, type LongFrame, longFramesOf, recordLongFrames } from './long-animation-frames.ts';
import { hostedMeeting, zeroThinkGuest } from './zero-think-guest.ts';

/**
 * `node bench/long-frames.ts [trials] [min-ms]`: what holds a zero-think guest's main thread while
 * it joins and reloads — Chromium's long animation frames (`long-animation-frame` entries, of
 * `min-ms` or more, 40 by default) from the click (a reload: from navigation) to 100 ms after the
 * first remote frame, each with the scripts that ran in it: what invoked them (an event listener, a
 * promise's resolution, a timer) and where, mapped to our sources. A promise's entry counts the
 * microtasks that ran after it (a render Preact scheduled, say). Not a benchmark row: a tool for
 * reading the join (docs/benchmarks.md, "A thirteenth session").
 */
const trials = Number(process.argv[2] ?? 4);
const minMs = Number(process.argv[3] ?? 40);

async function framesOf(page: Page): Promise<{ from: number; frame: number; frames: LongFrame[] }> {
  const marks = await page.evaluate(() => ({
    from: performance.getEntriesByName('join:click')[0]?.startTime ?? 0,
    frame: performance.getEntriesByName('call:first-remote-frame')[0]?.startTime ?? 0,
  }));
  return { ...marks, frames: await longFramesOf(page) };
}

function print(label: string, { from, frame, frames }: { from: number; frame: number; frames: LongFrame[] }) {
  console.log(`== ${label}: from ${from.toFixed(0)} ms to the first remote frame at ${frame.toFixed(0)} ms`);
  for (const f of frames.filter((x) => x.duration >= minMs && x.start + x.duration > from && x.start < frame + 100))
    for (const line of describeFrame(f)) console.log(`  ${line}`);
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const { meeting } = await hostedMeeting(server, browser, 'Long frames');
  for (let trial = 0; trial <= trials; trial++) {
    const p = await zeroThinkGuest(browser, meeting.guestUrl, recordLongFrames);
    const firstFrame = () =>
      p.page.waitForFunction(() => performance.getEntriesByName('call:first-remote-frame').length > 0, { polling: 20 });
    // Up to 100 ms after the first frame, as `print` reads them.
    const settle = () => framesReported(p.page, 100);
    await p.pressed();
    await firstFrame();
    await settle();
    if (trial > 0) print(`join ${trial}`, await framesOf(p.page));
    await p.page.reload();
    await firstFrame();
    await settle();
    if (trial > 0) print(`reload ${trial}`, await framesOf(p.page));
    await p.leave();
  }
} finally {
  await browser.close();
  await server.stop();
  process.exit(0);
}
