import * as v from 'valibot';
import { ChatMessageSchema } from './api/chat.ts';
import { ModerationActionSchema, WaiterSchema } from './api/host-controls.ts';
import { ParticipantSchema } from './api/participants.ts';
import { RoomRecordingSchema } from './api/recordings.ts';
import { MediaMode } from './media-mode.ts';

/**
 * The live room channel: one WebSocket per participant at
 * `/ws/rooms/:meetingId?participantId=…&token=…`, JSON text frames.
 * Both directions are discriminated unions on `type`; anything received is
 * parsed with these schemas first.
 */

export const ROOM_CHANNEL_PATH = '/ws/rooms/';

/** Close codes the server uses on the room channel (4000-4999 are ours). */
export const RoomCloseCode = {
  /** The participant left (or was replaced by a newer connection of the same participant). */
  Left: 4000,
  Replaced: 4001,
  Unauthorized: 4003,
  NotFound: 4004,
  BadMessage: 4400,
  /** The server is going away (a drain before an upgrade): reconnect at once, the proxy sends you to another node. */
  Moving: 1012,
} as const;

/** removed: by the host; ended: the host ended the meeting for everyone. */
export const LeaveReason = { Left: 'left', TimedOut: 'timed_out', Removed: 'removed', Ended: 'ended' } as const;
export type LeaveReason = (typeof LeaveReason)[keyof typeof LeaveReason];

// ---------- server → client ----------

/**
 * How the meeting's media travels, decided by the server from the headcount: `mesh` (every page
 * sends to every other, up to MESH_MAX people) or `sfu` (every page publishes once to Janus and
 * subscribes to the others there, through `/ws/sfu/:meetingId`, see shared/sfu/sfu-proxy.ts).
 */
export { MediaMode };
export const MediaModeSchema = v.picklist([MediaMode.Mesh, MediaMode.Sfu]);

export const WelcomeEventSchema = v.object({
  type: v.literal('welcome'),
  protocol: v.number(),
  participantId: v.string(),
  /** Everyone in the room, including the receiver. */
  participants: v.array(ParticipantSchema),
  /** The recording running now, if any (so a late joiner sees the indicator at once). */
  recording: v.optional(v.nullable(RoomRecordingSchema), null),
  /** The meeting's media mode now (older servers sent none: the mesh). */
  mediaMode: v.optional(MediaModeSchema, MediaMode.Mesh),
});

export const ParticipantJoinedEventSchema = v.object({
  type: v.literal('participant-joined'),
  participant: ParticipantSchema,
});

/** Media state or presence (connected / reconnecting) changed. */
export const ParticipantUpdatedEventSchema = v.object({
  type: v.literal('participant-updated'),
  participant: ParticipantSchema,
});

/**
 * A participant's page was replaced by a new one (a reload that rejoined with its ticket): the calls
 * with its old page are dead. The pages present call the new one at once, while it loads; it waits
 * for their calls rather than placing its own (a phone caller, which does not get this, it calls).
 */
export const ParticipantReloadedEventSchema = v.object({
  type: v.literal('participant-reloaded'),
  participantId: v.string(),
});

export const ParticipantLeftEventSchema = v.object({
  type: v.literal('participant-left'),
  participantId: v.string(),
  reason: v.picklist([LeaveReason.Left, LeaveReason.TimedOut, LeaveReason.Removed, LeaveReason.Ended]),
});

/** A chat message (text, file or bot note), already stored, with its place in the room's order. */
export const ChatMessageEventSchema = v.object({ type: v.literal('chat-message'), message: ChatMessageSchema });

/** Recording started (with who records) or stopped (null): everyone sees the indicator change. */
export const RecordingStateEventSchema = v.object({ type: v.literal('recording-state'), recording: v.nullable(RoomRecordingSchema) });

/** Host only: the guests in the waiting room now (sent whenever the list changes). */
export const LobbyListEventSchema = v.object({ type: v.literal('lobby'), waiting: v.array(WaiterSchema) });

/** The meeting was locked or unlocked (no one new may enter while locked). */
export const RoomStateEventSchema = v.object({ type: v.literal('room-state'), locked: v.boolean() });

/** To one participant: the host muted them, stopped their video or share, or asks them to unmute. */
export const ModerationEventSchema = v.object({ type: v.literal('moderation'), action: ModerationActionSchema });

/** The host ended the meeting for everyone; the server closes every channel right after. */
export const MeetingEndedEventSchema = v.object({ type: v.literal('meeting-ended'), by: v.string() });

/**
 * This node is being drained (a rolling upgrade): the channel will close in a moment and the page
 * reconnects at once, landing on the node that takes the meeting over. Nothing to show the user.
 */
export const MovingEventSchema = v.object({ type: v.literal('moving') });

/**
 * The meeting's media mode changed (the room grew past MESH_MAX: `sfu`). Each page publishes to
 * Janus and subscribes to the others there, and only then drops its mesh connections.
 */
export const MediaModeEventSchema = v.object({ type: v.literal('media-mode'), mode: MediaModeSchema });

export const PongEventSchema = v.object({ type: v.literal('pong'), at: v.number() });

export const ChannelErrorEventSchema = v.object({
  type: v.literal('error'),
  code: v.string(),
  message: v.string(),
});

export const ServerEventSchema = v.variant('type', [
  WelcomeEventSchema,
  ParticipantJoinedEventSchema,
  ParticipantUpdatedEventSchema,
  ParticipantReloadedEventSchema,
  ParticipantLeftEventSchema,
  ChatMessageEventSchema,
  RecordingStateEventSchema,
  LobbyListEventSchema,
  RoomStateEventSchema,
  ModerationEventSchema,
  MeetingEndedEventSchema,
  MovingEventSchema,
  MediaModeEventSchema,
  PongEventSchema,
  ChannelErrorEventSchema,
]);
export type ServerEvent = v.InferOutput<typeof ServerEventSchema>;

// ---------- client → server ----------

export const MediaStateMessageSchema = v.strictObject({
  type: v.literal('media-state'),
  audioMuted: v.boolean(),
  videoMuted: v.boolean(),
});

/** Starting a share takes over from whoever shared before (as "present now" does in Meet). */
export const ScreenShareMessageSchema = v.strictObject({ type: v.literal('screen-share'), active: v.boolean() });

export const PingMessageSchema = v.strictObject({ type: v.literal('ping'), at: v.number() });

export const LeaveMessageSchema = v.strictObject({ type: v.literal('leave') });

export const ClientMessageSchema = v.variant('type', [
  MediaStateMessageSchema,
  ScreenShareMessageSchema,
  PingMessageSchema,
  LeaveMessageSchema,
]);
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;

/** Largest client frame the server accepts (bytes). */
export const CLIENT_MESSAGE_MAX_BYTES = 16 * 1024;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** JSON text parsed and checked against a schema; never throws. */
export function parseJson<T>(schema: v.GenericSchema<unknown, T>, text: string): ParseResult<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: 'message is not valid JSON' };
  }
  const result = v.safeParse(schema, raw);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, message: v.summarize(result.issues) };
}

export const parseServerEvent = (text: string) => parseJson(ServerEventSchema, text);
export const parseClientMessage = (text: string) => parseJson(ClientMessageSchema, text);

/** Exhaustiveness guard for switches over message unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
