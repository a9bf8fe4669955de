import type { Page } from 'puppeteer-core';

/** A main-thread task of 50 ms or more (a `longtask` entry), in ms from navigation start. */
export interface LongTask {
  start: number;
  duration: number;
}

/** Records the page's long tasks from its next navigation on (into `window.__longTasks`). */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const tasks: LongTask[] = [];
    (window as unknown as { __longTasks: LongTask[] }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The longest of the page's long tasks that overlap `from`–`to` (ms from navigation), 0 for none. */
export function longestTaskBetween(page: Page, from: number, to: number): Promise<number> {
  return page.evaluate(
    (a, b) =>
      Math.max(
        0,
        ...((window as unknown as { __longTasks?: LongTask[] }).__longTasks ?? [])
          .filter((t) => t.start + t.duration > a && t.start < b)
          .map((t) => t.duration),
      ),
    from,
    to,
  );
}
