import { afterEach, describe, expect, it } from 'vitest';
import { type LoopDelayWatch, watchEventLoopDelay } from './event-loop-delay.ts';

const nextTimers = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const blockFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* the main thread is stuck, as behind a long task */
  }
};

describe('watchEventLoopDelay', () => {
  let watch: LoopDelayWatch | null = null;
  afterEach(() => watch?.stop());

  it('sees a stall of the main thread, once: the next reading starts after it', async () => {
    watch = watchEventLoopDelay(10);
    await nextTimers(50);
    blockFor(150);
    await nextTimers(50);
    const stalled = watch.read();
    expect(stalled.max).toBeGreaterThanOrEqual(0.15);
    expect(stalled.p50).toBeLessThan(stalled.max);
    await nextTimers(100);
    expect(watch.read().max).toBeLessThan(0.15);
  });

  it('reads zeros when nothing was sampled', () => {
    watch = watchEventLoopDelay(10);
    watch.read();
    expect(watch.read()).toEqual({ p50: 0, p99: 0, max: 0 });
  });
});
