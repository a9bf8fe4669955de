interface Chunk {
  samples: Int16Array;
  offset: number;
  arrivedAt: number;
}

export interface VoiceQueueOptions {
  /** Samples handed out per take (a 20 ms frame). */
  frameSamples: number;
  /** Frames held back before playing starts, and again after running dry: absorbs network jitter. */
  primeFrames: number;
  /** More than this many frames waiting: the oldest are dropped, so delay cannot build up. */
  maxFrames: number;
  /**
   * Takes in a row with a frame more than needed before the surplus is dropped: after a
   * burst (or a stall of the mixer's clock) the queue would otherwise keep the extra
   * delay for the rest of the call, since frames come in exactly as fast as they go out.
   */
  drainAfterTakes?: number;
}

/**
 * A small jitter buffer for one voice: decoded samples go in as packets arrive, and come
 * out a frame at a time on the mixer's clock. It starts (and restarts after running dry)
 * only once `primeFrames` are waiting, and never holds more than `maxFrames`.
 */
export class VoiceQueue {
  private readonly chunks: Chunk[] = [];
  private buffered = 0;
  private playing = false;
  private surplusTakes = 0;

  private readonly options: VoiceQueueOptions;
  constructor(options: VoiceQueueOptions) {
    this.options = options;
  }

  get bufferedSamples() {
    return this.buffered;
  }

  push(samples: Int16Array, arrivedAt: number): void {
    if (samples.length === 0) return;
    this.chunks.push({ samples, offset: 0, arrivedAt });
    this.buffered += samples.length;
    const max = this.options.maxFrames * this.options.frameSamples;
    const target = this.options.primeFrames * this.options.frameSamples;
    if (this.buffered > max) this.discard(this.buffered - target);
  }

  /**
   * The next frame, or null while priming or when dry (the mixer plays silence for it).
   * `delayMs` gets the time the frame's first sample waited here.
   */
  take(now: number, delayMs?: (ms: number) => void): Int16Array | null {
    const n = this.options.frameSamples;
    if (!this.playing) {
      if (this.buffered < this.options.primeFrames * n) return null;
      this.playing = true;
    }
    if (this.buffered < n) {
      this.playing = false;
      return null;
    }
    delayMs?.(now - this.chunks[0]!.arrivedAt);
    const out = new Int16Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0]!;
      const count = Math.min(n - filled, chunk.samples.length - chunk.offset);
      out.set(chunk.samples.subarray(chunk.offset, chunk.offset + count), filled);
      filled += count;
      chunk.offset += count;
      if (chunk.offset === chunk.samples.length) this.chunks.shift();
    }
    this.buffered -= n;
    this.drainSurplus();
    return out;
  }

  /** Right after a take, a steady queue holds primeFrames - 1 frames; a frame more for long is surplus. */
  private drainSurplus(): void {
    const n = this.options.frameSamples;
    const steady = (this.options.primeFrames - 1) * n;
    if (this.buffered < steady + n) {
      this.surplusTakes = 0;
      return;
    }
    if (++this.surplusTakes >= (this.options.drainAfterTakes ?? 50)) {
      this.discard(this.buffered - steady);
      this.surplusTakes = 0;
    }
  }

  private discard(count: number): void {
    let left = count;
    while (left > 0 && this.chunks.length > 0) {
      const chunk = this.chunks[0]!;
      const available = chunk.samples.length - chunk.offset;
      if (available <= left) {
        this.chunks.shift();
        left -= available;
      } else {
        chunk.offset += left;
        left = 0;
      }
    }
    this.buffered -= count - left;
  }
}
