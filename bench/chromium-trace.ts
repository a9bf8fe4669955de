import type { Page } from 'puppeteer-core';

/** One event of a Chromium trace (`page.tracing`), as the bench tools read them. */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; name?: string };
}

/** The events of a trace `page.tracing.stop()` returned. */
export function traceEvents(raw: Uint8Array | undefined): TraceEvent[] {
  if (!raw) throw new Error('the trace is empty');
  return (JSON.parse(new TextDecoder().decode(raw)) as { traceEvents: TraceEvent[] }).traceEvents;
}

/** The complete events that ran inside `task` on its thread, of `minMs` or more, in trace order. */
export function eventsInside(events: readonly TraceEvent[], task: TraceEvent, minMs: number): TraceEvent[] {
  const end = task.ts + (task.dur ?? 0);
  return events.filter(
    (e) =>
      e.ph === 'X' &&
      e !== task &&
      e.pid === task.pid &&
      e.tid === task.tid &&
      e.ts >= task.ts &&
      e.ts < end &&
      (e.dur ?? 0) >= minMs * 1000 &&
      e.name !== 'ThreadControllerImpl::RunTask',
  );
}

/**
 * A zero-think join traced from before its page loaded (`page.tracing.start`), once Join was
 * pressed: waits for the first remote frame, stops the trace, and places the join in it. `click` and
 * `frame` are ms from navigation start, `zero` is navigation start in trace time (µs), from the click's
 * user-timing mark, `main` the guest renderer's main thread, and `marks` the page's user-timing marks.
 */
export async function stopJoinTrace(page: Page) {
  await page.waitForFunction(() => performance.getEntriesByName('call:first-remote-frame').length > 0, { polling: 20 });
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, m.startTime] as const));
  const events = traceEvents(await page.tracing.stop());
  const at = (name: string) => marks.find(([n]) => n === name)?.[1] ?? 0;
  const click = at('join:click');
  const frame = at('call:first-remote-frame');
  const clickEvent = events.find((e) => e.name === 'join:click');
  if (!clickEvent) throw new Error('the trace has no join:click mark');
  const main = events.find((e) => e.name === 'thread_name' && e.pid === clickEvent.pid && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error("the trace has no main thread for the guest's renderer");
  return { events, marks, click, frame, zero: clickEvent.ts - click * 1000, main: { pid: main.pid, tid: main.tid } };
}
