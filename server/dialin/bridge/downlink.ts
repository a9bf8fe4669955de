import { LatencyStats } from '../audio/latency-stats.ts';
import { Mixer } from '../audio/mixer.ts';
import { pcmToMulaw } from '../audio/mulaw.ts';
import { OpusVoiceDecoder } from '../audio/opus.ts';
import { startTicker } from '../audio/ticker.ts';
import { FRAME_SAMPLES_8K } from './uplink.ts';

interface Voice {
  decoder: OpusVoiceDecoder;
  lastSequence: number | null;
}

/** True if `sequence` comes after `last` in 16-bit RTP sequence space. */
export const isNewerSequence = (sequence: number, last: number) => {
  const delta = (sequence - last) & 0xffff;
  return delta !== 0 && delta < 0x8000;
};

/**
 * Room → caller: every participant's Opus decoded straight to 8 kHz (libopus
 * band-limits and decimates), queued per voice in a small jitter buffer, mixed on a
 * 20 ms clock, μ-law encoded and sent to Twilio, one frame per tick, as a phone line
 * expects. The caller is not one of the voices, so they never hear themselves.
 */
export class Downlink {
  private readonly voices = new Map<string, Voice>();
  private readonly mixer = new Mixer({ frameSamples: FRAME_SAMPLES_8K, primeFrames: 2, maxFrames: 8 });
  private ticker: { stop(): void } | null = null;
  /** Packet in → its audio mixed and sent: decode, jitter buffer and the 20 ms clock (ms). */
  readonly delay = new LatencyStats();

  private readonly send: (mulaw: Uint8Array) => void;
  constructor(send: (mulaw: Uint8Array) => void) {
    this.send = send;
  }

  start(): void {
    this.ticker ??= startTicker(20, (now) => {
      const frame = this.mixer.mix(now, (ms) => this.delay.record(ms));
      if (frame) this.send(pcmToMulaw(frame));
    });
  }

  receive(voiceId: string, opus: Buffer, sequenceNumber: number): void {
    let voice = this.voices.get(voiceId);
    if (!voice) {
      voice = { decoder: new OpusVoiceDecoder(8000), lastSequence: null };
      this.voices.set(voiceId, voice);
    }
    // Late or repeated packets would play twice or out of order.
    if (voice.lastSequence !== null && !isNewerSequence(sequenceNumber, voice.lastSequence)) return;
    voice.lastSequence = sequenceNumber;
    const arrivedAt = performance.now();
    let pcm: Int16Array;
    try {
      pcm = voice.decoder.decode(opus);
    } catch {
      return; // a corrupt packet is a moment of silence, not an error
    }
    this.mixer.push(voiceId, pcm, arrivedAt);
  }

  remove(voiceId: string): void {
    this.voices.get(voiceId)?.decoder.dispose();
    this.voices.delete(voiceId);
    this.mixer.remove(voiceId);
  }

  stop(): void {
    this.ticker?.stop();
    this.ticker = null;
    for (const id of [...this.voices.keys()]) this.remove(id);
  }
}
