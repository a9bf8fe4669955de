import type { RateCounterRepository, RateWindow } from './repositories.ts';

/** At most this many open windows; beyond it the oldest go first (a flood of keys cannot grow memory). */
export const RATE_WINDOWS_MAX = 100_000;

/**
 * Rate-limit counters in this process's memory: the lowdb mode's (one process owns the data
 * folder anyway) and the unit tests'. Bounded: windows that are over are forgotten as time passes,
 * and there are never more than `maxWindows` (a window dropped early only forgets its count).
 */
export function memoryRateCounters({ maxWindows = RATE_WINDOWS_MAX } = {}): RateCounterRepository & { size(): number } {
  const windows = new Map<string, RateWindow & { end: number }>();
  let nextSweep = 0;
  const sweep = (now: number) => {
    let gone = 0;
    for (const [key, w] of windows) {
      if (w.end <= now) {
        windows.delete(key);
        gone++;
      }
    }
    return gone;
  };
  /** Sweeps at most once a minute, on the way. */
  const tidy = (now: number) => {
    if (now < nextSweep) return;
    sweep(now);
    nextSweep = now + 60_000;
  };
  const keyOf = (name: string, key: string) => `${name}\u0000${key}`;
  const open = (name: string, key: string, now: number) => {
    const w = windows.get(keyOf(name, key));
    return w && w.end > now ? w : null;
  };

  return {
    async hit(name, key, windowMs, now) {
      tidy(now);
      let w = open(name, key, now);
      if (!w) {
        w = { start: now, end: now + windowMs, count: 0 };
        windows.delete(keyOf(name, key));
        windows.set(keyOf(name, key), w);
        if (windows.size > maxWindows && sweep(now) === 0) {
          for (const oldest of windows.keys()) {
            if (windows.size <= maxWindows) break;
            windows.delete(oldest);
          }
        }
      }
      w.count++;
      return { count: w.count, start: w.start };
    },
    async peek(name, key, _windowMs, now) {
      const w = open(name, key, now);
      return w ? { count: w.count, start: w.start } : null;
    },
    sweep: async (now) => sweep(now),
    size: () => windows.size,
  };
}
