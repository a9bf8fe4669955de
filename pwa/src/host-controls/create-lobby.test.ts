// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOBBY_CANCEL_REASON, LobbyCloseCode } from '../../../shared/lobby-events.ts';
import { loadRejoinTicket } from '../call/rejoin-store.ts';
import { createLobby } from './create-lobby.ts';

/** Stands in for the browser's WebSocket: the test plays the server. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  closedWith: [number | undefined, string | undefined] | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  close(code?: number, reason?: string) {
    this.closedWith = [code, reason];
  }
  say(event: unknown) {
    this.onmessage?.({ data: JSON.stringify(event) });
  }
}

function answerKnock(status: number, body: unknown) {
  const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const choice = { name: 'Gus', audioMuted: true, videoMuted: false };
const make = () => createLobby({ meetingId: 'm1', accessHeaders: { 'x-invite-token': 'tok' }, baseUrl: 'ws://server' });

beforeEach(() => {
  FakeSocket.all = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  sessionStorage.clear();
});
afterEach(() => vi.unstubAllGlobals());

describe('lobby (guest side)', () => {
  it('goes straight on when the server says there is no waiting', async () => {
    const fetch = answerKnock(200, { state: 'admitted' });
    const lobby = make();
    expect(await lobby.enter(choice)).toBe(true);
    expect(lobby.status.value).toBe('idle');
    expect(fetch).toHaveBeenCalledWith('/api/meetings/m1/lobby', expect.objectContaining({ method: 'POST', body: JSON.stringify(choice) }));
    expect(FakeSocket.all).toHaveLength(0);
  });

  it('waits, follows the host arriving, and saves the identity it is admitted with', async () => {
    answerKnock(202, { state: 'waiting', waiterId: 'w1', token: 's1', hostPresent: false, removedBefore: false });
    const lobby = make();
    const entered = lobby.enter(choice);
    await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    expect(lobby.status.value).toBe('waiting');
    expect(lobby.hostPresent.value).toBe(false);
    const socket = FakeSocket.all[0]!;
    expect(socket.url).toBe('ws://server/ws/lobby/m1?waiterId=w1&token=s1');
    socket.say({ type: 'lobby-status', hostPresent: true });
    expect(lobby.hostPresent.value).toBe(true);
    socket.say({ type: 'admitted', participantId: 'p1', token: 'pt' });
    expect(await entered).toBe(true);
    expect(loadRejoinTicket('m1')).toEqual({ participantId: 'p1', token: 'pt', name: 'Gus', audioMuted: true, videoMuted: false });
  });

  it('is declined: says so and never joins', async () => {
    answerKnock(202, { state: 'waiting', waiterId: 'w1', token: 's1', hostPresent: true, removedBefore: true });
    const lobby = make();
    const entered = lobby.enter(choice);
    await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    expect(lobby.removedBefore.value).toBe(true);
    FakeSocket.all[0]!.say({ type: 'declined', reason: 'declined' });
    expect(await entered).toBe(false);
    expect(lobby.status.value).toBe('declined');
    expect(loadRejoinTicket('m1')).toBeNull();
  });

  it('reconnects a lost socket, knocks again when its ticket is gone, and cancels cleanly', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      answerKnock(202, { state: 'waiting', waiterId: 'w1', token: 's1', hostPresent: true, removedBefore: false });
      const lobby = make();
      const entered = lobby.enter(choice);
      await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(1));
      FakeSocket.all[0]!.onclose?.({ code: 1006 });
      vi.advanceTimersByTime(300);
      expect(FakeSocket.all).toHaveLength(2);
      FakeSocket.all[1]!.onclose?.({ code: LobbyCloseCode.Unknown });
      await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(3));
      lobby.cancel();
      expect(FakeSocket.all[2]!.closedWith).toEqual([1000, LOBBY_CANCEL_REASON]);
      expect(await entered).toBe(false);
      expect(lobby.status.value).toBe('idle');
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows why a knock was refused (ended, locked)', async () => {
    answerKnock(403, { error: { code: 'meeting_locked', message: 'The meeting is locked: the host is not letting anyone new in.' } });
    const lobby = make();
    expect(await lobby.enter(choice)).toBe(false);
    expect(lobby.error.value).toEqual({ code: 'meeting_locked', message: 'The meeting is locked: the host is not letting anyone new in.' });
  });
});
