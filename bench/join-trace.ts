import { launchBrowser } from '../e2e/harness/browser.ts';
import { startServer } from '../e2e/harness/server.ts';
import { eventsInside, stopJoinTrace } from './chromium-trace.ts';
import { installCallSteps } from './probes.ts';
import { hostedMeeting, zeroThinkGuest } from './zero-think-guest.ts';

/**
 * `node bench/join-trace.ts`: what a zero-think guest's main thread does from navigation to the
 * first remote frame — every main-thread task of 2 ms or more with what ran in it, in ms from
 * navigation start, from a Chromium trace. Not a benchmark row: a tool for reading the join path.
 */
const server = await startServer();
const browser = await launchBrowser();
try {
  const { meeting } = await hostedMeeting(server, browser, 'Trace');
  for (let trial = 0; trial < 2; trial++) {
    const p = await zeroThinkGuest(browser, meeting.guestUrl, async (page) => {
      // The call's steps as marks (its sockets' messages, its peer connection's), beside the tasks.
      await installCallSteps(page);
      if (trial === 1)
        await page.tracing.start({
          categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute'],
        });
    });
    await p.pressed();
    if (trial === 0) {
      await p.page.waitForFunction(() => performance.getEntriesByName('call:first-remote-frame').length > 0, { polling: 20 });
      await p.leave();
      continue;
    }
    const { events, marks, zero, main } = await stopJoinTrace(p.page);
    const tasks = events.filter(
      (e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && (e.dur ?? 0) >= 2000,
    );
    const rows: string[] = [];
    for (const task of tasks) {
      const start = (task.ts - zero) / 1000;
      if (start < 0) continue;
      const inside = eventsInside(events, task, 1)
        .slice(0, 4)
        .map((e) => {
          const d = e.args?.data ?? {};
          const what = String(d.url ?? d.functionName ?? d.type ?? '')
            .replace(server.url, '')
            .slice(0, 50);
          return `${e.name}${what ? `(${what})` : ''} ${((e.dur ?? 0) / 1000).toFixed(1)}`;
        });
      rows.push(`${start.toFixed(0).padStart(6)} +${((task.dur ?? 0) / 1000).toFixed(1).padStart(5)}  ${inside.join(' | ')}`);
    }
    for (const [name, at] of marks) rows.push(`${at.toFixed(0).padStart(6)}   mark ${name}`);
    rows.sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b));
    console.log(rows.join('\n'));
    await p.context.close();
  }
} finally {
  await browser.close();
  await server.stop();
  process.exit(0);
}
