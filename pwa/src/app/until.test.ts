import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { until } from './until.ts';

describe('until', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for a flag, or gives up after a while', async () => {
    const flag = signal(false);
    let done = false;
    void until(flag, 100).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    flag.value = true;
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
    let late = false;
    void until(signal(false), 100).then(() => (late = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(late).toBe(true);
  });

  it('without a time limit, waits for the flag however long it takes; a flag already up resolves at once', async () => {
    const flag = signal(false);
    let done = false;
    void until(flag).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(done).toBe(false);
    flag.value = true;
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
    await expect(until(signal(true))).resolves.toBeUndefined();
  });
});
