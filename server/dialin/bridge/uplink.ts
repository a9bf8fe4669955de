import { randomInt } from 'node:crypto';
import { LatencyStats } from '../audio/latency-stats.ts';
import { FRAME_SAMPLES_8K, FRAME_TICKS_48K } from '../audio/frame.ts';

export type SendOpus = (payload: Buffer, sequenceNumber: number, timestamp: number, marker: boolean) => void;
/** Hands one 20 ms μ-law frame to the audio engine, which encodes it and gives it back to `sent`. */
export type EncodeFrame = (mulaw: Uint8Array, sequenceNumber: number, timestamp: number, marker: boolean, arrivedAt: number) => void;

/**
 * Caller → room, on the main thread: μ-law 8 kHz from Twilio cut into 20 ms frames, numbered
 * for RTP and encoded to Opus once by the audio engine; the packet then goes to every
 * connection. While muted nothing is encoded or sent; the RTP clock keeps running so the
 * browsers' jitter buffers see a pause, not a jump.
 */
export class Uplink {
  private frame = new Uint8Array(FRAME_SAMPLES_8K);
  private filled = 0;
  private sequenceNumber = randomInt(0, 0x10000);
  private timestamp = randomInt(0, 0x1_0000_0000);
  private afterGap = true;
  muted = false;
  /** Processing delay: a frame's last sample in → its RTP packet out (ms), the worker's encoding included. */
  readonly delay = new LatencyStats();

  private readonly encode: EncodeFrame;
  private readonly send: SendOpus;
  constructor(encode: EncodeFrame, send: SendOpus) {
    this.encode = encode;
    this.send = send;
  }

  /** μ-law from the caller; `arrivedAt` is performance.now() on arrival. */
  push(mulaw: Uint8Array, arrivedAt: number): void {
    let offset = 0;
    while (offset < mulaw.length) {
      const count = Math.min(mulaw.length - offset, FRAME_SAMPLES_8K - this.filled);
      this.frame.set(mulaw.subarray(offset, offset + count), this.filled);
      this.filled += count;
      offset += count;
      if (this.filled === FRAME_SAMPLES_8K) {
        this.emit(this.frame, arrivedAt);
        this.frame = new Uint8Array(FRAME_SAMPLES_8K);
        this.filled = 0;
      }
    }
  }

  /** The engine encoded a frame: out to the room. */
  sent(payload: Uint8Array, sequenceNumber: number, timestamp: number, marker: boolean, arrivedAt: number): void {
    this.send(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), sequenceNumber, timestamp, marker);
    this.delay.record(performance.now() - arrivedAt);
  }

  private emit(frame: Uint8Array, arrivedAt: number): void {
    const timestamp = this.timestamp;
    this.timestamp = (this.timestamp + FRAME_TICKS_48K) >>> 0;
    if (this.muted) {
      this.afterGap = true;
      return;
    }
    this.encode(frame, this.sequenceNumber, timestamp, this.afterGap, arrivedAt);
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.afterGap = false;
  }
}
