import { JitterBuffer, type JitterBufferOptions, type JitterCounters, type VoiceCodec } from './jitter-buffer.ts';

export interface VoiceDecoder extends VoiceCodec {
  dispose(): void;
}

export interface MixerOptions {
  jitter: JitterBufferOptions;
  /** A decoder for each new voice (disposed with it). */
  createDecoder: () => VoiceDecoder;
}

export interface MixedFrame {
  samples: Int16Array;
  /** When the packets that start each voice's part of the frame arrived (concealment has none). */
  arrivals: number[];
}

interface Voice {
  decoder: VoiceDecoder;
  buffer: JitterBuffer;
}

/**
 * Mixes the voices of a room into one stream, a frame per tick: each voice has its own jitter
 * buffer, which always answers at once (a frame, concealment, or nothing), so a late voice
 * never holds up the others. Sums the frames and clips to 16 bits. Whoever the mix is for is
 * simply not one of its voices, so they never hear themselves.
 */
export class Mixer {
  private readonly voices = new Map<number, Voice>();

  private readonly options: MixerOptions;
  constructor(options: MixerOptions) {
    this.options = options;
  }

  /** An RTP packet of one voice (the voice is created on first use); times as in `JitterBuffer.push`. */
  push(voiceId: number, timestamp: number, payload: Uint8Array, arrivedAt: number, receivedAt = arrivedAt): void {
    let voice = this.voices.get(voiceId);
    if (!voice) {
      const decoder = this.options.createDecoder();
      voice = { decoder, buffer: new JitterBuffer(decoder, this.options.jitter) };
      this.voices.set(voiceId, voice);
    }
    voice.buffer.push(timestamp, payload, arrivedAt, receivedAt);
  }

  remove(voiceId: number): void {
    this.voices.get(voiceId)?.decoder.dispose();
    this.voices.delete(voiceId);
  }

  get voiceCount() {
    return this.voices.size;
  }

  /** Each voice's jitter buffer counters, summed. */
  counters(): JitterCounters {
    const total: JitterCounters = { played: 0, concealed: 0, late: 0, stretched: 0, dropped: 0 };
    for (const { buffer } of this.voices.values()) {
      for (const key of Object.keys(total) as (keyof JitterCounters)[]) total[key] += buffer.counters[key];
    }
    return total;
  }

  /** The next mixed frame, or null when no voice had anything (nothing needs sending). */
  mix(now: number): MixedFrame | null {
    let sum: Int32Array | null = null;
    const arrivals: number[] = [];
    for (const { buffer } of this.voices.values()) {
      const frame = buffer.take(now);
      if (!frame) continue;
      if (frame.arrivedAt !== null) arrivals.push(frame.arrivedAt);
      sum ??= new Int32Array(this.options.jitter.frameSamples);
      for (let i = 0; i < frame.samples.length; i++) sum[i]! += frame.samples[i]!;
    }
    if (!sum) return null;
    const samples = new Int16Array(sum.length);
    for (let i = 0; i < sum.length; i++) samples[i] = Math.max(-32768, Math.min(32767, sum[i]!));
    return { samples, arrivals };
  }

  dispose(): void {
    for (const id of [...this.voices.keys()]) this.remove(id);
  }
}
