import { VoiceQueue, type VoiceQueueOptions } from './voice-queue.ts';

/**
 * Mixes the voices of a room into one stream, a frame per tick: sums every voice
 * that has a frame ready and clips to 16 bits. Whoever the mix is for is simply not
 * one of its voices, so they never hear themselves.
 */
export class Mixer {
  private readonly voices = new Map<string, VoiceQueue>();

  private readonly options: VoiceQueueOptions;
  constructor(options: VoiceQueueOptions) {
    this.options = options;
  }

  get frameSamples() {
    return this.options.frameSamples;
  }

  /** Adds decoded samples of one voice (created on first use). */
  push(voiceId: string, samples: Int16Array, arrivedAt: number): void {
    let queue = this.voices.get(voiceId);
    if (!queue) {
      queue = new VoiceQueue(this.options);
      this.voices.set(voiceId, queue);
    }
    queue.push(samples, arrivedAt);
  }

  remove(voiceId: string): void {
    this.voices.delete(voiceId);
  }

  get voiceCount() {
    return this.voices.size;
  }

  /** The next mixed frame, or null when no voice had anything (nothing needs sending). */
  mix(now: number, delayMs?: (ms: number) => void): Int16Array | null {
    let sum: Int32Array | null = null;
    for (const queue of this.voices.values()) {
      const frame = queue.take(now, delayMs);
      if (!frame) continue;
      sum ??= new Int32Array(this.options.frameSamples);
      for (let i = 0; i < frame.length; i++) sum[i]! += frame[i]!;
    }
    if (!sum) return null;
    const out = new Int16Array(sum.length);
    for (let i = 0; i < sum.length; i++) out[i] = Math.max(-32768, Math.min(32767, sum[i]!));
    return out;
  }
}
