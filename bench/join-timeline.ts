import type { Page } from 'puppeteer-core';
import { launchBrowser } from '../e2e/harness/browser.ts';
import { startServer } from '../e2e/harness/server.ts';
import { type LongTask, recordLongTasks } from './long-tasks.ts';
import { installCallSteps } from './probes.ts';
import { hostedMeeting, zeroThinkGuest } from './zero-think-guest.ts';

/**
 * `node bench/join-timeline.ts [trials]`: where a zero-think guest's join spends its time — every
 * request (start → end), the long tasks and the marks, in ms from navigation start, one trial after
 * a warm-up. Not a benchmark row: a tool for reading the join path.
 */
async function timeline(page: Page) {
  return page.evaluate(() => {
    const rows: [number, number, string][] = [];
    for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      rows.push([
        e.startTime,
        e.responseEnd,
        `${e.initiatorType} ${e.name.replace(location.origin, '').slice(0, 70)} ${e.transferSize}B req ${e.requestStart.toFixed(0)} first ${e.responseStart.toFixed(0)} proto ${e.nextHopProtocol} conn ${e.connectStart.toFixed(0)}-${e.connectEnd.toFixed(0)}`,
      ]);
    for (const e of performance.getEntriesByType('mark')) rows.push([e.startTime, e.startTime, `mark ${e.name}`]);
    for (const e of (window as unknown as { __longTasks?: LongTask[] }).__longTasks ?? [])
      rows.push([e.start, e.start + e.duration, `LONG TASK ${e.duration.toFixed(0)} ms`]);
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    rows.push(
      [nav.unloadEventStart, nav.unloadEventEnd, 'the previous page unloads'],
      [nav.fetchStart, nav.responseEnd, 'html requested → received'],
      [nav.responseEnd, nav.responseEnd, 'html received'],
      [nav.domContentLoadedEventEnd, nav.domContentLoadedEventEnd, 'DOMContentLoaded'],
    );
    return rows.sort((a, b) => a[0] - b[0]).map(([s, e, what]) => `${s.toFixed(0).padStart(6)} → ${e.toFixed(0).padStart(6)}  ${what}`);
  });
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const { meeting } = await hostedMeeting(server, browser, 'Timeline');
  for (let trial = 0; trial < Number(process.argv[2] ?? 2); trial++) {
    const p = await zeroThinkGuest(browser, meeting.guestUrl, async (page) => {
      await installCallSteps(page);
      await recordLongTasks(page);
      await page.evaluateOnNewDocument(() => {
        const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        let n = 0;
        navigator.mediaDevices.getUserMedia = async (c) => {
          const i = n++;
          performance.mark(`getUserMedia ${i} ${JSON.stringify(c).slice(0, 40)} start`);
          try {
            return await gum(c);
          } finally {
            performance.mark(`getUserMedia ${i} end`);
          }
        };
        // How long the page's own pagehide work takes (the app's handlers run between these two).
        addEventListener('pagehide', () => sessionStorage.setItem('timeline:pagehide-start', String(performance.now())));
        let shown = false;
        let enabled = false;
        new MutationObserver(() => {
          const b = document.querySelector('[data-action=join]');
          if (b && !shown) {
            shown = true;
            performance.mark('join button shown');
          }
          if (b && !enabled && !(b as HTMLButtonElement).disabled) {
            enabled = true;
            performance.mark('join button enabled');
          }
        }).observe(document, { subtree: true, childList: true, attributes: true });
      });
    });
    await p.pressed();
    await p.page.waitForFunction(() => performance.getEntriesByName('call:first-remote-frame').length > 0, { polling: 20 });
    console.log(`--- trial ${trial}\n${(await timeline(p.page)).join('\n')}`);
    await p.page.evaluate(() =>
      addEventListener('pagehide', () => {
        const took = performance.now() - Number(sessionStorage.getItem('timeline:pagehide-start'));
        sessionStorage.setItem('timeline:pagehide', took.toFixed(1));
      }),
    );
    await p.page.reload();
    await p.page.waitForFunction(() => performance.getEntriesByName('call:first-remote-frame').length > 0, { polling: 20 });
    const pagehide = await p.page.evaluate(() => sessionStorage.getItem('timeline:pagehide'));
    console.log(`--- reload ${trial} (the app's pagehide handlers took ${pagehide} ms)\n${(await timeline(p.page)).join('\n')}`);
    await p.leave();
  }
} finally {
  await browser.close();
  await server.stop();
  process.exit(0);
}
