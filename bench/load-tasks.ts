import { createMeeting, signInContext, signUpHost } from '../e2e/harness/accounts.ts';
import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';
import { startServer } from '../e2e/harness/server.ts';
import { eventsInside, traceEvents } from './chromium-trace.ts';
import { median } from './table.ts';

/**
 * `node bench/load-tasks.ts [pre-join|overview] [loads]`: the main-thread tasks of a fresh load of the
 * guest's pre-join page or the host's overview, from a Chromium trace (every task of 5 ms or more in
 * the first 3 s, with what ran in it, in ms from navigation start), and a blocking-time proxy: the sum
 * of max(0, 4 × task − 50 ms) over the tasks after the first contentful paint, as Lighthouse's mobile
 * run counts a task four times as long. Not a benchmark row (Lighthouse's own scores are): a tool for
 * reading what a page's load holds the main thread with, steadier than Lighthouse's runs.
 */
const which = process.argv[2] === 'overview' ? 'overview' : 'pre-join';
const loads = Number(process.argv[3] ?? 6);
const server = await startServer();
const browser = await launchBrowser();
try {
  const account = await signUpHost(server, 'Hanna Host');
  const meeting = await createMeeting(server, account, 'Load');
  const proxies: number[] = [];
  const longest: number[] = [];
  // One load more than asked: the first is the fresh browser's and is dropped.
  for (let load = 0; load <= loads; load++) {
    const p = await openParticipant(browser, 'about:blank', {
      prepare: which === 'overview' ? (c) => signInContext(c, server, account) : undefined,
    });
    await p.page.tracing.start({
      categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'loading', 'blink.user_timing'],
    });
    await p.page.goto(which === 'overview' ? meeting.hostUrl : meeting.guestUrl);
    // A fixed window, not a wait on the page: the media check runs 1.5 s after the page, and its tasks count too.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const events = traceEvents(await p.page.tracing.stop());
    await p.context.close();
    const fcp = events.find((e) => e.name === 'firstContentfulPaint');
    const nav = events.find(
      (e) =>
        e.name === 'navigationStart' &&
        String((e.args?.data as { documentLoaderURL?: string } | undefined)?.documentLoaderURL).startsWith('http'),
    );
    if (!fcp || !nav) throw new Error('the trace has no first contentful paint or navigation start');
    const tasks = events.filter(
      (e) =>
        e.name === 'RunTask' &&
        e.ph === 'X' &&
        e.pid === fcp.pid &&
        e.tid === fcp.tid &&
        e.ts >= nav.ts &&
        e.ts < nav.ts + 3e6 &&
        (e.dur ?? 0) >= 5000,
    );
    let proxy = 0;
    let max = 0;
    const rows: string[] = [];
    for (const task of tasks) {
      const ms = (task.dur ?? 0) / 1000;
      const afterPaint = task.ts >= fcp.ts;
      if (afterPaint) {
        proxy += Math.max(0, 4 * ms - 50);
        max = Math.max(max, ms);
      }
      const inside = eventsInside(events, task, 1.5)
        .slice(0, 5)
        .map((e) => `${e.name} ${((e.dur ?? 0) / 1000).toFixed(1)}`);
      rows.push(
        `${((task.ts - nav.ts) / 1000).toFixed(0).padStart(6)} ${ms.toFixed(1).padStart(6)}${afterPaint ? '' : ' (before FCP)'}  ${inside.join(' | ')}`,
      );
    }
    if (load === 0) continue;
    proxies.push(proxy);
    longest.push(max);
    console.log(
      `--- load ${load}: first contentful paint ${((fcp.ts - nav.ts) / 1000).toFixed(0)} ms, proxy ${proxy.toFixed(0)} ms\n${rows.join('\n')}`,
    );
  }
  console.log(
    `${which}: blocking-time proxy median ${median(proxies).toFixed(0)} ms [${proxies.map((x) => x.toFixed(0)).join(', ')}]; ` +
      `longest task after the first paint, median ${median(longest).toFixed(1)} ms`,
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
  process.exit();
}
