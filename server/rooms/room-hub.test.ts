import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerEvent } from '../../shared/room-events.ts';
import { RELOAD_TELL_GAP_MS, RoomHub, type ChannelSocket } from './room-hub.ts';

class FakeSocket implements ChannelSocket {
  events: ServerEvent[] = [];
  closed: { code: number; reason: string } | null = null;
  send(text: string) {
    this.events.push(JSON.parse(text));
  }
  close(code: number, reason: string) {
    this.closed = { code, reason };
  }
  types() {
    return this.events.map((e) => e.type);
  }
}

const M = 'meeting-1';
const join = (hub: RoomHub, name: string) => hub.join(M, { name, role: 'guest', audioMuted: false, videoMuted: false });

describe('RoomHub', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const hub = () => new RoomHub({ reconnectGraceMs: 30_000, unloadGraceMs: 5_000, joinTimeoutMs: 10_000 });

  it('announces a participant once their channel opens, with a welcome for them', () => {
    const h = hub();
    const a = join(h, 'A');
    const sa = new FakeSocket();
    h.connect(M, a.participant.id, sa);
    const b = join(h, 'B');
    expect(b.participants.map((p) => p.name)).toEqual(['A']);
    expect(sa.events).toHaveLength(1); // only A's welcome: B is not announced before connecting
    const sb = new FakeSocket();
    h.connect(M, b.participant.id, sb);
    expect(sa.types()).toEqual(['welcome', 'participant-joined']);
    expect(sb.events[0]).toMatchObject({ type: 'welcome', participants: [{ name: 'A' }, { name: 'B' }] });
  });

  it('shows a dropped participant as reconnecting, then as left after the grace period', () => {
    const h = hub();
    const a = join(h, 'A');
    const b = join(h, 'B');
    const [sa, sb] = [new FakeSocket(), new FakeSocket()];
    h.connect(M, a.participant.id, sa);
    h.connect(M, b.participant.id, sb);
    h.disconnect(M, b.participant.id, sb, false);
    expect(sa.events.at(-1)).toMatchObject({ type: 'participant-updated', participant: { presence: 'reconnecting' } });
    vi.advanceTimersByTime(29_000);
    expect(h.participants(M)).toHaveLength(2);
    vi.advanceTimersByTime(1_001);
    expect(sa.events.at(-1)).toMatchObject({ type: 'participant-left', participantId: b.participant.id, reason: 'timed_out' });
    expect(h.participants(M)).toHaveLength(1);
  });

  it('takes a reload back within the unload grace: same id, no leave', () => {
    const h = hub();
    const a = join(h, 'A');
    const b = join(h, 'B');
    const sa = new FakeSocket();
    const sb1 = new FakeSocket();
    h.connect(M, a.participant.id, sa);
    h.connect(M, b.participant.id, sb1);
    h.disconnect(M, b.participant.id, sb1, true);
    vi.advanceTimersByTime(2_000);
    const again = h.join(M, {
      name: 'B',
      role: 'guest',
      audioMuted: false,
      videoMuted: false,
      rejoin: { participantId: b.participant.id, token: b.token },
    });
    expect(again.rejoined).toBe(true);
    expect(again.participant.id).toBe(b.participant.id);
    // The others hear of the new page at once, before its channel opens: they call it (calls-after-reload.ts).
    expect(sa.events.at(-1)).toEqual({ type: 'participant-reloaded', participantId: b.participant.id });
    const sb2 = new FakeSocket();
    h.connect(M, b.participant.id, sb2);
    vi.advanceTimersByTime(60_000);
    expect(sa.types()).not.toContain('participant-left');
    expect(sa.events.at(-1)).toMatchObject({ type: 'participant-updated', participant: { presence: 'connected' } });
    expect(sb2.types()).not.toContain('participant-reloaded');
    // A first join is no reload.
    expect(sa.types().filter((type) => type === 'participant-reloaded')).toHaveLength(1);
    // Nor a rejoin with a forged token: it is someone new (another id), and nobody is told to call anyone.
    const forged = h.join(M, {
      name: 'X',
      role: 'guest',
      audioMuted: false,
      videoMuted: false,
      rejoin: { participantId: b.participant.id, token: 'forged' },
    });
    expect(forged.rejoined).toBe(false);
    expect(forged.participant.id).not.toBe(b.participant.id);
    expect(sa.types().filter((type) => type === 'participant-reloaded')).toHaveLength(1);
    // A participant reloading over and over makes the others call it again at most once a second.
    const rejoin = () =>
      h.join(M, {
        name: 'B',
        role: 'guest',
        audioMuted: false,
        videoMuted: false,
        rejoin: { participantId: b.participant.id, token: b.token },
      });
    const told = () => sa.types().filter((type) => type === 'participant-reloaded').length;
    rejoin();
    expect(told()).toBe(2);
    expect(rejoin().rejoined).toBe(true);
    expect(told()).toBe(2);
    vi.advanceTimersByTime(RELOAD_TELL_GAP_MS);
    rejoin();
    rejoin();
    expect(told()).toBe(3);
    // Nor is the join of someone the waiting room let in (joined, not on the roster yet): it calls the others.
    const c = join(h, 'C');
    h.join(M, {
      name: 'C',
      role: 'guest',
      audioMuted: false,
      videoMuted: false,
      rejoin: { participantId: c.participant.id, token: c.token },
    });
    expect(told()).toBe(3);
  });

  it('replaces an older socket of the same participant without a leave', () => {
    const h = hub();
    const a = join(h, 'A');
    const first = new FakeSocket();
    h.connect(M, a.participant.id, first);
    h.connect(M, a.participant.id, new FakeSocket());
    expect(first.closed?.code).toBe(4001);
    h.disconnect(M, a.participant.id, first, false); // the old socket's close event: ignored
    expect(h.participants(M)[0]?.presence).toBe('connected');
  });

  it('drops a join whose channel never opens, silently', () => {
    const h = hub();
    const a = join(h, 'A');
    const sa = new FakeSocket();
    h.connect(M, a.participant.id, sa);
    const b = join(h, 'B');
    vi.advanceTimersByTime(10_001);
    expect(h.authenticate(M, b.participant.id, b.token)).toBeNull();
    expect(sa.types()).toEqual(['welcome']);
  });

  it('relays mute state and answers pings; leave closes the socket', () => {
    const h = hub();
    const a = join(h, 'A');
    const b = join(h, 'B');
    const [sa, sb] = [new FakeSocket(), new FakeSocket()];
    h.connect(M, a.participant.id, sa);
    h.connect(M, b.participant.id, sb);
    h.handleMessage(M, b.participant.id, { type: 'media-state', audioMuted: true, videoMuted: false });
    expect(sa.events.at(-1)).toMatchObject({ type: 'participant-updated', participant: { audioMuted: true, videoMuted: false } });
    h.handleMessage(M, a.participant.id, { type: 'ping', at: 7 });
    expect(sa.events.at(-1)).toEqual({ type: 'pong', at: 7 });
    h.handleMessage(M, b.participant.id, { type: 'leave' });
    expect(sb.closed?.code).toBe(4000);
    expect(sa.events.at(-1)).toMatchObject({ type: 'participant-left', reason: 'left' });
  });

  it('only knows peers by their own token, and only in their own meeting', () => {
    const h = hub();
    const a = join(h, 'A');
    expect(h.authenticate(M, a.participant.id, a.token)).not.toBeNull();
    expect(h.authenticate(M, a.participant.id, 'forged')).toBeNull();
    expect(h.authenticate(M, 'nobody', a.token)).toBeNull();
    expect(h.authenticate('another-meeting', a.participant.id, a.token)).toBeNull();
    expect(h.presenceOf(M, a.participant.id)).toBe('pending');
    h.connect(M, a.participant.id, { send() {}, close() {} });
    expect(h.presenceOf(M, a.participant.id)).toBe('present');
    expect(h.presenceOf('another-meeting', a.participant.id)).toBe('gone');
  });
});

describe('RoomHub screen sharing', () => {
  it('allows one share at a time: the newest takes over', () => {
    const h = new RoomHub({ reconnectGraceMs: 30_000, unloadGraceMs: 5_000, joinTimeoutMs: 10_000 });
    const a = join(h, 'A');
    const b = join(h, 'B');
    const [sa, sb] = [new FakeSocket(), new FakeSocket()];
    h.connect(M, a.participant.id, sa);
    h.connect(M, b.participant.id, sb);
    h.handleMessage(M, a.participant.id, { type: 'screen-share', active: true });
    expect(h.participants(M).find((p) => p.id === a.participant.id)?.screenSharing).toBe(true);
    h.handleMessage(M, b.participant.id, { type: 'screen-share', active: true });
    const state = Object.fromEntries(h.participants(M).map((p) => [p.name, p.screenSharing]));
    expect(state).toEqual({ A: false, B: true });
    expect(sa.events.at(-2)).toMatchObject({ type: 'participant-updated', participant: { name: 'A', screenSharing: false } });
    h.handleMessage(M, b.participant.id, { type: 'screen-share', active: false });
    expect(h.participants(M).every((p) => !p.screenSharing)).toBe(true);
  });
});
