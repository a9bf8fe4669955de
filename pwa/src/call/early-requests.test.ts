import { describe, expect, it, vi } from 'vitest';
import { hasEarly, sendEarly, takeEarly } from './early-requests.ts';

const answer = (body: string) => new Response(body, { status: 200 });

describe('early requests', () => {
  it('keeps an early answer for the one request that takes it', async () => {
    const send = vi.fn(async () => answer('early'));
    sendEarly('a', '/api/a', { method: 'GET' }, send);
    sendEarly('a', '/api/a', { method: 'GET' }, send);
    expect(send).toHaveBeenCalledTimes(1);
    const early = takeEarly('a')!;
    expect(await (await early('/api/a', {})).text()).toBe('early');
    expect(takeEarly('a')).toBeNull();
  });

  it('sends nothing for a key already taken (a sender that came late)', () => {
    expect(takeEarly('b')).toBeNull();
    const send = vi.fn(async () => answer('late'));
    sendEarly('b', '/api/b', {}, send);
    expect(send).not.toHaveBeenCalled();
    expect(hasEarly('b')).toBe(false);
  });

  it('falls back to a fresh request when the early one failed on the way', async () => {
    sendEarly('c', '/api/c', {}, async () => Promise.reject(new TypeError('Failed to fetch')));
    const fresh = vi.fn(async () => answer('fresh'));
    const early = takeEarly('c', fresh)!;
    expect(await (await early('/api/c', { method: 'GET' })).text()).toBe('fresh');
    expect(fresh).toHaveBeenCalledWith('/api/c', { method: 'GET' });
  });
});
