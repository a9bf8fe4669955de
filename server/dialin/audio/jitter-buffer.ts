import { Deepening, type DeepeningOptions } from './deepening.ts';
import { TransitWindow } from './transit-window.ts';

/** What the buffer needs of a codec: decode packets in order, and conceal one that never came. */
export interface VoiceCodec {
  decode(payload: Uint8Array): Int16Array;
  /** About one packet of concealment (Opus: 20 ms of packet-loss concealment). */
  conceal(): Int16Array;
}

export interface JitterBufferOptions extends DeepeningOptions {
  /** Samples handed out per take (20 ms). */
  frameSamples: number;
  /** Output sample rate (what the codec decodes to). */
  sampleRate: number;
  /** The RTP timestamp clock (48 kHz for Opus, whatever the audio's rate). */
  rtpClockRate: number;
  /** Bounds of the target depth: how long the fastest packet waits before it plays (ms). */
  minDepthMs: number;
  maxDepthMs: number;
  /** Depth before enough packets have been seen to measure the jitter (ms); the most while late packets do not recur. */
  startDepthMs: number;
  /** Concealment in a row after which the voice is taken as stopped, and plays nothing (ms). */
  maxConcealMs: number;
  /** Takes in a row with a frame too many before one is dropped, so delay shrinks back. */
  settleTakes: number;
}

export const VOICE_JITTER_DEFAULTS = {
  minDepthMs: 20,
  maxDepthMs: 120,
  startDepthMs: 40,
  maxConcealMs: 100,
  guardMs: 5,
  settleTakes: 10,
  recurMs: 2000,
  calmPackets: 25,
} as const;

/** Frames over the aim from which one is dropped at every take, without waiting to settle. */
const DRAIN_AT_ONCE_FRAMES = 3;

interface Packet {
  /** RTP timestamp, unwrapped past 2^32. */
  at: number;
  payload: Uint8Array;
  /** When it arrived at the bridge (reported with the frame it starts, for delay statistics). */
  arrivedAt: number;
}

/** One frame for the mix: decoded or concealed audio, and when the packet it started with arrived. */
export interface TakenFrame {
  samples: Int16Array;
  /** Arrival of the packet whose audio starts the frame; null when it starts with concealment. */
  arrivedAt: number | null;
}

export interface JitterCounters {
  /** Packets decoded and played. */
  played: number;
  /** Frames of concealment: a packet that never came, or came too late. */
  concealed: number;
  /** Packets that came after their turn (already concealed), discarded. */
  late: number;
  /** Frames of concealment inserted to deepen the buffer (the jitter grew). */
  stretched: number;
  /** Frames (and, after a stall, packets) dropped to bring a grown delay back to the target. */
  dropped: number;
}

/** Transit jumping by more than this is a new stream (new timestamp base), not jitter. */
const NEW_STREAM_JUMP_MS = 2000;

/**
 * The jitter buffer of one voice: packets go in as they arrive, in any order; frames come out
 * on the mixer's 20 ms clock, in timestamp order, never waiting: a packet missing at its turn is
 * concealed (the codec's packet-loss concealment), one that comes later is discarded.
 *
 * Depth: a packet with media time m (its timestamp in ms) plays at m + offset. The offset aims
 * at floor + depth, where floor is the fastest recent transit (arrival − m) and depth the
 * measured jitter (the transit 98 % of recent packets beat, minus the floor, plus a guard),
 * kept between minDepthMs and maxDepthMs; above startDepthMs only from the moment late packets
 * recur (`recurMs`: a lone late burst is concealed, then forgotten) until `calmPackets` in a row
 * show the jitter gone (the window then forgets it). Played on a 20 ms grid, the offset sits
 * between that aim and a frame more: when it falls short (the jitter grew), a frame of
 * concealment is inserted; when it stays a frame over for `settleTakes` takes, a frame is
 * dropped (three frames over: one every take); far over (after a stall), the buffer skips
 * ahead at once. After `maxConcealMs` of concealment in a row
 * the voice is taken as stopped (it plays nothing), and starts again with its next packet.
 */
