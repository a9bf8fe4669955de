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
