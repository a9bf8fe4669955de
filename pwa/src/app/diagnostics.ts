/**
 * Where a harness (a benchmark, a test) may look inside the running app. Production installs
 * nothing here and so exposes nothing: only when a harness has put an object at
 * `window.__meetingRoomDiagnostics` before the app started does the app hand it the few internals
 * that are offered (today: the blur pipeline's state, for its timings).
 */
export const DIAGNOSTICS_GLOBAL = '__meetingRoomDiagnostics';

export function offerDiagnostics(name: string, value: unknown): void {
  const sink = (globalThis as Record<string, unknown>)[DIAGNOSTICS_GLOBAL];
  if (sink && typeof sink === 'object') (sink as Record<string, unknown>)[name] = value;
}
