import * as v from 'valibot';
import { parseJson } from '../room-events.ts';

/**
 * Twilio Media Streams, bidirectional (`<Connect><Stream>`): JSON text frames over one
 * WebSocket per call. Audio is 8 kHz mono μ-law, base64, 20 ms (160 bytes) a frame.
 * Objects are loose (`v.object`): Twilio may add fields, and we read only what we need.
 */

/** Followed by `/<meetingId>` in the TwiML we send (a proxy routes by it); the bare path is still accepted. */
export const MEDIA_STREAM_PATH = '/ws/dial-in';

/** The encoding Twilio streams in both directions. */
export const MULAW_ENCODING = 'audio/x-mulaw';
export const TELEPHONE_SAMPLE_RATE = 8000;

/** Largest frame we accept from Twilio (a 20 ms media frame is about 400 bytes). */
export const MEDIA_STREAM_MAX_FRAME_BYTES = 64 * 1024;

/** Custom parameters passed through `<Parameter>` in the TwiML, echoed in `start`. */
export const StreamParameter = { Ticket: 'ticket', MeetingId: 'meetingId', CallSid: 'callSid' } as const;

const Text = (max = 256) => v.pipe(v.string(), v.maxLength(max));
const SequenceNumber = v.union([v.string(), v.number()]);

// ---------- Twilio → us ----------

export const ConnectedMessageSchema = v.object({
  event: v.literal('connected'),
  protocol: Text(),
  version: v.optional(Text()),
});

export const StartMessageSchema = v.object({
  event: v.literal('start'),
  sequenceNumber: v.optional(SequenceNumber),
  streamSid: Text(),
  start: v.object({
    streamSid: v.optional(Text()),
    accountSid: v.optional(Text()),
    callSid: Text(),
    tracks: v.optional(v.array(Text())),
    customParameters: v.optional(v.record(Text(), Text(1024)), {}),
    mediaFormat: v.object({
      encoding: Text(),
      sampleRate: v.number(),
      channels: v.number(),
    }),
  }),
});

export const MediaMessageSchema = v.object({
  event: v.literal('media'),
  sequenceNumber: v.optional(SequenceNumber),
  streamSid: v.optional(Text()),
  media: v.object({
    track: v.optional(Text()),
    chunk: v.optional(SequenceNumber),
    timestamp: v.optional(SequenceNumber),
    /** base64 μ-law; 20 ms is 216 characters, a few seconds at most is plenty. */
    payload: v.pipe(v.string(), v.maxLength(MEDIA_STREAM_MAX_FRAME_BYTES), v.base64()),
  }),
});

export const MarkMessageSchema = v.object({
  event: v.literal('mark'),
  sequenceNumber: v.optional(SequenceNumber),
  streamSid: v.optional(Text()),
  mark: v.object({ name: Text() }),
});

export const DtmfMessageSchema = v.object({
  event: v.literal('dtmf'),
  sequenceNumber: v.optional(SequenceNumber),
  streamSid: v.optional(Text()),
  dtmf: v.object({ track: v.optional(Text()), digit: v.pipe(v.string(), v.regex(/^[0-9*#A-D]$/)) }),
});

export const StopMessageSchema = v.object({
  event: v.literal('stop'),
  sequenceNumber: v.optional(SequenceNumber),
  streamSid: v.optional(Text()),
  stop: v.optional(v.object({ accountSid: v.optional(Text()), callSid: v.optional(Text()) })),
});

export const TwilioMessageSchema = v.variant('event', [
  ConnectedMessageSchema,
  StartMessageSchema,
  MediaMessageSchema,
  MarkMessageSchema,
  DtmfMessageSchema,
  StopMessageSchema,
]);
export type TwilioMessage = v.InferOutput<typeof TwilioMessageSchema>;
export type StartMessage = v.InferOutput<typeof StartMessageSchema>;

// ---------- us → Twilio ----------

export const OutboundMediaSchema = v.strictObject({
  event: v.literal('media'),
  streamSid: v.string(),
  media: v.strictObject({ payload: v.pipe(v.string(), v.base64()) }),
});

export const OutboundMarkSchema = v.strictObject({
  event: v.literal('mark'),
  streamSid: v.string(),
  mark: v.strictObject({ name: v.string() }),
});

export const OutboundClearSchema = v.strictObject({
  event: v.literal('clear'),
  streamSid: v.string(),
});

export const OutboundMessageSchema = v.variant('event', [OutboundMediaSchema, OutboundMarkSchema, OutboundClearSchema]);
export type OutboundMessage = v.InferOutput<typeof OutboundMessageSchema>;

export const parseTwilioMessage = (text: string) => parseJson(TwilioMessageSchema, text);
export const parseOutboundMessage = (text: string) => parseJson(OutboundMessageSchema, text);
