import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { RtcConfig } from '../../../shared/api/rtc.ts';
import { createIceRefresh, refreshDelay, RETRY_MS } from './ice-refresh.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('when to refresh TURN credentials', () => {
  test.each([
    ['6 h left: after 4.5 h', 6 * HOUR, 4.5 * HOUR],
    ['4 min left: after 3 min', 4 * MIN, 3 * MIN],
    ['the shortest TTL (60 s): after 45 s', MIN, 45_000],
    ['5 s left: soon, but not in a loop', 5_000, 5_000],
    ['already expired', -10_000, 5_000],
  ])('%s', (_name, left, delay) => {
    expect(refreshDelay(1_000_000 + left, 1_000_000)).toBe(delay);
  });
});

describe('refreshing during a call', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  const config = (expiresAt?: number): RtcConfig => ({
    iceServers: [{ urls: 'turn:t', username: `${expiresAt}:me`, credential: 'c' }],
    iceTransportPolicy: 'all',
    ...(expiresAt === undefined ? {} : { expiresAt }),
  });

  test('fetches before expiry, applies, and schedules the next one', async () => {
    let n = 0;
    const fetch = vi.fn(async () => config(Date.now() + 4 * MIN + n++));
    const apply = vi.fn();
    const refresh = createIceRefresh({ initial: config(4 * MIN), fetch, apply });
    await vi.advanceTimersByTimeAsync(3 * MIN - 1);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(apply).toHaveBeenCalledTimes(1);
    expect(apply.mock.calls[0]![0].expiresAt).toBe(7 * MIN);
    await vi.advanceTimersByTimeAsync(3 * MIN);
    expect(apply).toHaveBeenCalledTimes(2);
    refresh.dispose();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(apply).toHaveBeenCalledTimes(2);
  });

  test('retries every 30 s while the server cannot be reached', async () => {
    const fetch = vi
      .fn()
      .mockRejectedValueOnce(new Error('offline'))
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue(config(HOUR));
    const apply = vi.fn();
    createIceRefresh({ initial: config(4 * MIN), fetch, apply });
    await vi.advanceTimersByTimeAsync(3 * MIN);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(apply).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    expect(apply).toHaveBeenCalledTimes(1);
  });

  test('does nothing without TURN (no expiry)', async () => {
    const fetch = vi.fn();
    createIceRefresh({ initial: config(), fetch, apply: vi.fn() });
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(fetch).not.toHaveBeenCalled();
  });
});
