/**
 * Audio between the main thread and an audio worker: many small records packed into one
 * ArrayBuffer, which is transferred (not copied) with one postMessage per batch. Payloads come
 * out as views into that buffer.
 *
 * Layout of a record (little endian): kind u8, flags u8 (bit 0: RTP marker), sequence u16,
 * callId u32, voiceId u32, timestamp u32, time f64, payload length u16, arrivals count u16,
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
  | { kind: typeof RecordKind.MixedFrame; callId: number; arrivals: number[]; payload: Uint8Array };

const HEADER = 28;

/** Collects records into one buffer; `take()` hands it over for transfer and starts a new one. */
export class RecordWriter {
  private buffer: ArrayBuffer;
  private view: DataView;
  private length = 0;
  private records = 0;

  private readonly initialBytes: number;
  constructor(initialBytes = 4096) {
    this.initialBytes = initialBytes;
    this.buffer = new ArrayBuffer(initialBytes);
    this.view = new DataView(this.buffer);
  }

  get count() {
    return this.records;
  }

  append(record: AudioRecord): void {
    const arrivals = record.kind === RecordKind.MixedFrame ? record.arrivals : [];
    const size = HEADER + 8 * arrivals.length + record.payload.length;
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
      case RecordKind.MixedFrame:
        break;
      default: {
        const unknown: never = record;
        throw new Error(`unknown audio record ${JSON.stringify(unknown)}`);
      }
    }
    v.setUint16(at + 24, record.payload.length, true);
    v.setUint16(at + 26, arrivals.length, true);
    for (const [i, t] of arrivals.entries()) v.setFloat64(at + HEADER + 8 * i, t, true);
    new Uint8Array(this.buffer, at + HEADER + 8 * arrivals.length, record.payload.length).set(record.payload);
    this.length += size;
    this.records++;
  }

  /** The batch so far (null if empty); after this the writer fills a new buffer. */
  take(): { buffer: ArrayBuffer; length: number } | null {
    if (this.records === 0) return null;
    const batch = { buffer: this.buffer, length: this.length };
    this.buffer = new ArrayBuffer(Math.max(this.initialBytes, this.length));
    this.view = new DataView(this.buffer);
    this.length = this.records = 0;
    return batch;
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
export function readRecords(buffer: ArrayBuffer, length: number, visit: (record: AudioRecord) => void): void {
  const v = new DataView(buffer, 0, length);
  let at = 0;
  while (at < length) {
    const kind = v.getUint8(at);
    const callId = v.getUint32(at + 4, true);
    const payloadLength = v.getUint16(at + 24, true);
    const arrivalCount = v.getUint16(at + 26, true);
    const payload = new Uint8Array(buffer, at + HEADER + 8 * arrivalCount, payloadLength);
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
      default:
        throw new Error(`unknown audio record kind ${kind}`);
    }
    at += HEADER + 8 * arrivalCount + payloadLength;
  }
}
