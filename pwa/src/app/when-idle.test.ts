import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whenIdle } from './when-idle.ts';

describe('whenIdle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('asks for the next idle moment, with the longest wait given; cancelled, it is let go', () => {
    const asked: { timeout?: number }[] = [];
    const cancelled: number[] = [];
    const callbacks: IdleRequestCallback[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: IdleRequestCallback, options?: IdleRequestOptions) => {
      callbacks.push(callback);
      asked.push({ timeout: options?.timeout });
      return callbacks.length;
    });
    vi.stubGlobal('cancelIdleCallback', (id: number) => cancelled.push(id));
    const task = vi.fn();
    const cancel = whenIdle(task, { timeoutMs: 1500, fallbackMs: 0 });
    expect(asked).toEqual([{ timeout: 1500 }]);
    expect(task).not.toHaveBeenCalled();
    callbacks[0]!({ didTimeout: false, timeRemaining: () => 10 });
    expect(task).toHaveBeenCalledOnce();
    whenIdle(task, { timeoutMs: 1500, fallbackMs: 0 });
    cancel();
    expect(cancelled).toEqual([1]);
  });

  it('where there is no idle callback, after the fallback wait; cancelled, never', async () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    const task = vi.fn();
    whenIdle(task, { timeoutMs: 1000, fallbackMs: 200 });
    await vi.advanceTimersByTimeAsync(199);
    expect(task).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledOnce();
    const other = vi.fn();
    whenIdle(other, { timeoutMs: 1000, fallbackMs: 200 })();
    await vi.advanceTimersByTimeAsync(1000);
    expect(other).not.toHaveBeenCalled();
    // No wait asked: at once.
    whenIdle(other, { timeoutMs: 1000, fallbackMs: 0 });
    expect(other).toHaveBeenCalledOnce();
  });
});
