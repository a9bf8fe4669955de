/**
 * Audio between the main thread and an audio worker: small records packed one after another in
 * a byte buffer, which crosses in a shared ring (record-ring.ts). Payloads come out as views
 * into the buffer read. The calls' opening and closing travel as records too, so they keep
 * their order with the audio.
 *
 * Layout of a record (little endian): kind u8, flags u8 (bit 0: RTP marker), sequence u16,
 * callId u32, voiceId (or linkId) u32, timestamp u32, time f64, payload length u16, arrivals count u16,
 * arrivals f64 × count, payload bytes.
 */

export const RecordKind = {
  /** Main → worker: 20 ms of the caller's μ-law, to encode to Opus (RTP numbers already given). */
  CallerFrame: 1,
  /** Main → worker: an Opus RTP packet of one voice of the room. */
  RoomPacket: 2,
  /** Worker → main: the caller's frame as Opus, to send to every connection. */
  CallerOpus: 3,
  /** Worker → main: 20 ms of the room's mix as μ-law, for the caller. */
  MixedFrame: 4,
  /** Main → worker: a call starts (before any of its audio). */
  Open: 5,
  /** Main → worker: a call ends (after all of its audio). */
  Close: 6,
  /** Main → worker: one voice of the room left the call. */
  RemoveVoice: 7,
  /** Main → worker: a command for one of the call's WebRTC links (link-commands.ts), as UTF-8 JSON. */
  Link: 8,
} as const;

interface CallerRtp {
  callId: number;
  sequence: number;
  timestamp: number;
  marker: boolean;
  /** Main thread's performance.now() when the caller's frame arrived, carried through. */
  arrivedAt: number;
  payload: Uint8Array;
}

export type AudioRecord =
  | ({ kind: typeof RecordKind.CallerFrame } & CallerRtp)
  | ({ kind: typeof RecordKind.CallerOpus } & CallerRtp)
  | { kind: typeof RecordKind.RoomPacket; callId: number; voiceId: number; timestamp: number; arrivedAt: number; payload: Uint8Array }
  | { kind: typeof RecordKind.MixedFrame; callId: number; arrivals: number[]; payload: Uint8Array }
  | { kind: typeof RecordKind.Open | typeof RecordKind.Close; callId: number }
  | { kind: typeof RecordKind.RemoveVoice; callId: number; voiceId: number }
  | { kind: typeof RecordKind.Link; callId: number; linkId: number; payload: Uint8Array };

const NO_PAYLOAD = new Uint8Array(0);

const HEADER = 28;

/** Collects records into one buffer; `bytes()` shows them, `clear()` starts again in the same buffer. */
export class RecordWriter {
  private buffer: ArrayBuffer;
  private view: DataView;
  private length = 0;
  private records = 0;

  constructor(initialBytes = 4096) {
    this.buffer = new ArrayBuffer(initialBytes);
    this.view = new DataView(this.buffer);
  }

  get count() {
    return this.records;
  }

  append(record: AudioRecord): void {
    const arrivals = record.kind === RecordKind.MixedFrame ? record.arrivals : [];
    const payload = 'payload' in record ? record.payload : NO_PAYLOAD;
    if (payload.length > 0xffff) throw new Error(`an audio record's payload is at most 65535 bytes, not ${payload.length}`);
    const size = HEADER + 8 * arrivals.length + payload.length;
    this.reserve(size);
    const v = this.view;
    const at = this.length;
    v.setUint8(at, record.kind);
    v.setUint32(at + 4, record.callId, true);
    switch (record.kind) {
      case RecordKind.CallerFrame:
      case RecordKind.CallerOpus:
        v.setUint8(at + 1, record.marker ? 1 : 0);
        v.setUint16(at + 2, record.sequence, true);
        v.setUint32(at + 12, record.timestamp, true);
        v.setFloat64(at + 16, record.arrivedAt, true);
        break;
      case RecordKind.RoomPacket:
        v.setUint32(at + 8, record.voiceId, true);
        v.setUint32(at + 12, record.timestamp, true);
        v.setFloat64(at + 16, record.arrivedAt, true);
        break;
      case RecordKind.RemoveVoice:
        v.setUint32(at + 8, record.voiceId, true);
        break;
      case RecordKind.Link:
        v.setUint32(at + 8, record.linkId, true);
        break;
      case RecordKind.MixedFrame:
      case RecordKind.Open:
      case RecordKind.Close:
        break;
      default: {
        const unknown: never = record;
        throw new Error(`unknown audio record ${JSON.stringify(unknown)}`);
      }
    }
    v.setUint16(at + 24, payload.length, true);
    v.setUint16(at + 26, arrivals.length, true);
    for (const [i, t] of arrivals.entries()) v.setFloat64(at + HEADER + 8 * i, t, true);
    new Uint8Array(this.buffer, at + HEADER + 8 * arrivals.length, payload.length).set(payload);
    this.length += size;
    this.records++;
  }

  /** The records so far, as a view valid until the next `append` or `clear`. */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer, 0, this.length);
  }

  clear(): void {
    this.length = this.records = 0;
  }

  private reserve(size: number): void {
    if (this.length + size <= this.buffer.byteLength) return;
    const bigger = new ArrayBuffer(Math.max(2 * this.buffer.byteLength, this.length + size));
    new Uint8Array(bigger).set(new Uint8Array(this.buffer, 0, this.length));
    this.buffer = bigger;
    this.view = new DataView(bigger);
  }
}

/** Calls `visit` with each record of a batch, in order. */
export function readRecords(bytes: Uint8Array, visit: (record: AudioRecord) => void): void {
  const { buffer, byteOffset, length } = bytes;
  const v = new DataView(buffer, byteOffset, length);
  let at = 0;
  while (at < length) {
    const kind = v.getUint8(at);
    const callId = v.getUint32(at + 4, true);
    const payloadLength = v.getUint16(at + 24, true);
    const arrivalCount = v.getUint16(at + 26, true);
    const payload = new Uint8Array(buffer, byteOffset + at + HEADER + 8 * arrivalCount, payloadLength);
    const rtp = () => ({
      callId,
      sequence: v.getUint16(at + 2, true),
      timestamp: v.getUint32(at + 12, true),
      marker: (v.getUint8(at + 1) & 1) === 1,
      arrivedAt: v.getFloat64(at + 16, true),
      payload,
    });
    switch (kind) {
      case RecordKind.CallerFrame:
        visit({ kind, ...rtp() });
        break;
      case RecordKind.CallerOpus:
        visit({ kind, ...rtp() });
        break;
      case RecordKind.RoomPacket:
        visit({
          kind,
          callId,
          voiceId: v.getUint32(at + 8, true),
          timestamp: v.getUint32(at + 12, true),
          arrivedAt: v.getFloat64(at + 16, true),
          payload,
        });
        break;
      case RecordKind.MixedFrame:
        visit({ kind, callId, arrivals: Array.from({ length: arrivalCount }, (_, i) => v.getFloat64(at + HEADER + 8 * i, true)), payload });
        break;
      case RecordKind.Open:
      case RecordKind.Close:
        visit({ kind, callId });
        break;
      case RecordKind.RemoveVoice:
        visit({ kind, callId, voiceId: v.getUint32(at + 8, true) });
        break;
      case RecordKind.Link:
        visit({ kind, callId, linkId: v.getUint32(at + 8, true), payload });
        break;
      default:
        throw new Error(`unknown audio record kind ${kind}`);
    }
    at += HEADER + 8 * arrivalCount + payloadLength;
  }
}