export class JitterBuffer {
  private readonly packets: Packet[] = [];
  private readonly transit = new TransitWindow();
  private readonly deepening: Deepening;
  private readonly ticksPerMs: number;
  private readonly ticksPerSample: number;
  private lastRaw: number | null = null;
  private lastAt = 0;
  private playing = false;
  /** Played before: packets older than the cursor are late even while stopped. */
  private started = false;
  /** Timestamp of the next packet to decode. */
  private cursor = 0;
  /** Decoded samples not yet played (a packet longer than a frame), starting at `cursor − pending`. */
  private pending: Int16Array = new Int16Array(0);
  private pendingArrivedAt: number | null = null;
  private concealedMs = 0;
  private surplusTakes = 0;
  readonly counters: JitterCounters = { played: 0, concealed: 0, late: 0, stretched: 0, dropped: 0 };

  private readonly codec: VoiceCodec;
  private readonly options: JitterBufferOptions;
  constructor(codec: VoiceCodec, options: JitterBufferOptions) {
    this.codec = codec;
    this.options = options;
    this.deepening = new Deepening(options);
    this.ticksPerMs = options.rtpClockRate / 1000;
    this.ticksPerSample = options.rtpClockRate / options.sampleRate;
  }

  /** The depth aimed at now (ms): the measured jitter within the bounds. */
  get targetDepthMs(): number {
    const { minDepthMs, maxDepthMs, startDepthMs, guardMs } = this.options;
    if (this.transit.count < 25) return startDepthMs;
    return Math.min(maxDepthMs, Math.max(minDepthMs, this.transit.high - this.transit.floor + guardMs));
  }

  /**
   * The depth played at (ms): the measured jitter while deep (deepening.ts), else at most the
   * start depth. A lone late burst lifts the measured jitter for the window's length (3 s):
   * aiming at it would stretch the buffer after the burst is over and hold every later packet
   * back by the burst's lateness (docs/benchmarks.md, dial-in: the 20-caller traces).
   */
  get depthMs(): number {
    const deep = this.deepening.deepNow(this.transit);
    return deep ? this.targetDepthMs : Math.min(this.targetDepthMs, this.options.startDepthMs);
  }

  /** Packets waiting. */
  get bufferedPackets(): number {
    return this.packets.length;
  }

  /**
   * A packet of the voice. `arrivedAt` is when it reached the bridge, `receivedAt` when it
   * reached this buffer (later if it crossed threads): the depth is measured on the latter.
   */
  push(timestamp: number, payload: Uint8Array, arrivedAt: number, receivedAt = arrivedAt): void {
    const at = this.unwrap(timestamp);
    const transit = receivedAt - at / this.ticksPerMs;
    if (this.transit.count > 0 && Math.abs(transit - this.transit.floor) > NEW_STREAM_JUMP_MS) this.restartStream();
    this.transit.add(transit);
    const late = this.started && at < this.cursor;
    this.deepening.packet(transit, late, receivedAt);
    if (late) {
      this.counters.late++;
      return;
    }
    let i = this.packets.length;
    while (i > 0 && this.packets[i - 1]!.at > at) i--;
    if (i > 0 && this.packets[i - 1]!.at === at) return; // a duplicate
    this.packets.splice(i, 0, { at, payload, arrivedAt });
  }

  /** The frame to play now, or null while the voice is silent (not started, or stopped). */
  take(now: number): TakenFrame | null {
    if (!this.playing && !this.start(now)) return null;
    const aim = this.transit.floor + this.depthMs;
    const offset = now - (this.cursor - this.pending.length * this.ticksPerSample) / this.ticksPerMs;
    const frameMs = (this.options.frameSamples / this.options.sampleRate) * 1000;
    if (offset >= aim + frameMs + this.options.maxDepthMs) {
      this.skipTo((now - aim) * this.ticksPerMs);
    } else if (offset >= aim + frameMs) {
      if (offset >= aim + DRAIN_AT_ONCE_FRAMES * frameMs) {
        // Frames over, not one (what a stall or jitter now gone left behind): one dropped every take.
        if (this.frame()) this.counters.dropped++;
      } else if (++this.surplusTakes >= this.options.settleTakes) {
        // Over for a while: drop a frame now, and every other take while it stays over, so a
        // delay grown during a stall drains in a fraction of a second, not a frame per settle.
        this.surplusTakes = this.options.settleTakes - 2;
        if (this.frame()) this.counters.dropped++;
      }
    } else {
      this.surplusTakes = 0;
      if (offset < aim && this.pending.length === 0) {
        // Too little depth for the jitter now measured: stretch by one frame.
        this.counters.stretched++;
        return { samples: this.fit(this.codec.conceal()), arrivedAt: null };
      }
    }
    return this.playing ? this.frame() : null;
  }

