import { randomBytes } from 'node:crypto';
import { newId } from '../lib/ids.ts';
import { timingSafeEqualText } from '../lib/timing-safe.ts';

/**
 * A place held for a page on the pre-join page: a participant id and a token its PeerJS socket and
 * room channel may open with before the guest presses Join, so that after the click only the join
 * request stands between them and the call. A reservation is nobody in the room:
 * - it is not a participant (`RoomHub.authenticate` does not know its token: no chat, files,
 *   roster, SFU or REST call accepts it);
 * - its room channel is held (no welcome, no roster, nothing it sends is read) until the join;
 * - its PeerJS socket is "pending" at the gate (it can send nothing and nobody can reach it);
 * - the join (`POST …/join` with the reservation) runs every check a join runs, then takes its id.
 * Reservations are bounded per meeting and in all, and end after `ttlMs` (their sockets close).
 */
export interface HeldChannel {
  /** The join took the reservation: the room channel enters the room (welcome, roster, events). */
  promote(): void;
  /** The reservation ended without a join: the socket closes. */
  close(reason: string): void;
}

interface Reservation {
  meetingId: string;
  participantId: string;
  token: string;
  /** The access it was made with (access/room-access.ts grant key): the join must come with the same. */
  grant: string;
  timer: ReturnType<typeof setTimeout>;
  /** Ends it if its room channel has not opened by then (cleared when it does). */
  openTimer: ReturnType<typeof setTimeout> | null;
  channel: HeldChannel | null;
}

export interface ReservationOptions {
  /** How long a reservation waits for its join. */
  ttlMs: number;
  /**
   * How long it waits for its page's room channel, which opens with the answer that carried it: a
   * page gone, or one that did not use it (a reload rejoins as who it was), frees the place.
   */
  openWithinMs: number;
  perMeeting: number;
  total: number;
}

export const RESERVATION_DEFAULTS = { ttlMs: 10 * 60_000, openWithinMs: 30_000, perMeeting: 32, total: 10_000 } as const;

export function createReservations(options: ReservationOptions = RESERVATION_DEFAULTS) {
  const all = new Map<string, Reservation>();
  const perMeeting = new Map<string, number>();
  /**
   * Reservations a join took, for a while: a page's socket opened with the reservation's token may
   * reach the server after its join (a slow network), and is still the same page's.
   */
  const taken = new Map<string, { token: string; timer: ReturnType<typeof setTimeout> }>();
  /** Told when a reservation ends without a join (its PeerJS socket is closed there). */
  let onEnded: (meetingId: string, participantId: string) => void = () => undefined;
  const keyOf = (meetingId: string, participantId: string) => `${meetingId}|${participantId}`;

  function find(meetingId: string, participantId: string, token: string): Reservation | null {
    const found = all.get(keyOf(meetingId, participantId));
    return found && timingSafeEqualText(found.token, token) ? found : null;
  }

  function remove(reservation: Reservation) {
    clearTimeout(reservation.timer);
    if (reservation.openTimer) clearTimeout(reservation.openTimer);
    all.delete(keyOf(reservation.meetingId, reservation.participantId));
    const left = (perMeeting.get(reservation.meetingId) ?? 1) - 1;
    if (left > 0) perMeeting.set(reservation.meetingId, left);
    else perMeeting.delete(reservation.meetingId);
  }

  function end(reservation: Reservation, reason: string) {
    remove(reservation);
    reservation.channel?.close(reason);
    onEnded(reservation.meetingId, reservation.participantId);
  }

  return {
    /** A new reservation, or null when the meeting (or the node) holds as many as it may. */
    reserve(meetingId: string, grant: string): { participantId: string; token: string; expiresInMs: number } | null {
      if (all.size >= options.total || (perMeeting.get(meetingId) ?? 0) >= options.perMeeting) return null;
      const reservation: Reservation = {
        meetingId,
        participantId: newId(),
        token: randomBytes(24).toString('base64url'),
        grant,
        timer: setTimeout(() => end(reservation, 'the reservation expired'), options.ttlMs),
        openTimer: setTimeout(() => end(reservation, 'the reservation was not used'), options.openWithinMs),
        channel: null,
      };
      reservation.timer.unref?.();
      reservation.openTimer?.unref?.();
      all.set(keyOf(meetingId, reservation.participantId), reservation);
      perMeeting.set(meetingId, (perMeeting.get(meetingId) ?? 0) + 1);
      return { participantId: reservation.participantId, token: reservation.token, expiresInMs: options.ttlMs };
    },
    /** Is this a live reservation of this meeting with this token? */
    verify: (meetingId: string, participantId: string, token: string) => find(meetingId, participantId, token) !== null,
    /** Is this id reserved in this meeting (the PeerJS gate's "pending")? */
    has: (meetingId: string, participantId: string) => all.has(keyOf(meetingId, participantId)),
    /** The reservation's room channel opened: held until the join (a newer socket replaces an older). */
    hold(meetingId: string, participantId: string, token: string, channel: HeldChannel): boolean {
      const reservation = find(meetingId, participantId, token);
      if (!reservation) return false;
      if (reservation.channel && reservation.channel !== channel) reservation.channel.close('replaced by a newer connection');
      reservation.channel = channel;
      if (reservation.openTimer) clearTimeout(reservation.openTimer);
      reservation.openTimer = null;
      return true;
    },
    /** The held socket closed. */
    release(meetingId: string, participantId: string, channel: HeldChannel): void {
      const reservation = all.get(keyOf(meetingId, participantId));
      if (reservation?.channel === channel) reservation.channel = null;
    },
    /**
     * The join takes the reservation (same meeting, token and access): its id becomes the
     * participant's, and its held room channel (if any) is handed over to be promoted. Null: no
     * such reservation (expired, another node's, wrong token or access); the join goes on without.
     */
    take(
      meetingId: string,
      participantId: string,
      token: string,
      grant: string,
    ): { participantId: string; channel: HeldChannel | null } | null {
      const reservation = find(meetingId, participantId, token);
      if (!reservation || reservation.grant !== grant) return null;
      remove(reservation);
      const key = keyOf(meetingId, participantId);
      const timer = setTimeout(() => taken.delete(key), options.ttlMs);
      timer.unref?.();
      taken.set(key, { token, timer });
      if (taken.size > options.total) {
        const [oldest] = taken;
        if (oldest) {
          clearTimeout(oldest[1].timer);
          taken.delete(oldest[0]);
        }
      }
      return { participantId, channel: reservation.channel };
    },
    /**
     * Was this the token of a reservation this participant's join took (within `ttlMs`, while they
     * are in the room)? Its sockets may still open with it.
     */
    wasTaken(meetingId: string, participantId: string, token: string): boolean {
      const found = taken.get(keyOf(meetingId, participantId));
      return found !== undefined && timingSafeEqualText(found.token, token);
    },
    /** The participant left the room: a reservation's token they joined with opens nothing any more. */
    forget(meetingId: string, participantId: string): void {
      const key = keyOf(meetingId, participantId);
      const found = taken.get(key);
      if (!found) return;
      clearTimeout(found.timer);
      taken.delete(key);
    },
    size: () => all.size,
    /** Who closes a reservation's PeerJS socket when it ends without a join (create-backend.ts). */
    whenEnded(listener: (meetingId: string, participantId: string) => void): void {
      onEnded = listener;
    },
    /** Ends every reservation (server shutdown). */
    close() {
      for (const reservation of [...all.values()]) end(reservation, 'server shutting down');
      for (const { timer } of taken.values()) clearTimeout(timer);
      taken.clear();
    },
  };
}

export type Reservations = ReturnType<typeof createReservations>;
