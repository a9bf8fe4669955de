import type { Waiter } from '../../shared/api/host-controls.ts';
import { LobbyCloseCode, type LobbyEvent } from '../../shared/lobby-events.ts';
import { newId, newSecret } from '../lib/ids.ts';
import { timingSafeEqualText } from '../lib/timing-safe.ts';
import type { ChannelSocket } from '../rooms/room-hub.ts';

export interface LobbyOptions {
  /** A ticket whose socket never opens is dropped after this. */
  joinTimeoutMs: number;
  reconnectGraceMs: number;
  unloadGraceMs: number;
  now?: () => Date;
  /** The list of one meeting's waiting guests changed (the host's page shows it). */
  onChange: (meetingId: string) => void;
}

export interface KnockRequest {
  name: string;
  audioMuted: boolean;
  videoMuted: boolean;
  /** What they entered with (`grantKey`), re-checked like a participant's. */
  grant: string;
  deviceId: string | null;
  inviteId: string | null;
  removedBefore: boolean;
  hostPresent: boolean;
  /** A telephone caller (hash of their number, or null when withheld): they wait on the line, not on a socket. */
  call?: { callSid: string; numberHash: string | null } | undefined;
}

type Outcome = Extract<LobbyEvent, { type: 'admitted' | 'declined' }>;

interface Entry extends KnockRequest {
  id: string;
  token: string;
  meetingId: string;
  since: string;
  socket: ChannelSocket | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** Set once the host answered; delivered when (or as soon as) their socket is open. */
  outcome: Outcome | null;
}

/**
 * The waiting room: guests who knocked and wait for the host. In memory, like the hub,
 * and deliberately apart from it: a waiting guest is not in the hub at all, so nothing
 * that admits participants (PeerServer gate, room channel, `requireParticipant`) can
 * accept them. Admission turns a waiter into a hub participant (see host-controls.ts).
 */