  /** Starts (or restarts) playing once the first packet has waited long enough; skips what is already too old. */
  private start(now: number): boolean {
    const aim = this.transit.floor + this.depthMs;
    while (this.packets.length > 1 && this.packets[1]!.at / this.ticksPerMs + aim <= now) {
      this.packets.shift();
      this.counters.dropped++;
    }
    const head = this.packets[0];
    if (!head || now < head.at / this.ticksPerMs + aim) return false;
    this.playing = this.started = true;
    this.cursor = head.at;
    this.pending = new Int16Array(0);
    this.concealedMs = 0;
    this.surplusTakes = 0;
    return true;
  }

  /** One frame from the packets (decoding or concealing as needed); null when the voice stops. */
  private frame(): TakenFrame | null {
    const n = this.options.frameSamples;
    const out = new Int16Array(n);
    let filled = 0;
    let arrivedAt: number | null = this.pending.length > 0 ? this.pendingArrivedAt : null;
    while (filled < n) {
      if (this.pending.length === 0) {
        const chunk = this.nextChunk();
        if (!chunk) break;
        if (filled === 0) arrivedAt = chunk.arrivedAt;
        this.pending = chunk.samples;
        this.pendingArrivedAt = chunk.arrivedAt;
      }
      const count = Math.min(n - filled, this.pending.length);
      out.set(this.pending.subarray(0, count), filled);
      this.pending = this.pending.subarray(count);
      filled += count;
    }
    if (filled === 0) return null;
    return { samples: out, arrivedAt };
  }

  /** The audio at the cursor: the packet if it is there, else concealment; null once the voice stopped. */
  private nextChunk(): TakenFrame | null {
    while (this.packets[0] && this.packets[0].at < this.cursor) this.packets.shift(); // overtaken
    const head = this.packets[0];
    // The packet due now; one starting less than a frame later is taken as due (a sender whose packets do not tile exactly).
    if (head && head.at < this.cursor + this.options.frameSamples * this.ticksPerSample) {
      this.cursor = head.at;
      this.packets.shift();
      try {
        const samples = this.codec.decode(head.payload);
        this.cursor += samples.length * this.ticksPerSample;
        this.concealedMs = 0;
        this.counters.played++;
        return { samples, arrivedAt: head.arrivedAt };
      } catch {
        // A corrupt packet: conceal it like a lost one.
      }
    }
    if (this.concealedMs >= this.options.maxConcealMs) {
      this.playing = false;
      this.pending = new Int16Array(0);
      return null;
    }
    const samples = this.codec.conceal();
    this.cursor += samples.length * this.ticksPerSample;
    this.concealedMs += (samples.length / this.options.sampleRate) * 1000;
    this.counters.concealed++;
    return { samples, arrivedAt: null };
  }

  /** After a stall: jumps to the first packet at or after `at`, dropping what is older; none: starts over. */
  private skipTo(at: number): void {
    while (this.packets[0] && this.packets[0].at < at) {
      this.packets.shift();
      this.counters.dropped++;
    }
    this.pending = new Int16Array(0);
    if (this.packets[0]) this.cursor = this.packets[0].at;
    else this.playing = false;
  }

  /** The sender started over (new timestamps): forget the old timing. */
  private restartStream(): void {
    this.packets.length = 0;
    this.transit.clear();
    this.deepening.clear();
    this.playing = this.started = false;
    this.pending = new Int16Array(0);
  }

  /** Concealment cut or padded to exactly one frame. */
  private fit(samples: Int16Array): Int16Array {
    const out = new Int16Array(this.options.frameSamples);
    out.set(samples.subarray(0, out.length));
    return out;
  }

  /** RTP timestamps wrap at 2^32: continue from the last one by the shortest step. */
  private unwrap(timestamp: number): number {
    if (this.lastRaw !== null) this.lastAt += (timestamp - this.lastRaw) | 0;
    else this.lastAt = timestamp;
    this.lastRaw = timestamp;
    return this.lastAt;
  }
}
