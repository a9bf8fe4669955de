import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTicker } from './ticker.ts';

/** Runs a ticker on the fake clock for `ms`; `onTick` may move the clock (work that takes time). */
function ticksOver(ms: number, onTick: (index: number) => void, skipped: number[] = []): number[] {
  const ticks: number[] = [];
  const ticker = startTicker(
    20,
    (t) => {
      ticks.push(t);
      onTick(ticks.length - 1);
    },
    () => Date.now(),
    (n) => skipped.push(n),
  );
  vi.advanceTimersByTime(ms);
  ticker.stop();
  return ticks;
}

describe('startTicker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('keeps to a 20 ms grid although each tick takes 5 ms', () => {
    const ticks = ticksOver(100, () => vi.setSystemTime(Date.now() + 5));
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    // Without the grid they would drift by 5 ms a tick: 20, 45, 70…
    for (const [i, t] of ticks.entries()) expect(t).toBe(20 * (i + 1));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('skips the missed ticks after a long stall instead of bursting', () => {
    // The first tick blocks the event loop for half a second.
    const skipped: number[] = [];
    const ticks = ticksOver(60, (i) => i === 0 && vi.setSystemTime(Date.now() + 500), skipped);
    expect(skipped).toEqual([24]);
    // No burst of 25 catch-up ticks: the next tick comes at once, then the grid restarts from there.
    expect(ticks[0]).toBe(20);
    expect(ticks[1]).toBeGreaterThanOrEqual(520);
    expect(ticks[1]).toBeLessThan(525);
    expect(ticks.slice(2).map((t, i) => t - ticks[i + 1]!)).toEqual(ticks.slice(2).map(() => 20));
  });
});
