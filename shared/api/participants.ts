import * as v from 'valibot';
import { ClientHintsSchema } from '../media-check.ts';
import { RtcConfigSchema } from './rtc.ts';

export const DISPLAY_NAME_MAX = 60;

export const DisplayNameSchema = v.pipe(
  v.string('name must be text'),
  v.trim(),
  v.minLength(1, 'name must not be empty'),
  v.maxLength(DISPLAY_NAME_MAX, `name must be at most ${DISPLAY_NAME_MAX} characters`),
  // Control characters would break tiles and logs.
  v.regex(/^[^\p{Cc}\p{Cf}]*$/u, 'name must not contain control characters'),
);

/** `phone`: a telephone caller bridged into the room by the server (dial-in). */
export const ParticipantRole = { Host: 'host', Guest: 'guest', Phone: 'phone' } as const;
export type ParticipantRole = (typeof ParticipantRole)[keyof typeof ParticipantRole];

/** connected: room channel open; reconnecting: channel lost, within the grace period. */
export const PresenceState = { Connected: 'connected', Reconnecting: 'reconnecting' } as const;
export type PresenceState = (typeof PresenceState)[keyof typeof PresenceState];

export const ParticipantSchema = v.object({
  id: v.string(),
  name: v.string(),
  role: v.picklist([ParticipantRole.Host, ParticipantRole.Guest, ParticipantRole.Phone]),
  audioMuted: v.boolean(),
  videoMuted: v.boolean(),
  presence: v.picklist([PresenceState.Connected, PresenceState.Reconnecting]),
  /** Shares their screen now (at most one participant at a time). */
  screenSharing: v.optional(v.boolean(), false),
  joinedAt: v.string(),
});
export type Participant = v.InferOutput<typeof ParticipantSchema>;

export const JoinBodySchema = v.strictObject({
  name: DisplayNameSchema,
  audioMuted: v.optional(v.boolean(), false),
  videoMuted: v.optional(v.boolean(), false),
  /** The pre-join media check this page ran, so its reports belong to this participant. */
  checkId: v.optional(v.pipe(v.string(), v.maxLength(64))),
  clientHints: v.optional(ClientHintsSchema),
  /** Present when a page that was already in the call rejoins (refresh): keeps the identity. */
  rejoin: v.optional(
    v.strictObject({
      participantId: v.pipe(v.string(), v.maxLength(64)),
      // Signed tokens (server/rooms/participant-tokens.ts) carry their claim: a few hundred characters.
      token: v.pipe(v.string(), v.maxLength(1024)),
    }),
  ),
  /**
   * The place this page's pre-join page held (`POST …/visit`), whose PeerJS socket and room
   * channel are already open: the participant takes its id. Ignored when it is no longer held.
   */
  reservation: v.optional(
    v.strictObject({
      participantId: v.pipe(v.string(), v.maxLength(64)),
      token: v.pipe(v.string(), v.maxLength(128)),
    }),
  ),
});
export type JoinBody = v.InferInput<typeof JoinBodySchema>;

export { IceServerSchema, type IceServer } from './rtc.ts';

export const JoinResponseSchema = v.object({
  participant: ParticipantSchema,
  /** Secret of this participant: authenticates its room channel, its PeerJS socket and its REST calls. */
  token: v.string(),
  /** Everyone else currently in the room. */
  participants: v.array(ParticipantSchema),
  rejoined: v.boolean(),
  rtc: v.object({
    ...RtcConfigSchema.entries,
    peerPath: v.string(),
    peerKey: v.string(),
  }),
});
export type JoinResponse = v.InferOutput<typeof JoinResponseSchema>;

/**
 * A place held for this page until it joins (server/rooms/reservations.ts): its PeerJS socket and
 * room channel may open with this id and token now; nobody sees or hears it until the join.
 */
export const ReservationSchema = v.object({
  participantId: v.string(),
  token: v.string(),
  expiresInMs: v.number(),
  rtc: JoinResponseSchema.entries.rtc,
});
export type Reservation = v.InferOutput<typeof ReservationSchema>;

export const RoomSnapshotSchema = v.object({
  meetingId: v.string(),
  participants: v.array(ParticipantSchema),
});
export type RoomSnapshot = v.InferOutput<typeof RoomSnapshotSchema>;
