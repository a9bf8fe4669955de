import { PROTOCOL_VERSION } from '../../shared/protocol-version.ts';
import { PresenceState, type Participant, type ParticipantRole } from '../../shared/api/participants.ts';
import type { RoomRecording } from '../../shared/api/recordings.ts';
import { assertNever, LeaveReason, MediaMode, RoomCloseCode, type ClientMessage, type ServerEvent } from '../../shared/room-events.ts';
import { newId } from '../lib/ids.ts';
import { timingSafeEqualText } from '../lib/timing-safe.ts';
import { createParticipantTokens, type ParticipantClaim, type ParticipantTokens } from './participant-tokens.ts';

/** What the hub needs from a live connection (a `ws` WebSocket, or a fake in tests). */
export interface ChannelSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface RoomHubOptions {
  reconnectGraceMs: number;
  unloadGraceMs: number;
  joinTimeoutMs: number;
  now?: () => Date;
  /** Signs participant tokens; with a secret shared by every node, any node accepts them (participant-tokens.ts). */
  tokens?: ParticipantTokens;
}

/** Participant ids that left on this node, remembered so their still-valid signed token cannot bring them back. */
const LEFT_MEMORY = 100_000;
/**
 * The others are told of a participant's reload (and so drop their calls with it and call again) at
 * most once in this long: rejoins are not counted by the rate limits, and each new call is a new
 * peer connection on every page present. A page reloaded sooner calls them itself after
 * RELOAD_CALL_WAIT_MS (pwa/src/call/calls-after-reload.ts).
 */
export const RELOAD_TELL_GAP_MS = 1_000;

type Presence = 'pending' | PresenceState;

interface LiveParticipant {
  id: string;
  token: string;
  name: string;
  role: ParticipantRole;
  audioMuted: boolean;
  videoMuted: boolean;
  joinedAt: string;
  screenSharing: boolean;
  presence: Presence;
  /** How they were let in (see access/room-access.ts); re-checked when their channel reconnects. */
  grant: string;
  deviceId: string | null;
  /** Rebuilt from a signed token another node issued (a failover), not joined here. */
  restored: boolean;
  socket: ChannelSocket | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** When the others were last told to call a new page of theirs (ms; `participant-reloaded`). */
  reloadToldAt: number;
}

interface Room {
  meetingId: string;
  participants: Map<string, LiveParticipant>;
}

export interface JoinRequest {
  name: string;
  role: ParticipantRole;
  audioMuted: boolean;
  videoMuted: boolean;
  rejoin?: { participantId: string; token: string } | undefined;
  grant?: string;
  deviceId?: string | null;
  /** The id a reservation held for this page (rooms/reservations.ts); a new one otherwise. */
  id?: string;
}

export interface JoinResult {
  participant: Participant;
  token: string;
  participants: Participant[];
  rejoined: boolean;
}

export type HubEvent =
  | { type: 'joined'; meetingId: string; participant: Participant }
  | { type: 'left'; meetingId: string; participant: Participant; reason: LeaveReason }
  /** Someone who joined but never opened their room channel is gone (nobody else ever saw them). */
  | { type: 'dropped'; meetingId: string; participant: Participant; reason: LeaveReason };

/**
 * Who is in which room right now, and the fan-out of room events.
 * In memory by design: a participant exists while their page is in the call.
 * A participant is announced to the others only once their room channel is open,
 * and a dropped channel makes them "reconnecting" (not gone) for a grace period.
 */
export class RoomHub {
  private readonly rooms = new Map<string, Room>();
  private readonly listeners = new Set<(event: HubEvent) => void>();
  /** Told when a room's last participant goes (left, dropped, removed, ended): per-meeting state elsewhere is let go then. */
  private readonly emptiedListeners = new Set<(meetingId: string) => void>();
  /** The recording running in a room (kept apart from `rooms`, which go when they empty). */
  private readonly recordings = new Map<string, RoomRecording>();
  private readonly now: () => Date;
  private readonly tokens: ParticipantTokens;
  /** `meetingId|participantId` of those who left on this node (oldest first, bounded). */
  private readonly left = new Set<string>();

