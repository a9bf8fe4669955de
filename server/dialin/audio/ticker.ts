/**
 * Calls `tick` every `periodMs` on average, without drift: each timeout aims at
 * start + n × period, so a late tick is followed by an early one. After a long stall
 * (the event loop blocked) it skips the missed ticks instead of bursting, and tells `skipped`.
 */
export function startTicker(
  periodMs: number,
  tick: (now: number) => void,
  now: () => number = () => performance.now(),
  skipped: (ticks: number) => void = () => undefined,
) {
  let next = now() + periodMs;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    const t = now();
    if (t - next > 5 * periodMs) {
      skipped(Math.floor((t - next) / periodMs));
      next = t;
    }
    tick(t);
    next += periodMs;
    timer = setTimeout(run, Math.max(0, next - now()));
  };
  timer = setTimeout(run, periodMs);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