export function createLobby(options: LobbyOptions) {
  const now = options.now ?? (() => new Date());
  const rooms = new Map<string, Map<string, Entry>>();

  const entries = (meetingId: string) => rooms.get(meetingId) ?? new Map<string, Entry>();
  const send = (entry: Entry, event: LobbyEvent) => entry.socket?.send(JSON.stringify(event));

  function clearTimer(entry: Entry) {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
  }

  function arm(entry: Entry, ms: number) {
    clearTimer(entry);
    entry.timer = setTimeout(() => drop(entry), ms);
    entry.timer.unref?.();
  }

  function drop(entry: Entry, code: number = LobbyCloseCode.Done, reason = 'closed') {
    clearTimer(entry);
    const room = rooms.get(entry.meetingId);
    if (room?.get(entry.id) !== entry) return;
    room.delete(entry.id);
    if (room.size === 0) rooms.delete(entry.meetingId);
    const socket = entry.socket;
    entry.socket = null;
    socket?.close(code, reason);
    if (!entry.outcome) options.onChange(entry.meetingId);
  }

  /** Gives the answer now if the socket is open; the entry then goes. */
  function deliver(entry: Entry) {
    if (!entry.outcome || !entry.socket) return;
    send(entry, entry.outcome);
    drop(entry, LobbyCloseCode.Done, entry.outcome.type);
  }

  function waiting(meetingId: string, waiterId: string): Entry | null {
    const entry = rooms.get(meetingId)?.get(waiterId);
    return entry && !entry.outcome ? entry : null;
  }

  return {
    /** A guest knocks; a second knock from the same browser replaces the first (a reload while waiting). */
    knock(meetingId: string, request: KnockRequest): { id: string; token: string } {
      // A phone call knocks once, whatever Twilio sends again for it.
      const sameCall =
        request.call && [...entries(meetingId).values()].find((e) => !e.outcome && e.call?.callSid === request.call!.callSid);
      if (sameCall) return { id: sameCall.id, token: sameCall.token };
      for (const other of [...entries(meetingId).values()]) {
        if (!other.outcome && request.deviceId && other.deviceId === request.deviceId && other.grant === request.grant) {
          drop(other, LobbyCloseCode.Replaced, 'replaced by a newer knock');
        }
      }
      let room = rooms.get(meetingId);
      if (!room) rooms.set(meetingId, (room = new Map()));
      const entry: Entry = {
        ...request,
        id: newId(),
        token: newSecret(),
        meetingId,
        since: now().toISOString(),
        socket: null,
        timer: null,
        outcome: null,
      };
      room.set(entry.id, entry);
      arm(entry, options.joinTimeoutMs);
      options.onChange(meetingId);
      return { id: entry.id, token: entry.token };
    },

    authenticate(meetingId: string, waiterId: string, token: string): boolean {
      const entry = rooms.get(meetingId)?.get(waiterId);
      return Boolean(entry && timingSafeEqualText(entry.token, token));
    },

    /** The waiting page's socket opened: it hears whether the host is there, or its answer at once. */
    connect(meetingId: string, waiterId: string, socket: ChannelSocket): void {
      const entry = rooms.get(meetingId)?.get(waiterId);
      if (!entry) return socket.close(LobbyCloseCode.Unknown, 'no such waiting ticket; knock again');
      if (entry.socket && entry.socket !== socket) entry.socket.close(LobbyCloseCode.Replaced, 'replaced by a newer connection');
      entry.socket = socket;
      clearTimer(entry);
      if (entry.outcome) return deliver(entry);
      send(entry, { type: 'lobby-status', hostPresent: entry.hostPresent });
    },

    /** The socket closed: a guest who gave up goes at once, a lost connection gets a grace period. */
    disconnect(meetingId: string, waiterId: string, socket: ChannelSocket, how: 'cancelled' | 'unload' | 'lost'): void {
      const entry = rooms.get(meetingId)?.get(waiterId);
      if (!entry || entry.socket !== socket) return;
      entry.socket = null;
      if (how === 'cancelled') return drop(entry);
      arm(entry, how === 'unload' ? options.unloadGraceMs : options.reconnectGraceMs);
    },

    /** Who waits (not those already answered), oldest first. */
    list(meetingId: string): Waiter[] {
      return [...entries(meetingId).values()]
        .filter((e) => !e.outcome)
        .map((e) => ({ id: e.id, name: e.name, since: e.since, removedBefore: e.removedBefore, byPhone: Boolean(e.call) }));
    },

    /** The waiter as they knocked (for the admission), or null if gone or already answered. */
    find(meetingId: string, waiterId: string): Readonly<KnockRequest & { id: string }> | null {
      return waiting(meetingId, waiterId);
    },

    /**
     * A waiting phone caller's line asks again (Twilio polls while the caller holds): their
     * answer (the entry then goes), `waiting` (kept alive for `keepAliveMs` more), or null
     * when there is no such caller waiting (gone, or never this call).
     */
    poll(meetingId: string, waiterId: string, callSid: string, keepAliveMs: number): Outcome | 'waiting' | null {
      const entry = rooms.get(meetingId)?.get(waiterId);
      if (!entry?.call || entry.call.callSid !== callSid) return null;
      if (!entry.outcome) {
        arm(entry, keepAliveMs);
        return 'waiting';
      }
      const outcome = entry.outcome;
      drop(entry);
      return outcome;
    },

    /** The host's answer; false if that guest no longer waits. */
    answer(meetingId: string, waiterId: string, outcome: Outcome): boolean {
      const entry = waiting(meetingId, waiterId);
      if (!entry) return false;
      entry.outcome = outcome;
      options.onChange(meetingId);
      if (entry.socket) deliver(entry);
      else arm(entry, options.reconnectGraceMs);
      return true;
    },

    /** The meeting ended: everyone waiting is told so. */
    closeAll(meetingId: string): void {
      for (const entry of [...entries(meetingId).values()]) {
        if (entry.outcome) continue;
        entry.outcome = { type: 'declined', reason: 'ended' };
        if (entry.socket) deliver(entry);
        else drop(entry);
      }
      options.onChange(meetingId);
    },

    /** How much the waiting room holds (entries go by their own timers: a knock, an answer, a lost socket). */
    sizes() {
      let waiters = 0;
      let sockets = 0;
      for (const room of rooms.values()) {
        waiters += room.size;
        for (const entry of room.values()) if (entry.socket) sockets++;
      }
      return { lobbyMeetings: rooms.size, lobbyEntries: waiters, lobbySockets: sockets };
    },

    setHostPresent(meetingId: string, hostPresent: boolean): void {
      for (const entry of entries(meetingId).values()) {
        if (entry.hostPresent === hostPresent || entry.outcome) continue;
        entry.hostPresent = hostPresent;
        send(entry, { type: 'lobby-status', hostPresent });
      }
    },

    /** Shutdown: every waiting page sees 1001 and reconnects to the next server (which knows nothing: they knock again). */
    close(): void {
      for (const room of rooms.values()) {
        for (const entry of room.values()) {
          clearTimer(entry);
          entry.socket?.close(1001, 'server shutting down');
        }
      }
      rooms.clear();
    },
  };
}

export type Lobby = ReturnType<typeof createLobby>;
