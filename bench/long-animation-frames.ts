import { readFileSync } from 'node:fs';
import path from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Page } from 'puppeteer-core';
import { ROOT } from '../e2e/harness/server.ts';

/**
 * Chromium's long animation frames (`long-animation-frame` entries) of a page, each with the
 * scripts that ran in it: what invoked them (an event listener, a promise's resolution, a timer)
 * and where, mapped to our sources. A promise's entry counts the microtasks that ran after it (a
 * render Preact scheduled, say). For reading what holds a main thread: `long-frames.ts`, and the
 * join bench's worst trial (join-floor.ts).
 */
export interface LongFrame {
  start: number;
  duration: number;
  /** What its long tasks took past 50 ms each (0: no task of 50 ms or more in it). */
  blocking: number;
  styleAndLayout: number;
  scripts: { start: number; duration: number; invoker: string; type: string; url: string; fn: string; pos: number; forced: number }[];
}

/** Records the page's long animation frames from its next navigation on (into `window.__frames`). */
export async function recordLongFrames(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const frames: LongFrame[] = [];
    (window as unknown as { __frames: LongFrame[] }).__frames = frames;
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
}

/**
 * Resolves once the frames drawn until `afterMs` from now are reported: a frame still being drawn
 * is reported when it ends, after the next one (a hidden page draws none: 200 ms at most then).
 */
export function framesReported(page: Page, afterMs = 0): Promise<unknown> {
  return page.evaluate(
    (after) =>
      new Promise((resolve) =>
        setTimeout(() => {
          requestAnimationFrame(() => setTimeout(resolve, 0));
          setTimeout(resolve, 200);
        }, after),
      ),
    afterMs,
  );
}

/** The frames recorded so far in the page's current document. */
export function longFramesOf(page: Page): Promise<LongFrame[]> {
  return page.evaluate(() => (window as unknown as { __frames?: LongFrame[] }).__frames ?? []);
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

/** One frame and its scripts (Chromium lists those of 5 ms or more), as lines of text. */
export function describeFrame(f: LongFrame): string[] {
  return [
    `frame at ${f.start.toFixed(0)}, ${f.duration.toFixed(0)} ms (blocking ${f.blocking.toFixed(0)}, style and layout ${f.styleAndLayout.toFixed(0)})`,
    ...f.scripts.map(
      (s) =>
        `  ${s.duration.toFixed(1).padStart(5)} ms at ${s.start.toFixed(0)}: ${s.type} ${s.invoker.slice(0, 60)} ${s.fn} ${where(s.url, s.pos)}` +
        (s.forced ? ` (forced style and layout ${s.forced.toFixed(1)} ms)` : ''),
    ),
  ];
}
