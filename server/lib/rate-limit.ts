export interface RateLimiterOptions {
  /** Hits allowed per window and key. */
  max: number;
  windowMs: number;
  now?: () => number;
}

/** A fixed-window counter per key, in memory (one process). */
export function createRateLimiter(options: RateLimiterOptions) {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  let sweepAt = now() + options.windowMs;
  const sweep = (t: number) => {
    if (t < sweepAt) return;
    for (const [k, w] of windows) if (t - w.start >= options.windowMs) windows.delete(k);
    sweepAt = t + options.windowMs;
  };
  const waitOf = (w: { start: number; count: number }, t: number, over: number) =>
    w.count > over ? Math.max(1, Math.ceil((w.start + options.windowMs - t) / 1000)) : 0;
  return {
    /** Counts a hit; returns seconds to wait when over the limit, else 0. */
    hit(key: string): number {
      const t = now();
      sweep(t);
      let w = windows.get(key);
      if (!w || t - w.start >= options.windowMs) {
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return waitOf(w, t, options.max);
    },
    /** Without counting: seconds to wait if the key has used up its budget (`max` hits), else 0. */
    peek(key: string): number {
      const t = now();
      const w = windows.get(key);
      if (!w || t - w.start >= options.windowMs) return 0;
      return waitOf(w, t, options.max - 1);
    },
    /** Keys counted in the current windows (memory is bounded by the sweep). */
    size: () => windows.size,
  };
}

export { clientAddress as clientIp } from '../http/forwarded.ts';
