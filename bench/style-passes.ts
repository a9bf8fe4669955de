import { launchBrowser } from '../e2e/harness/browser.ts';
import { startServer } from '../e2e/harness/server.ts';
import { eventsInside, stopJoinTrace } from './chromium-trace.ts';
import { loadAverage } from './table.ts';
import { hostedMeeting, zeroThinkGuest } from './zero-think-guest.ts';

/**
 * `node bench/style-passes.ts [trials] [pwa-dir]`: the browser's own drawing work in a zero-think
 * guest's join, from the click to the first remote frame, from a Chromium trace of each trial (one
 * warm-up dropped): its four longest style, layout, paint and commit passes with what ran inside
 * them (a stylesheet parsed, fonts looked up), and how many trials parsed a stylesheet in that
 * window (a page's first <video> or <select> brings a UA stylesheet of its own:
 * ui/warm-up-element-styles.ts). `pwa-dir`: another build's `dist/pwa` (a `git worktree`), to
 * compare. Not a benchmark row: a tool for reading the join (docs/benchmarks.md, "A twenty-sixth
 * session"). Tracing slows the page: read the passes against each other, not as the join's times.
 */
const trials = Number(process.argv[2] ?? 8);
const pwaDir = process.argv[3];
const PASSES = new Set(['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'Commit']);
const server = await startServer(pwaDir ? { PWA_DIR: pwaDir } : {});
const browser = await launchBrowser();
let parsed = 0;
try {
  const { meeting } = await hostedMeeting(server, browser, 'Style passes');
  for (let trial = 0; trial <= trials; trial++) {
    const p = await zeroThinkGuest(browser, meeting.guestUrl, (page) =>
      page.tracing.start({
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'fonts', 'blink.user_timing'],
      }),
    );
    await p.pressed();
    const { events, click, frame, zero, main } = await stopJoinTrace(p.page);
    await p.leave();
    if (trial === 0) continue;
    const passes = events
      .filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && PASSES.has(e.name))
      .map((e) => ({ event: e, at: (e.ts - zero) / 1000, ms: (e.dur ?? 0) / 1000 }))
      .filter((pass) => pass.at > click && pass.at < frame);
    const parsing = passes.some((pass) => eventsInside(events, pass.event, 0).some((e) => e.name === 'CSSParserImpl::parseStyleSheet'));
    if (parsing) parsed++;
    console.log(
      `trial ${trial}: click at ${click.toFixed(0)} ms, first frame at ${frame.toFixed(0)} ms${parsing ? ', a stylesheet parsed' : ''}`,
    );
    for (const pass of passes.sort((a, b) => b.ms - a.ms).slice(0, 4)) {
      const inside = eventsInside(events, pass.event, 0.5)
        .slice(0, 5)
        .map((e) => `${e.name} ${((e.dur ?? 0) / 1000).toFixed(1)}`);
      console.log(
        `  ${pass.event.name} ${pass.ms.toFixed(1)} ms at ${pass.at.toFixed(0)}${inside.length ? ` | ${inside.join(' | ')}` : ''}`,
      );
    }
  }
  console.log(`a stylesheet parsed between the click and the first frame in ${parsed} of ${trials} trials; load ${loadAverage()}`);
} finally {
  await browser.close();
  await server.stop();
}
process.exit(0);
