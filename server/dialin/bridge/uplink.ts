import { randomInt } from 'node:crypto';
import { LatencyStats } from '../audio/latency-stats.ts';
import { mulawToPcm } from '../audio/mulaw.ts';
import { OpusVoiceEncoder } from '../audio/opus.ts';

/** 20 ms at 8 kHz, and the same 20 ms on Opus's 48 kHz RTP clock. */
export const FRAME_SAMPLES_8K = 160;
export const FRAME_TICKS_48K = 960;

export type SendOpus = (payload: Buffer, sequenceNumber: number, timestamp: number, marker: boolean) => void;

/**
 * Caller → room: μ-law 8 kHz from Twilio, cut into 20 ms frames, encoded once to
 * Opus (libopus takes 8 kHz input), and handed to every connection as RTP.
 * While muted nothing is sent; the RTP clock keeps running so the browsers'
 * jitter buffers see a pause, not a jump.
 */
export class Uplink {
  private readonly encoder = new OpusVoiceEncoder(8000);
  private readonly frame = new Int16Array(FRAME_SAMPLES_8K);
  private filled = 0;
  private sequenceNumber = randomInt(0, 0x10000);
  private timestamp = randomInt(0, 0x1_0000_0000);
  private afterGap = true;
  muted = false;
  /** Processing delay: a frame's last sample in → its RTP packet out (ms). */
  readonly delay = new LatencyStats();

  private readonly send: SendOpus;
  constructor(send: SendOpus) {
    this.send = send;
  }

  push(mulaw: Uint8Array, arrivedAt: number): void {
    const pcm = mulawToPcm(mulaw);
    let offset = 0;
    while (offset < pcm.length) {
      const count = Math.min(pcm.length - offset, FRAME_SAMPLES_8K - this.filled);
      this.frame.set(pcm.subarray(offset, offset + count), this.filled);
      this.filled += count;
      offset += count;
      if (this.filled === FRAME_SAMPLES_8K) {
        this.filled = 0;
        this.emit(arrivedAt);
      }
    }
  }

  dispose(): void {
    this.encoder.dispose();
  }

  private emit(arrivedAt: number): void {
    const timestamp = this.timestamp;
    this.timestamp = (this.timestamp + FRAME_TICKS_48K) >>> 0;
    if (this.muted) {
      this.afterGap = true;
      return;
    }
    const payload = this.encoder.encode(this.frame);
    this.send(payload, this.sequenceNumber, timestamp, this.afterGap);
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.afterGap = false;
    this.delay.record(performance.now() - arrivedAt);
  }
}
