import * as v from 'valibot';
import { parseJson } from './room-events.ts';

/**
 * The waiting room's socket: `/ws/lobby/:meetingId?waiterId=…&token=…`, server → client
 * only (JSON text frames). A waiting guest is not a participant: this socket carries
 * no room events, and their PeerJS socket and room channel are refused until admitted.
 */
export const LOBBY_CHANNEL_PATH = '/ws/lobby/';

export const LobbyCloseCode = {
  /** The ticket is unknown (dropped, already used) or its token is wrong: knock again. */
  Unknown: 4004,
  /** A newer knock from the same browser took this one's place. */
  Replaced: 4001,
  /** The answer was given (admitted, declined, meeting ended): nothing more comes. */
  Done: 4000,
} as const;

/** A waiting guest closes with this reason when they give up (dropped at once, no grace). */
export const LOBBY_CANCEL_REASON = 'cancel';

export const LobbyStatusEventSchema = v.object({
  type: v.literal('lobby-status'),
  /** The host is in the call (so someone can let the guest in). */
  hostPresent: v.boolean(),
});

/** Let in: these are the guest's participant id and token for the join (as a rejoin). */
export const AdmittedEventSchema = v.object({ type: v.literal('admitted'), participantId: v.string(), token: v.string() });

export const DeclinedEventSchema = v.object({
  type: v.literal('declined'),
  /** declined: by the host; ended: the host ended the meeting while they waited. */
  reason: v.picklist(['declined', 'ended']),
});

export const LobbyEventSchema = v.variant('type', [LobbyStatusEventSchema, AdmittedEventSchema, DeclinedEventSchema]);
export type LobbyEvent = v.InferOutput<typeof LobbyEventSchema>;

export const parseLobbyEvent = (text: string) => parseJson(LobbyEventSchema, text);
