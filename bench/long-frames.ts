import { readFileSync } from 'node:fs';
import path from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Page } from 'puppeteer-core';
import { launchBrowser } from '../e2e/harness/browser.ts';
import { ROOT, startServer } from '../e2e/harness/server.ts';
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

interface Frame {
  start: number;
  duration: number;
  blocking: number;
  styleAndLayout: number;
  scripts: { start: number; duration: number; invoker: string; type: string; url: string; fn: string; pos: number; forced: number }[];
}

const sources = new Map<string, { map: TraceMap; text: string } | null>();
/** `file:line` in our sources for a position in a built chunk. */
function where(url: string, charPosition: number): string {
  if (!url.includes('/assets/') || charPosition < 0) return url.replace(/.*\//, '');
  if (!sources.has(url)) {
    try {
      const file = path.join(ROOT, 'dist/pwa', new URL(url).pathname);
      sources.set(url, { map: new TraceMap(readFileSync(`${file}.map`, 'utf8')), text: readFileSync(file, 'utf8') });
    } catch {
      sources.set(url, null);
    }
  }
  const chunk = sources.get(url);
  if (!chunk) return url.replace(/.*\//, '');
  const before = chunk.text.slice(0, charPosition);
  const o = originalPositionFor(chunk.map, { line: before.split('\n').length, column: charPosition - before.lastIndexOf('\n') - 1 });
  return `${o.source?.replace(/.*node_modules\//, '').replace(/.*pwa\/src\//, '') ?? '?'}:${o.line}`;
}

async function framesOf(page: Page): Promise<{ from: number; frame: number; frames: Frame[] }> {
  return page.evaluate(() => ({
    from: performance.getEntriesByName('join:click')[0]?.startTime ?? 0,
    frame: performance.getEntriesByName('call:first-remote-frame')[0]?.startTime ?? 0,
    frames: (window as unknown as { __frames: Frame[] }).__frames,
  }));
}

function print(label: string, { from, frame, frames }: { from: number; frame: number; frames: Frame[] }) {
  console.log(`== ${label}: from ${from.toFixed(0)} ms to the first remote frame at ${frame.toFixed(0)} ms`);
  for (const f of frames.filter((x) => x.duration >= minMs && x.start + x.duration > from && x.start < frame + 100)) {
    console.log(
      `  frame at ${f.start.toFixed(0)}, ${f.duration.toFixed(0)} ms (blocking ${f.blocking.toFixed(0)}, style and layout ${f.styleAndLayout.toFixed(0)})`,
    );
    for (const s of f.scripts)
      console.log(
        `    ${s.duration.toFixed(1).padStart(5)} ms at ${s.start.toFixed(0)}: ${s.type} ${s.invoker.slice(0, 60)} ${s.fn} ${where(s.url, s.pos)}` +
          (s.forced ? ` (forced style and layout ${s.forced.toFixed(1)} ms)` : ''),
      );
  }
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const { meeting } = await hostedMeeting(server, browser, 'Long frames');
  for (let trial = 0; trial <= trials; trial++) {
    const p = await zeroThinkGuest(browser, meeting.guestUrl, async (page) => {
      await page.evaluateOnNewDocument(() => {
        const frames: Frame[] = [];
        (window as unknown as { __frames: Frame[] }).__frames = frames;
        type Script = {
          startTime: number;
          duration: number;
          invoker: string;
          invokerType: string;
          sourceURL: string;
          sourceFunctionName: string;
          sourceCharPosition: number;
          forcedStyleAndLayoutDuration: number;
        };
        type Entry = PerformanceEntry & { blockingDuration: number; styleAndLayoutStart: number; scripts: Script[] };
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as Entry[])
            frames.push({
              start: e.startTime,
              duration: e.duration,
              blocking: e.blockingDuration,
              styleAndLayout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
              scripts: e.scripts.map((s) => ({
                start: s.startTime,
                duration: s.duration,
                invoker: s.invoker,
                type: s.invokerType,
                url: s.sourceURL,
                fn: s.sourceFunctionName,
                pos: s.sourceCharPosition,
                forced: s.forcedStyleAndLayoutDuration,
              })),
            });
        }).observe({ type: 'long-animation-frame', buffered: true });
      });
    });
    const firstFrame = () =>
      p.page.waitForFunction(() => performance.getEntriesByName('call:first-remote-frame').length > 0, { polling: 20 });
    // Frames still running at the first frame's mark are reported when they end.
    const settle = () => p.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    await p.pressed();
    await firstFrame();
    await settle();
    if (trial > 0) print(`join ${trial}`, await framesOf(p.page));
    await p.page.reload();
    await firstFrame();
    await settle();
    if (trial > 0) print(`reload ${trial}`, await framesOf(p.page));
    await p.page.click('[data-action=leave]').catch(() => undefined);
    await p.context.close();
  }
} finally {
  await browser.close();
  await server.stop();
  process.exit(0);
}
