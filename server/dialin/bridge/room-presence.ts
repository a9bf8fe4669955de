import { ParticipantRole } from '../../../shared/api/participants.ts';
import { parseServerEvent, type LeaveReason, type ServerEvent } from '../../../shared/room-events.ts';
import type { ChannelSocket, RoomHub } from '../../rooms/room-hub.ts';
import { logFor } from '../../lib/log.ts';

const log = logFor('dial-in');

export interface RoomPresenceOptions {
  hub: RoomHub;
  meetingId: string;
  name: string;
  /** Room events, exactly as a browser gets them on its channel. */
  onEvent: (event: ServerEvent) => void;
  /** The hub closed our channel: we left, were removed, or the server is stopping. */
  onClosed: (code: number, reason: string) => void;
}

/**
 * The bridge's seat in the room: joined through the hub like any participant (role
 * `phone`, camera off), and a room channel that lives in-process instead of on a
 * WebSocket, so the caller shows in the list and count and leaves like anyone else.
 */
export function joinRoomAsPhone({ hub, meetingId, name, onEvent, onClosed }: RoomPresenceOptions) {
  const { participant, token } = hub.join(meetingId, {
    name,
    role: ParticipantRole.Phone,
    audioMuted: false,
    videoMuted: true,
  });
  const socket: ChannelSocket = {
    send(text) {
      const parsed = parseServerEvent(text);
      if (parsed.ok) onEvent(parsed.value);
      else log.warn(`unreadable room event: ${parsed.message}`);
    },
    close: onClosed,
  };
  return {
    participantId: participant.id,
    /** Authenticates our PeerJS socket, like a browser's join token. */
    token,
    /** Opens the channel: the others see us join, and we get `welcome` at once. */
    open: () => hub.connect(meetingId, participant.id, socket),
    setMuted: (audioMuted: boolean) => hub.handleMessage(meetingId, participant.id, { type: 'media-state', audioMuted, videoMuted: true }),
    leave: (reason: LeaveReason) => hub.leave(meetingId, participant.id, reason),
  };
}

export type RoomPresence = ReturnType<typeof joinRoomAsPhone>;