  private readonly options: RoomHubOptions;
  /** Set by a drain: channels closing now are pages moving to another node. */
  private moving = false;
  /** The meeting's media mode for a welcome (sfu/media-modes.ts decides it). */
  private mediaModeOf: (meetingId: string) => MediaMode = () => MediaMode.Mesh;
  constructor(options: RoomHubOptions) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
    this.tokens = options.tokens ?? createParticipantTokens();
  }

  subscribe(listener: (event: HubEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `listener(meetingId)` once the room has nobody left in it (after the last `left`/`dropped` event). */
  onEmptied(listener: (meetingId: string) => void): () => void {
    this.emptiedListeners.add(listener);
    return () => this.emptiedListeners.delete(listener);
  }

  /** Where welcomes read the meeting's media mode from (sfu/media-modes.ts). */
  setMediaModeSource(mediaModeOf: (meetingId: string) => MediaMode): void {
    this.mediaModeOf = mediaModeOf;
  }

  /** Everyone the room holds now: on the roster, reconnecting, or joined and not yet on it (the room cap counts them). */
  headcount(meetingId: string): number {
    return this.rooms.get(meetingId)?.participants.size ?? 0;
  }

  /** Rooms that have anyone in them (joined, reconnecting or not yet on the roster). */
  activeMeetings(): string[] {
    return [...this.rooms.keys()];
  }

  /** How much the hub holds: for /metrics and the soak bench. */
  sizes() {
    let participants = 0;
    let sockets = 0;
    for (const room of this.rooms.values()) {
      participants += room.participants.size;
      for (const participant of room.participants.values()) if (participant.socket) sockets++;
    }
    return { rooms: this.rooms.size, participants, roomSockets: sockets, hubRecordings: this.recordings.size };
  }

  join(meetingId: string, request: JoinRequest): JoinResult {
    if (request.rejoin) this.restore(meetingId, request.rejoin.participantId, request.rejoin.token);
    const room = this.roomFor(meetingId);
    const existing = request.rejoin ? room.participants.get(request.rejoin.participantId) : undefined;
    if (existing && request.rejoin && timingSafeEqualText(existing.token, request.rejoin.token)) {
      existing.name = request.name;
      existing.grant = request.grant ?? existing.grant;
      // A new page of someone on the roster (a reload): the others call it now, while it loads; their
      // calls with the old page are dead. One the waiting room let in is not on it yet: it calls them.
      const now = this.now().getTime();
      if (existing.presence !== 'pending' && now - existing.reloadToldAt >= RELOAD_TELL_GAP_MS) {
        existing.reloadToldAt = now;
        this.broadcast(room, { type: 'participant-reloaded', participantId: existing.id }, existing.id);
      }
      return {
        participant: toPublic(existing),
        token: existing.token,
        participants: this.visible(room).filter((p) => p.id !== existing.id),
        rejoined: true,
      };
    }
    const id = request.id && !room.participants.has(request.id) ? request.id : newId();
    const claim: ParticipantClaim = {
      meetingId,
      participantId: id,
      role: request.role,
      name: request.name,
      grant: request.grant ?? '',
      deviceId: request.deviceId ?? null,
    };
    const participant = this.add(room, claim, this.tokens.sign(claim), request, false);
    return { participant: toPublic(participant), token: participant.token, participants: this.visible(room), rejoined: false };
  }

  /**
   * The participant in this room holding this token, or null. A participant this node does not
   * know, holding a token signed with the cluster's secret for this meeting (another node let them
   * in, then died), is rebuilt here first — unless they left on this node.
   */
  authenticate(meetingId: string, participantId: string, token: string): Participant | null {
    this.restore(meetingId, participantId, token);
    const participant = this.rooms.get(meetingId)?.participants.get(participantId);
    if (!participant || !timingSafeEqualText(participant.token, token)) return null;
    return toPublic(participant);
  }

  /** Was this participant rebuilt from a signed token (see authenticate), and with which browser id? */
  restoredOf(meetingId: string, participantId: string): { deviceId: string | null } | null {
    const participant = this.rooms.get(meetingId)?.participants.get(participantId);
    return participant?.restored ? { deviceId: participant.deviceId } : null;
  }

  private restore(meetingId: string, participantId: string, token: string): void {
    if (this.rooms.get(meetingId)?.participants.has(participantId)) return;
    if (this.left.has(`${meetingId}|${participantId}`)) return;
    const claim = this.tokens.verify(token);
    if (!claim || claim.meetingId !== meetingId || claim.participantId !== participantId) return;
    // Muted until their page says otherwise (it sends its media state when the channel opens).
    const request = { audioMuted: true, videoMuted: true };
    this.add(this.roomFor(meetingId), claim, token, request, true);
  }

  private add(
    room: Room,
    claim: ParticipantClaim,
    token: string,
    request: Pick<JoinRequest, 'audioMuted' | 'videoMuted'>,
    restored: boolean,
  ): LiveParticipant {
    const participant: LiveParticipant = {
      id: claim.participantId,
      token,
      name: claim.name,
      role: claim.role as ParticipantRole,
      audioMuted: request.audioMuted,
      videoMuted: request.videoMuted,
      joinedAt: this.now().toISOString(),
      screenSharing: false,
      presence: 'pending',
      grant: claim.grant,
      deviceId: claim.deviceId,
      restored,
      socket: null,
      timer: null,
      reloadToldAt: Number.NEGATIVE_INFINITY,
    };
    participant.timer = setTimeout(() => this.dropPending(room, participant), this.options.joinTimeoutMs);
    room.participants.set(participant.id, participant);
    return participant;
  }

  /** Used by the PeerServer gate: on the roster (channel open or reconnecting), joined but not yet on it, or not there. */
  presenceOf(meetingId: string, participantId: string): 'present' | 'pending' | 'gone' {
    const participant = this.rooms.get(meetingId)?.participants.get(participantId);
    if (!participant) return 'gone';
    return participant.presence === 'pending' ? 'pending' : 'present';
  }

  grantOf(meetingId: string, participantId: string): string | null {
    return this.rooms.get(meetingId)?.participants.get(participantId)?.grant ?? null;
  }

  participants(meetingId: string): Participant[] {
    const room = this.rooms.get(meetingId);
    return room ? this.visible(room) : [];
  }

  /**
   * The room channel of an authenticated participant opened. `media`: what their page says it
   * sends now; taken for someone rebuilt from their token (a failover), who is otherwise shown
   * muted until their first `media-state`.
   */
  connect(meetingId: string, participantId: string, socket: ChannelSocket, media?: { audioMuted: boolean; videoMuted: boolean }): void {
    const room = this.rooms.get(meetingId);
    const participant = room?.participants.get(participantId);
    if (!room || !participant) {
      socket.close(RoomCloseCode.NotFound, 'not in this room');
      return;
    }
    const previous = participant.presence;
    if (media && participant.restored && previous === 'pending') {
      participant.audioMuted = media.audioMuted;
      participant.videoMuted = media.videoMuted;
    }
    if (participant.socket && participant.socket !== socket) {
      participant.socket.close(RoomCloseCode.Replaced, 'replaced by a newer connection');
    }
    participant.socket = socket;
    this.clearTimer(participant);
    participant.presence = PresenceState.Connected;
    this.send(participant, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      participantId,
      participants: this.visible(room),
      recording: this.recordings.get(meetingId) ?? null,
      mediaMode: this.mediaModeOf(meetingId),
    });
    if (previous === 'pending') {
      this.broadcast(room, { type: 'participant-joined', participant: toPublic(participant) }, participant.id);
      this.emit({ type: 'joined', meetingId, participant: toPublic(participant) });
    } else if (previous === PresenceState.Reconnecting) {
      this.broadcast(room, { type: 'participant-updated', participant: toPublic(participant) }, participant.id);
    }
  }

  /**
   * The channel closed without a leave. `goingAway` is true when the browser closed it on
   * purpose (page unload or refresh): a shorter grace, since a refresh is back within it.
   */
  disconnect(meetingId: string, participantId: string, socket: ChannelSocket, goingAway: boolean): void {
    const room = this.rooms.get(meetingId);
    const participant = room?.participants.get(participantId);
    if (!room || !participant || participant.socket !== socket) return;
    participant.socket = null;
    // Moving to another node: nobody here is told, and nobody times out (the room lives on over there).
    if (this.moving) return;
    participant.presence = PresenceState.Reconnecting;
    // A share does not survive a lost page; a page that only lost its connection announces it again.
    participant.screenSharing = false;
    this.broadcast(room, { type: 'participant-updated', participant: toPublic(participant) });
    const grace = goingAway ? this.options.unloadGraceMs : this.options.reconnectGraceMs;
    this.clearTimer(participant);
    participant.timer = setTimeout(() => this.leave(meetingId, participantId, LeaveReason.TimedOut), grace);
  }

  handleMessage(meetingId: string, participantId: string, message: ClientMessage): void {
    const room = this.rooms.get(meetingId);
    const participant = room?.participants.get(participantId);
    if (!room || !participant) return;
    switch (message.type) {
      case 'media-state':
        if (participant.audioMuted === message.audioMuted && participant.videoMuted === message.videoMuted) return;
        participant.audioMuted = message.audioMuted;
        participant.videoMuted = message.videoMuted;
        this.broadcast(room, { type: 'participant-updated', participant: toPublic(participant) });
        return;
      case 'screen-share':
        if (participant.screenSharing === message.active) return;
        if (message.active) {
          // One share at a time: the newest takes over.
          for (const other of room.participants.values()) {
            if (other.id === participant.id || !other.screenSharing) continue;
            other.screenSharing = false;
            this.broadcast(room, { type: 'participant-updated', participant: toPublic(other) });
          }
        }
        participant.screenSharing = message.active;
        this.broadcast(room, { type: 'participant-updated', participant: toPublic(participant) });
        return;
      case 'ping':
        this.send(participant, { type: 'pong', at: message.at });
        return;
      case 'leave':
        this.leave(meetingId, participantId, LeaveReason.Left);
        return;
      default:
        assertNever(message, 'client message');
    }
  }

  /** Sends an event to everyone in the room whose channel is open (optionally only some of them). */
  publish(meetingId: string, event: ServerEvent, only?: (participant: Participant) => boolean): void {
    const room = this.rooms.get(meetingId);
    if (!room) return;
    const text = JSON.stringify(event);
    for (const participant of room.participants.values()) {
      if (!only || only(toPublic(participant))) participant.socket?.send(text);
    }
  }

  /** Recording started (or stopped: null) in a room: everyone is told now, and every later welcome says so. */
  setRecording(meetingId: string, recording: RoomRecording | null): void {
    if (recording) this.recordings.set(meetingId, recording);
    else this.recordings.delete(meetingId);
    this.publish(meetingId, { type: 'recording-state', recording });
  }

  /** Removes a participant and tells everyone. Returns false if they were not there. */
  leave(meetingId: string, participantId: string, reason: LeaveReason): boolean {
    const room = this.rooms.get(meetingId);
    const participant = room?.participants.get(participantId);
    if (!room || !participant) return false;
    this.clearTimer(participant);
    room.participants.delete(participantId);
    this.left.add(`${meetingId}|${participantId}`);
    if (this.left.size > LEFT_MEMORY) this.left.delete(this.left.values().next().value!);
    const wasVisible = participant.presence !== 'pending';
    participant.socket?.close(RoomCloseCode.Left, reason);
    participant.socket = null;
    if (wasVisible) {
      this.broadcast(room, { type: 'participant-left', participantId, reason });
      this.emit({ type: 'left', meetingId, participant: toPublic(participant), reason });
    } else {
      this.emit({ type: 'dropped', meetingId, participant: toPublic(participant), reason });
    }
    if (room.participants.size === 0 && this.rooms.get(meetingId) === room) {
      this.rooms.delete(meetingId);
      for (const listener of [...this.emptiedListeners]) listener(meetingId);
    }
    return true;
  }

  /** The host ended the meeting: everyone hears `event`, then every channel closes and the room is gone. */
  endRoom(meetingId: string, event: ServerEvent): void {
    const room = this.rooms.get(meetingId);
    if (!room) return;
    const text = JSON.stringify(event);
    for (const participant of room.participants.values()) participant.socket?.send(text);
    for (const participantId of [...room.participants.keys()]) this.leave(meetingId, participantId, LeaveReason.Ended);
  }

  /**
   * A drain (cluster/drain.ts): everyone hears `moving` now; from then on a channel that closes is a
   * page on its way to the meeting's next node, not someone reconnecting or leaving.
   */
  startMoving(): void {
    this.moving = true;
    const text = JSON.stringify({ type: 'moving' } satisfies ServerEvent);
    for (const room of this.rooms.values()) for (const participant of room.participants.values()) participant.socket?.send(text);
  }

  /** The drain's last step: every channel closes with 1012, and the pages reconnect at once (to the next node). */
  moveAll(): void {
    this.moving = true;
    for (const room of this.rooms.values()) {
      for (const participant of room.participants.values()) participant.socket?.close(RoomCloseCode.Moving, 'moving to another server');
    }
  }

  /** Shutdown: closes every channel (clients see 1001 and reconnect to the next server). */
  closeAll(): void {
    for (const room of this.rooms.values()) {
      for (const participant of room.participants.values()) {
        this.clearTimer(participant);
        participant.socket?.close(1001, 'server shutting down');
      }
    }
    this.rooms.clear();
  }

  private roomFor(meetingId: string): Room {
    let room = this.rooms.get(meetingId);
    if (!room) {
      room = { meetingId, participants: new Map() };
      this.rooms.set(meetingId, room);
    }
    return room;
  }

  private dropPending(room: Room, participant: LiveParticipant): void {
    if (participant.presence === 'pending') this.leave(room.meetingId, participant.id, LeaveReason.TimedOut);
  }

  private visible(room: Room): Participant[] {
    return [...room.participants.values()].filter((p) => p.presence !== 'pending').map(toPublic);
  }

  private send(participant: LiveParticipant, event: ServerEvent): void {
    participant.socket?.send(JSON.stringify(event));
  }

  private broadcast(room: Room, event: ServerEvent, exceptId?: string): void {
    const text = JSON.stringify(event);
    for (const participant of room.participants.values()) {
      if (participant.id !== exceptId) participant.socket?.send(text);
    }
  }

  private clearTimer(participant: LiveParticipant): void {
    if (participant.timer) clearTimeout(participant.timer);
    participant.timer = null;
  }

  private emit(event: HubEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function toPublic(p: LiveParticipant): Participant {
  return {
    id: p.id,
    name: p.name,
    role: p.role,
    audioMuted: p.audioMuted,
    videoMuted: p.videoMuted,
    presence: p.presence === 'pending' ? PresenceState.Connected : p.presence,
    screenSharing: p.screenSharing,
    joinedAt: p.joinedAt,
  };
}
