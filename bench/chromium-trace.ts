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
