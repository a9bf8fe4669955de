import { FRAME_SAMPLES_8K, TELEPHONE_RATE } from '../audio/frame.ts';
import { VOICE_JITTER_DEFAULTS } from '../audio/jitter-buffer.ts';
import { Mixer } from '../audio/mixer.ts';
import { mulawToPcm, pcmToMulaw } from '../audio/mulaw.ts';
import { OPUS_RTP_CLOCK_RATE, OpusVoiceDecoder, OpusVoiceEncoder } from '../audio/opus.ts';
import type { DownlinkCounters } from './engine-messages.ts';

/** 20 ms of μ-law silence (0xFF is +0). */
const MULAW_SILENCE = new Uint8Array(FRAME_SAMPLES_8K).fill(0xff);

/**
 * The audio work of one call, inside an audio worker. Caller → room: each 20 ms μ-law frame
 * encoded once to Opus (libopus takes 8 kHz input). Room → caller: each participant's Opus
 * packets through their own jitter buffer, decoded straight to 8 kHz (libopus band-limits and
 * decimates), mixed and μ-law encoded, one frame per tick of the worker's clock.
 */
export class CallAudio {
  private readonly encoder = new OpusVoiceEncoder(TELEPHONE_RATE);
  private readonly mixer = new Mixer({
    jitter: { frameSamples: FRAME_SAMPLES_8K, sampleRate: TELEPHONE_RATE, rtpClockRate: OPUS_RTP_CLOCK_RATE, ...VOICE_JITTER_DEFAULTS },
    createDecoder: () => new OpusVoiceDecoder(TELEPHONE_RATE),
  });
  private mixed = 0;
  private silent = 0;
  private skipped = 0;

  /** One 20 ms frame of the caller's μ-law (160 bytes) as an Opus packet. */
  encodeCallerFrame(mulaw: Uint8Array): Uint8Array {
    if (mulaw.length !== FRAME_SAMPLES_8K) throw new Error(`a caller frame is ${FRAME_SAMPLES_8K} bytes, not ${mulaw.length}`);
    return this.encoder.encode(mulawToPcm(mulaw));
  }

  /**
   * An Opus RTP packet of one voice of the room: it reached the bridge at `arrivedAt` and this
   * worker at `receivedAt` (the engine's clock); the jitter buffer measures the whole way.
   */
  pushRoomPacket(voiceId: number, timestamp: number, payload: Uint8Array, arrivedAt: number, receivedAt = arrivedAt): void {
    this.mixer.push(voiceId, timestamp, payload, arrivedAt, receivedAt);
  }

  removeVoice(voiceId: number): void {
    this.mixer.remove(voiceId);
  }

  /**
   * The room's next 20 ms for the caller: while anyone is in the room a frame every tick
   * (silence when no voice has anything), so the phone line's clock never runs dry; null
   * while the caller is alone.
   */
  mix(now: number): { mulaw: Uint8Array; arrivals: number[] } | null {
    if (this.mixer.voiceCount === 0) return null;
    const frame = this.mixer.mix(now);
    this.mixed++;
    if (!frame) {
      this.silent++;
      return { mulaw: MULAW_SILENCE, arrivals: [] };
    }
    return { mulaw: pcmToMulaw(frame.samples), arrivals: frame.arrivals };
  }

  /** The worker's clock skipped `ticks` frames (it was stalled). */
  missed(ticks: number): void {
    if (this.mixer.voiceCount > 0) this.skipped += ticks;
  }

  counters(): DownlinkCounters {
    return { mixed: this.mixed, silent: this.silent, skipped: this.skipped, ...this.mixer.counters() };
  }

  dispose(): void {
    this.encoder.dispose();
    this.mixer.dispose();
  }
}
