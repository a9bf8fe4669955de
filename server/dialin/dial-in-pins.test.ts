import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/lowdb/lowdb-storage.ts';
import { ensureDialInPin, meetingForPin } from './dial-in-pins.ts';

const meeting = (id: string, dialInPin?: string) => ({
  ownerId: 'u',
  linkToken: 't',
  id,
  title: 't',
  startsAt: '2026-12-01T09:00:00Z',
  durationMinutes: 30,
  createdAt: '2026-11-01T09:00:00Z',
  ...(dialInPin ? { dialInPin } : {}),
});

describe('dial-in PINs', () => {
  it('are 10 digits, zero-padded, and skip the taken ones', async () => {
    const { meetings } = createMemoryStorage({ meetings: [meeting('a', '0000000042'), meeting('b')] });
    const randoms = [42, 42, 7];
    expect(await ensureDialInPin(meetings, 'b', () => randoms.shift()!)).toBe('0000000007');
  });

  it('are given on first use to meetings stored without one, and kept; older 8-digit ones are replaced', async () => {
    const { meetings: store } = createMemoryStorage({
      meetings: [meeting('old1'), meeting('old2', '1234567890'), meeting('short', '12345678')],
    });
    const pin = await ensureDialInPin(store, 'old1');
    expect(pin).toMatch(/^\d{10}$/);
    expect(pin).not.toBe('1234567890');
    expect(await ensureDialInPin(store, 'old1')).toBe(pin);
    expect(await ensureDialInPin(store, 'old2')).toBe('1234567890');
    const replaced = await ensureDialInPin(store, 'short');
    expect(replaced).toMatch(/^\d{10}$/);
    expect(await meetingForPin(store, '12345678')).toBeNull();
    expect(await ensureDialInPin(store, 'missing')).toBeNull();
  });

  it('are unique even when many meetings ask at once', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `m${i}`);
    const { meetings: store } = createMemoryStorage({ meetings: ids.map((id) => meeting(id)) });
    const pins = await Promise.all(ids.map((id) => ensureDialInPin(store, id)));
    expect(new Set(pins).size).toBe(ids.length);
  });

  it('find their meeting, and nothing else does', async () => {
    const { meetings: store } = createMemoryStorage({ meetings: [meeting('a'), meeting('b', '0000001234')] });
    expect((await meetingForPin(store, '0000001234'))?.id).toBe('b');
    expect(await meetingForPin(store, '0000001235')).toBeNull();
    expect(await meetingForPin(store, '')).toBeNull();
  });
});
