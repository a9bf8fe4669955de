import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reservation } from '../../../shared/api/participants.ts';
import { createLinksAhead } from './links-ahead.ts';
import type { PeerClass } from './peer-mesh.ts';

const rtc = { iceServers: [], iceTransportPolicy: 'all' as const, peerPath: '/peerjs/m/m1/', peerKey: 'peerjs' };
const reservation: Reservation = { participantId: 'p1', token: 'held', expiresInMs: 600_000, rtc };

function setup() {
  const opened: { self: string; peerOpened: Promise<void>; fail: () => void }[] = [];
  const close = vi.fn();
  let may = true;
  const links = createLinksAhead({
    open: (self) => {
      let fail = () => {};
      const peerOpened = new Promise<void>((_, reject) => (fail = () => reject(new Error('refused'))));
      const made = { self: self.participantId, peerOpened, fail };
      opened.push(made);
      return made;
    },
    close,
    loadPeer: () => class {} as unknown as PeerClass,
    mayOpen: () => may,
  });
  return { links, opened, close, stop: () => (may = false) };
}

describe('links opened ahead of the join', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens a reservation at once, in the task that brought it, and once', () => {
    const a = setup();
    a.links.prepare(reservation);
    expect(a.opened.map((o) => o.self)).toEqual(['p1']);
    a.links.prepare(reservation);
    expect(a.opened).toHaveLength(1);
    expect(a.links.current()?.participantId).toBe('p1');
  });

  it('opens nothing for a page going away', () => {
    const a = setup();
    a.stop();
    a.links.prepare(reservation);
    expect(a.opened).toEqual([]);
  });

  it('closes the links when their PeerJS socket is refused, or when dropped; not when the join takes them over', async () => {
    const a = setup();
    a.links.open({ participantId: 'p2', token: 't', rtc }, class {} as unknown as PeerClass);
    a.opened[0]!.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.close).toHaveBeenCalledTimes(1);
    expect(a.links.current()).toBeNull();
    const b = setup();
    b.links.open({ participantId: 'p2', token: 't', rtc }, class {} as unknown as PeerClass);
    b.links.release();
    b.opened[0]!.fail();
    await vi.advanceTimersByTimeAsync(0);
    b.links.drop();
    expect(b.close).not.toHaveBeenCalled();
  });
});
