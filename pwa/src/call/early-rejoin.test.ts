import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../../test/pwa/fake-media.ts';
import { sendRejoinEarly, takeEarlyRejoin } from './early-rejoin.ts';
import { saveRejoinTicket } from './rejoin-store.ts';

const answer = () => new Response('{"ok":true}', { status: 201 });

describe('early rejoin', () => {
  it('sends the ticket’s rejoin at once, and hands its answer to the same participant’s join, once', async () => {
    const storage = new MemoryStorage();
    saveRejoinTicket('m1', { participantId: 'p1', token: 't1', name: 'Gus', audioMuted: true }, storage);
    const send = vi.fn(async () => answer());
    sendRejoinEarly('m1', { 'x-invite-token': 'inv' }, storage, send);
    expect(send).toHaveBeenCalledTimes(1);
    const [path, init] = send.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/meetings/m1/join');
    expect(JSON.parse(init.body as string)).toEqual({
      name: 'Gus',
      audioMuted: true,
      videoMuted: false,
      rejoin: { participantId: 'p1', token: 't1' },
    });
    expect(init.headers).toMatchObject({ 'x-invite-token': 'inv' });
    // Another participant's join (another tab's ticket) does not get it; the ticket's own does, once.
    expect(takeEarlyRejoin('m1', 'someone-else')).toBeNull();
    expect(takeEarlyRejoin('m1', 'p1')).not.toBeNull();
    expect(takeEarlyRejoin('m1', 'p1')).toBeNull();
  });

  it('gives the answer to the join that matches', async () => {
    const storage = new MemoryStorage();
    saveRejoinTicket('m2', { participantId: 'p1', token: 't1', name: 'Gus' }, storage);
    sendRejoinEarly('m2', {}, storage, async () => answer());
    const early = takeEarlyRejoin('m2', 'p1');
    expect(await (await early!('/api/meetings/m2/join', {})).json()).toEqual({ ok: true });
    expect(takeEarlyRejoin('m2', 'p1')).toBeNull();
  });

  it('nothing goes out without a ticket', () => {
    const send = vi.fn(async () => answer());
    sendRejoinEarly('m3', {}, new MemoryStorage(), send);
    expect(send).not.toHaveBeenCalled();
    expect(takeEarlyRejoin('m3', 'p1')).toBeNull();
  });

  it('an early rejoin lost on the way falls back to a request of the join’s own', async () => {
    const storage = new MemoryStorage();
    saveRejoinTicket('m4', { participantId: 'p1', token: 't1', name: 'Gus' }, storage);
    sendRejoinEarly('m4', {}, storage, async () => Promise.reject(new TypeError('Failed to fetch')));
    const fallback = vi.fn(async () => answer());
    vi.stubGlobal('fetch', fallback);
    try {
      const early = takeEarlyRejoin('m4', 'p1')!;
      expect((await early('/api/meetings/m4/join', { method: 'POST' })).status).toBe(201);
      expect(fallback).toHaveBeenCalledWith('/api/meetings/m4/join', { method: 'POST' });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
