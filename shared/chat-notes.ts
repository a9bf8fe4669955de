import * as v from 'valibot';
import { MediaCheckOutcome, MediaCheckStep } from './media-check.ts';

/**
 * What the room assistant and the room's notices say, as events rather than sentences: each page
 * words them in its reader's language (pwa/src/chat/note-text.ts). The message's `text` keeps an
 * English sentence for everything else that reads the chat (the API, exports, older pages).
 */

/** A device as the assistant names it (server/bot/describe-device.ts). */
export const NoteDeviceSchema = v.object({
  browser: v.string(),
  browserVersion: v.string(),
  os: v.string(),
  osVersion: v.string(),
  kind: v.picklist(['phone', 'tablet', 'desktop']),
  model: v.nullable(v.string()),
});
export type NoteDevice = v.InferOutput<typeof NoteDeviceSchema>;

export const RECORDING_END_REASONS = ['stopped', 'recorder-left', 'idle', 'meeting-deleted', 'meeting-ended'] as const;
export type RecordingEndReason = (typeof RECORDING_END_REASONS)[number];

const steps = Object.values(MediaCheckStep) as [MediaCheckStep, ...MediaCheckStep[]];
const outcomes = Object.values(MediaCheckOutcome) as [MediaCheckOutcome, ...MediaCheckOutcome[]];

export const ChatNoteSchema = v.variant('type', [
  /** A guest came into the call (host only). */
  v.object({ type: v.literal('guest-joined'), name: v.string(), device: NoteDeviceSchema }),
  /** A guest knocked (host only); `removedBefore`: the host removed them earlier in this meeting. */
  v.object({ type: v.literal('guest-waiting'), name: v.string(), device: NoteDeviceSchema, removedBefore: v.boolean() }),
  v.object({ type: v.literal('phone-waiting'), name: v.string(), removedBefore: v.boolean() }),
  v.object({ type: v.literal('dialled-in'), name: v.string() }),
  /**
   * A step of a guest's media check (host only). `name` null: a guest not in the call yet. `detailKey`
   * names the page's own sentence (`check.detail.*`) when `detail` is one; otherwise `detail` is as said.
   */
  v.object({
    type: v.literal('check-step'),
    name: v.nullable(v.string()),
    step: v.picklist(steps),
    outcome: v.picklist(outcomes),
    detail: v.optional(v.string()),
    detailKey: v.optional(v.string()),
  }),
  /** The troubleshooting a guest was shown, in the guest's words (host only). */
  v.object({ type: v.literal('troubleshooting'), name: v.nullable(v.string()), title: v.string(), steps: v.array(v.string()) }),
  /** Everyone: recording started by `name`, or ended (with its length when something was kept). */
  v.object({ type: v.literal('recording-started'), name: v.string() }),
  v.object({ type: v.literal('recording-ended'), reason: v.picklist(RECORDING_END_REASONS), durationMs: v.nullable(v.number()) }),
]);
export type ChatNote = v.InferOutput<typeof ChatNoteSchema>;
