import * as v from 'valibot';
import { ClientHintsSchema } from '../media-check.ts';
import { DisplayNameSchema } from './participants.ts';

/**
 * Host controls and the waiting room (issue 14). The host (the meeting's owner, by
 * session) may: admit or decline waiting guests, lock the meeting, end it for
 * everyone, and ask a participant to unmute, mute them, stop their video or screen
 * share, or remove them. The server checks every one of these; guests, strangers
 * and other users get 403.
 *
 * `POST /api/meetings/:id/lobby` (a guest knocks) → admitted at once, or a waiting
 * ticket; the waiting page then listens on `/ws/lobby/:id?waiterId=…&token=…`
 * (`shared/lobby-events.ts`) until the host admits or declines.
 */

export { DEVICE_ID_HEADER } from './access-headers.ts';
export const DeviceIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/));

/** How long before its scheduled start a meeting's window opens (see `meetingEnded`). */
export const MEETING_WINDOW_EARLY_MS = 15 * 60_000;

export const KnockBodySchema = v.strictObject({
  name: DisplayNameSchema,
  audioMuted: v.optional(v.boolean(), false),
  videoMuted: v.optional(v.boolean(), false),
  clientHints: v.optional(ClientHintsSchema),
});
export type KnockBody = v.InferInput<typeof KnockBodySchema>;

export const KnockResponseSchema = v.variant('state', [
  /** No waiting: go on with the join. */
  v.object({ state: v.literal('admitted') }),
  v.object({
    state: v.literal('waiting'),
    waiterId: v.string(),
    /** Secret of this waiting ticket (authenticates the lobby socket). */
    token: v.string(),
    hostPresent: v.boolean(),
    /** The host removed this guest earlier: only the host can let them back in. */
    removedBefore: v.boolean(),
  }),
]);
export type KnockResponse = v.InferOutput<typeof KnockResponseSchema>;

export const WaiterSchema = v.object({
  id: v.string(),
  name: v.string(),
  since: v.string(),
  removedBefore: v.boolean(),
  /** A telephone caller holding the line. */
  byPhone: v.optional(v.boolean(), false),
});
export type Waiter = v.InferOutput<typeof WaiterSchema>;

/** What the host's page needs to show its controls (after a reload too). */
export const HostStateSchema = v.object({ waiting: v.array(WaiterSchema), locked: v.boolean() });
export type HostState = v.InferOutput<typeof HostStateSchema>;

export const LockBodySchema = v.strictObject({ locked: v.boolean() });

export const ModerationAction = {
  /** A prompt on their page; never an unmute from afar. */
  AskUnmute: 'ask-unmute',
  Mute: 'mute',
  StopVideo: 'stop-video',
  StopShare: 'stop-share',
} as const;
export type ModerationAction = (typeof ModerationAction)[keyof typeof ModerationAction];
export const ModerationActionSchema = v.picklist(Object.values(ModerationAction) as [ModerationAction, ...ModerationAction[]]);

export const ModerateBodySchema = v.strictObject({ action: ModerationActionSchema });
