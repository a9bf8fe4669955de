import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReservations, type HeldChannel } from './reservations.ts';

const held = () => ({ promote: vi.fn(), close: vi.fn() }) satisfies HeldChannel;

/** Reservations on fake timers, with what ends told to `ended`. */
function onTimers(options: { ttlMs: number; openWithinMs: number; perMeeting: number }) {
  vi.useFakeTimers();
  const r = createReservations({ ...options, total: 10 });
  const ended = vi.fn();
  r.whenEnded(ended);
  return { r, ended };
}

describe('reservations', () => {
  afterEach(() => vi.useRealTimers());

  it('holds a place that only its own token and access take, once', () => {
    const r = createReservations({ ttlMs: 60_000, openWithinMs: 30_000, perMeeting: 4, total: 10 });
    const made = r.reserve('m1', 'link:a')!;
    expect(r.verify('m1', made.participantId, made.token)).toBe(true);
    expect(r.verify('m1', made.participantId, `${made.token}x`)).toBe(false);
    expect(r.verify('m2', made.participantId, made.token)).toBe(false);
    expect(r.has('m1', made.participantId)).toBe(true);
    // Another access (another invitation) cannot take it; the right one can, once.
    expect(r.take('m1', made.participantId, made.token, 'link:b')).toBeNull();
    expect(r.take('m1', made.participantId, made.token, 'link:a')).toEqual({ participantId: made.participantId, channel: null });
    expect(r.take('m1', made.participantId, made.token, 'link:a')).toBeNull();
    expect(r.has('m1', made.participantId)).toBe(false);
    // Taken: its token still names this participant for a while (a socket that comes late), no one else.
    expect(r.wasTaken('m1', made.participantId, made.token)).toBe(true);
    expect(r.wasTaken('m1', made.participantId, `${made.token}x`)).toBe(false);
    expect(r.wasTaken('m2', made.participantId, made.token)).toBe(false);
    // Gone from the room: it names nobody any more.
    r.forget('m1', made.participantId);
    expect(r.wasTaken('m1', made.participantId, made.token)).toBe(false);
    expect(r.size()).toBe(0);
    r.close();
  });

  it('is bounded per meeting and in all', () => {
    const r = createReservations({ ttlMs: 60_000, openWithinMs: 30_000, perMeeting: 2, total: 3 });
    expect(r.reserve('m1', 'g')).not.toBeNull();
    const second = r.reserve('m1', 'g')!;
    expect(r.reserve('m1', 'g')).toBeNull();
    expect(r.reserve('m2', 'g')).not.toBeNull();
    expect(r.reserve('m3', 'g')).toBeNull();
    // A taken place frees its slot.
    r.take('m1', second.participantId, second.token, 'g');
    expect(r.reserve('m1', 'g')).not.toBeNull();
    r.close();
  });

  it('hands the held channel to the join, and a newer channel replaces an older', () => {
    const r = createReservations({ ttlMs: 60_000, openWithinMs: 30_000, perMeeting: 4, total: 10 });
    const made = r.reserve('m1', 'g')!;
    const [older, newer] = [held(), held()];
    expect(r.hold('m1', made.participantId, 'wrong', older)).toBe(false);
    expect(r.hold('m1', made.participantId, made.token, older)).toBe(true);
    expect(r.hold('m1', made.participantId, made.token, newer)).toBe(true);
    expect(older.close).toHaveBeenCalledWith('replaced by a newer connection');
    // The older socket's close does not let go of the newer one.
    r.release('m1', made.participantId, older);
    expect(r.take('m1', made.participantId, made.token, 'g')?.channel).toBe(newer);
    r.close();
  });

  it('a released channel is not handed over', () => {
    const r = createReservations({ ttlMs: 60_000, openWithinMs: 30_000, perMeeting: 4, total: 10 });
    const made = r.reserve('m1', 'g')!;
    const channel = held();
    r.hold('m1', made.participantId, made.token, channel);
    r.release('m1', made.participantId, channel);
    expect(r.take('m1', made.participantId, made.token, 'g')?.channel).toBeNull();
    r.close();
  });

  it('ends a place nobody took: its channel closes and its PeerJS socket is let go', () => {
    const { r, ended } = onTimers({ ttlMs: 1_000, openWithinMs: 30_000, perMeeting: 4 });
    const made = r.reserve('m1', 'g')!;
    const channel = held();
    r.hold('m1', made.participantId, made.token, channel);
    vi.advanceTimersByTime(999);
    expect(r.verify('m1', made.participantId, made.token)).toBe(true);
    vi.advanceTimersByTime(1);
    expect(r.verify('m1', made.participantId, made.token)).toBe(false);
    expect(channel.close).toHaveBeenCalledWith('the reservation expired');
    expect(ended).toHaveBeenCalledWith('m1', made.participantId);
    expect(r.take('m1', made.participantId, made.token, 'g')).toBeNull();
    expect(r.size()).toBe(0);
  });

  it('frees a place whose page never opened its room channel (gone, or it rejoined as who it was)', () => {
    const { r, ended } = onTimers({ ttlMs: 60_000, openWithinMs: 1_000, perMeeting: 1 });
    const unused = r.reserve('m1', 'g')!;
    expect(r.reserve('m1', 'g')).toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(r.verify('m1', unused.participantId, unused.token)).toBe(false);
    expect(ended).toHaveBeenCalledWith('m1', unused.participantId);
    // One whose channel opened in time waits for its join as long as any.
    const used = r.reserve('m1', 'g')!;
    r.hold('m1', used.participantId, used.token, held());
    vi.advanceTimersByTime(30_000);
    expect(r.verify('m1', used.participantId, used.token)).toBe(true);
    r.close();
  });
});
