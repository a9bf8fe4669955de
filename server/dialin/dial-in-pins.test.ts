import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/store.ts';
import { emptyStoreData } from '../store/store-data.ts';
import { ensureDialInPin, meetingIdForPin, newPin } from './dial-in-pins.ts';

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
  it('are 10 digits, zero-padded, and skip the taken ones', () => {
    const randoms = [42, 42, 7];
    expect(newPin(new Set(['0000000042']), () => randoms.shift()!)).toBe('0000000007');
  });

  it('are given on first use to meetings stored without one, and kept; older 8-digit ones are replaced', async () => {
    const store = createMemoryStore({
      ...emptyStoreData(),
      meetings: [meeting('old1'), meeting('old2', '1234567890'), meeting('short', '12345678')],
    });
    const pin = await ensureDialInPin(store, 'old1');
    expect(pin).toMatch(/^\d{10}$/);
    expect(pin).not.toBe('1234567890');
    expect(await ensureDialInPin(store, 'old1')).toBe(pin);
    expect(await ensureDialInPin(store, 'old2')).toBe('1234567890');
    const replaced = await ensureDialInPin(store, 'short');
    expect(replaced).toMatch(/^\d{10}$/);
    expect(meetingIdForPin(store, '12345678')).toBeNull();
    expect(await ensureDialInPin(store, 'missing')).toBeNull();
  });

  it('are unique even when many meetings ask at once', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `m${i}`);
    const store = createMemoryStore({ ...emptyStoreData(), meetings: ids.map((id) => meeting(id)) });
    const pins = await Promise.all(ids.map((id) => ensureDialInPin(store, id)));
    expect(new Set(pins).size).toBe(ids.length);
  });

  it('find their meeting, and nothing else does', () => {
    const store = createMemoryStore({ ...emptyStoreData(), meetings: [meeting('a'), meeting('b', '0000001234')] });
    expect(meetingIdForPin(store, '0000001234')).toBe('b');
    expect(meetingIdForPin(store, '0000001235')).toBeNull();
    expect(meetingIdForPin(store, '')).toBeNull();
  });
});
