import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLobby } from './lobby.ts';

const request = {
  name: 'Gus',
  audioMuted: false,
  videoMuted: false,
  grant: 'guest:x',
  deviceId: 'd1',
  inviteId: null,
  removedBefore: false,
  hostPresent: false,
};
const socket = () => ({
  sent: [] as string[],
  closed: null as number | null,
  send(t: string) {
    this.sent.push(t);
  },
  close(code: number) {
    this.closed = code;
  },
});

describe('lobby', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const make = () => {
    const changes: string[] = [];
    const lobby = createLobby({ joinTimeoutMs: 1000, reconnectGraceMs: 5000, unloadGraceMs: 2000, onChange: (m) => changes.push(m) });
    return { lobby, changes };
  };

  it('drops a ticket whose page never connects', () => {
    const { lobby } = make();
    lobby.knock('m', request);
    vi.advanceTimersByTime(1001);
    expect(lobby.list('m')).toEqual([]);
  });

  it('keeps a waiter through a lost connection within the grace, and drops a cancelled one at once', () => {
    const { lobby } = make();
    const a = lobby.knock('m', request);
    const b = lobby.knock('m', { ...request, deviceId: 'd2' });
    const sa = socket();
    const sb = socket();
    lobby.connect('m', a.id, sa);
    lobby.connect('m', b.id, sb);
    lobby.disconnect('m', a.id, sa, 'lost');
    lobby.disconnect('m', b.id, sb, 'cancelled');
    expect(lobby.list('m').map((w) => w.id)).toEqual([a.id]);
    vi.advanceTimersByTime(4000);
    lobby.connect('m', a.id, socket());
    vi.advanceTimersByTime(60_000);
    expect(lobby.list('m').map((w) => w.id)).toEqual([a.id]);
  });

  it('holds an answer for a page that is reconnecting and gives it when it comes back', () => {
    const { lobby } = make();
    const a = lobby.knock('m', request);
    const first = socket();
    lobby.connect('m', a.id, first);
    lobby.disconnect('m', a.id, first, 'lost');
    expect(lobby.answer('m', a.id, { type: 'admitted', participantId: 'p', token: 't' })).toBe(true);
    expect(lobby.list('m')).toEqual([]);
    const again = socket();
    lobby.connect('m', a.id, again);
    expect(again.sent.map((t) => JSON.parse(t).type)).toEqual(['admitted']);
    expect(lobby.authenticate('m', a.id, a.token)).toBe(false);
  });

  it('refuses a wrong token and an answer for someone who no longer waits', () => {
    const { lobby } = make();
    const a = lobby.knock('m', request);
    expect(lobby.authenticate('m', a.id, 'nope')).toBe(false);
    expect(lobby.answer('m', 'gone', { type: 'declined', reason: 'declined' })).toBe(false);
    lobby.answer('m', a.id, { type: 'declined', reason: 'declined' });
    expect(lobby.answer('m', a.id, { type: 'declined', reason: 'declined' })).toBe(false);
  });
});
