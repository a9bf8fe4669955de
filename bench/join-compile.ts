import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchBrowser } from '../e2e/harness/browser.ts';
import { ROOT, startServer } from '../e2e/harness/server.ts';
import { stopJoinTrace, type TraceEvent } from './chromium-trace.ts';
import { loadAverage, median } from './table.ts';
import { hostedMeeting, zeroThinkGuest } from './zero-think-guest.ts';

/**
 * `node bench/join-compile.ts [trials] [pwa-dir]`: the guest's main thread between the click and the
 * first remote frame, from a Chromium trace and a CPU profile of each zero-think join (one warm-up
 * dropped): its longest task, the V8 lazy compilation (`V8.CompileCode`: a function compiled on its
 * first call) in the window, and in the longest task the functions the profile sampled most, mapped
 * to our sources. `pwa-dir`: another build's `dist/pwa`, to compare. Not a benchmark row: a tool for
 * reading the join (docs/benchmarks.md, "A twenty-seventh session"). Tracing slows the page: read
 * the figures against another build's, not as the join's times.
 */
const trials = Number(process.argv[2] ?? 5);
const pwaDir = process.argv[3] ?? path.join(ROOT, 'dist/pwa');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const maps = new Map<string, SourceMap | null>();
/** A profile frame as `source:line name` through the build's source maps (the built file's name where there is none). */
function sourceOf({ functionName, url, lineNumber, columnNumber }: ProfileNode['callFrame']): string {
  const file = url.split('/assets/')[1];
  if (!file) return functionName || '(native)';
  if (!maps.has(file)) {
    const mapFile = path.join(pwaDir, 'assets', `${file}.map`);
    maps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null);
  }
  const entry = maps.get(file)?.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
  if (!entry?.originalSource) return `${file}:${lineNumber}`;
  return `${entry.originalSource.replace(/^(\.\.\/)+/, '')}:${(entry.originalLine ?? 0) + 1} ${entry.name ?? functionName}`;
}

/** The most sampled own functions (self time) between two trace times (µs). */
function topFunctions(profile: Profile, from: number, to: number, count: number): string[] {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const tally = new Map<string, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t >= to) return;
    const key = sourceOf(nodes.get(id)!.callFrame);
    tally.set(key, (tally.get(key) ?? 0) + 1);
  });
  return [...tally]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, n]) => `${n} ${name}`);
}

async function startRecording(page: Page) {
  await page.tracing.start({
    categories: ['toplevel', 'v8', 'disabled-by-default-v8.compile', 'blink.user_timing', 'disabled-by-default-devtools.timeline'],
  });
  const cdp = await page.createCDPSession();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return cdp;
}

const server = await startServer({ PWA_DIR: pwaDir });
const browser = await launchBrowser();
const longest: number[] = [];
const compiled: number[] = [];
try {
  const { meeting } = await hostedMeeting(server, browser, 'Join compile');
  for (let trial = 0; trial <= trials; trial++) {
    const guest = await zeroThinkGuest(browser, meeting.guestUrl);
    const cdp = await startRecording(guest.page);
    await guest.pressed();
    const { events, click, frame, zero, main } = await stopJoinTrace(guest.page);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    await guest.leave();
    if (trial === 0) continue;
    const inWindow = events.filter(
      (e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && e.ts > zero + click * 1000 && e.ts < zero + frame * 1000,
    );
    const tasks = inWindow.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
    const worst = tasks.reduce<TraceEvent | null>((a, e) => (!a || (e.dur ?? 0) > (a.dur ?? 0) ? e : a), null);
    const compileMs = inWindow.filter((e) => e.name === 'V8.CompileCode').reduce((sum, e) => sum + (e.dur ?? 0) / 1000, 0);
    const worstMs = (worst?.dur ?? 0) / 1000;
    longest.push(worstMs);
    compiled.push(compileMs);
    console.log(
      `trial ${trial}: click → frame ${(frame - click).toFixed(0)} ms; longest task ${worstMs.toFixed(1)} ms at ${worst ? ((worst.ts - zero) / 1000).toFixed(0) : '-'}; lazy compilation in the window ${compileMs.toFixed(1)} ms`,
    );
    if (worst) for (const line of topFunctions(profile, worst.ts, worst.ts + (worst.dur ?? 0), 6)) console.log(`    ${line}`);
  }
  console.log(
    `median of ${trials}: longest task ${median(longest).toFixed(1)} ms (worst ${Math.max(...longest).toFixed(1)}), lazy compilation ${median(compiled).toFixed(1)} ms; load ${loadAverage()}`,
  );
} finally {
  await browser.close();
  await server.stop();
}
