import { describe, expect, it } from 'vitest';
import { JitterBuffer, VOICE_JITTER_DEFAULTS, type VoiceCodec } from './jitter-buffer.ts';

/** Packet n carries the number n; "decoding" gives a frame full of n, concealment a frame of -1. */
const codec: VoiceCodec = {
  decode: (payload) => new Int16Array(160).fill(payload[0]! + 256 * payload[1]!),
  conceal: () => new Int16Array(160).fill(-1),
};
const options = { frameSamples: 160, sampleRate: 8000, rtpClockRate: 48000, ...VOICE_JITTER_DEFAULTS };
const CONCEALED = 'c';
const SILENT = '.';

type Arrival = [packet: number, arrivesAtMs: number];

/**
 * Plays a script: packet n (timestamp base + 960 n, i.e. 20 ms each) arrives at the given time;
 * the mixer takes a frame every 20 ms. Returns, per take: the packet played, 'c' for
 * concealment, '.' for nothing; and each played packet's wait (take time − arrival).
 */
function play(arrivals: Arrival[], untilMs: number, { base = 1000, takesFrom = 20, buffer = new JitterBuffer(codec, options) } = {}) {
  const queue = [...arrivals].sort((a, b) => a[1] - b[1]);
  const tape: (number | string)[] = [];
  const waits: number[] = [];
  for (let now = takesFrom; now <= untilMs; now += 20) {
    while (queue.length > 0 && queue[0]![1] <= now) {
      const [n, at] = queue.shift()!;
      buffer.push((base + 960 * n) >>> 0, Uint8Array.of(n & 0xff, n >> 8), at);
    }
    const frame = buffer.take(now);
    if (!frame) tape.push(SILENT);
    else if (frame.samples[0] === -1) tape.push(CONCEALED);
    else {
      tape.push(frame.samples[0]!);
      waits.push(now - frame.arrivedAt!);
    }
  }
  return { tape, waits, buffer };
}

/** Packets 0…count-1, packet n arriving at 20 n + delay(n). */
const steady = (count: number, delay: (n: number) => number = () => 3): Arrival[] =>
  Array.from({ length: count }, (_, n) => [n, 20 * n + delay(n)]);
const played = (tape: (number | string)[]) => tape.filter((x): x is number => typeof x === 'number');
/** Concealed frames while the voice was on (not the fade after its last packet). */
const concealedWithin = (tape: (number | string)[]) => {
  const last = tape.findLastIndex((x) => typeof x === 'number');
  return tape.slice(0, last).filter((x) => x === CONCEALED).length;
};
const ascending = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

describe('JitterBuffer', () => {
  it('in order: starts after the start depth, plays every packet once, then settles at the minimum depth', () => {
    const { tape, waits, buffer } = play(steady(200), 4200);
    // Nothing until the first packet has waited 40 ms.
    expect(tape.slice(0, 2)).toEqual([SILENT, SILENT]);
    expect(tape[2]).toBe(0);
    const heard = played(tape);
    expect(ascending(heard)).toBe(true);
    expect(concealedWithin(tape)).toBe(0);
    expect(buffer.counters).toMatchObject({ late: 0, stretched: 0 });
    // No jitter: the depth comes down from 40 to 20 ms by dropping one frame.
    expect(buffer.counters.dropped).toBe(1);
    expect(heard.length).toBe(200 - 1);
    expect(buffer.targetDepthMs).toBe(VOICE_JITTER_DEFAULTS.minDepthMs);
    for (const wait of waits.slice(-100)) {
      expect(wait).toBeGreaterThanOrEqual(20);
      expect(wait).toBeLessThan(40);
    }
  });

  it('reordered: puts swapped packets back in order, conceals nothing', () => {
    // Every odd packet overtakes the even one before it by 4 ms.
    const { tape, buffer } = play(
      steady(100, (n) => (n % 2 ? 1 : 6)),
      2200,
    );
    const heard = played(tape);
    expect(ascending(heard)).toBe(true);
    expect(heard[0]).toBe(0);
    expect(heard.at(-1)).toBe(99);
    expect(concealedWithin(tape)).toBe(0);
    expect(buffer.counters.late).toBe(0);
  });

  it('lost: conceals each missing packet in its place, and goes on with the next', () => {
    const arrivals = steady(60).filter(([n]) => n !== 20 && n !== 21 && n !== 40);
    const { tape, buffer } = play(arrivals, 1400);
    const at = (n: number) => tape.indexOf(n);
    expect(tape.slice(at(19), at(22) + 1)).toEqual([19, CONCEALED, CONCEALED, 22]);
    expect(tape.slice(at(39), at(41) + 1)).toEqual([39, CONCEALED, 41]);
    expect(concealedWithin(tape)).toBe(3);
    expect(buffer.counters.late).toBe(0);
  });

  it('late: a packet after its turn is concealed, then discarded (never played twice or out of order)', () => {
    const { tape, buffer } = play(
      steady(60, (n) => (n === 30 ? 90 : 3)),
      1400,
    );
    const heard = played(tape);
    expect(ascending(heard)).toBe(true);
    expect(heard).not.toContain(30);
    expect(tape[tape.indexOf(29) + 1]).toBe(CONCEALED);
    expect(buffer.counters.late).toBe(1);
  });

  it('bursty: deepens to the measured jitter, then plays bursts of five without a gap', () => {
    // Two seconds steady, then packets come five at a time every 100 ms: up to 80 ms of jitter.
    const arrivals = steady(400, (n) => (n < 100 ? 3 : 100 - 20 * (n % 5) + 2));
    const { tape, waits, buffer } = play(arrivals, 8000);
    expect(buffer.targetDepthMs).toBeGreaterThanOrEqual(80);
    expect(buffer.targetDepthMs).toBeLessThanOrEqual(VOICE_JITTER_DEFAULTS.maxDepthMs);
    // The last three seconds: every packet, in order, no concealment.
    const tail = tape.slice(-150 - 10, -10);
    expect(tail).not.toContain(CONCEALED);
    expect(tail).not.toContain(SILENT);
    expect(ascending(played(tail))).toBe(true);
    expect(Math.max(...waits.slice(-150))).toBeLessThanOrEqual(buffer.targetDepthMs + 20);
    expect(buffer.counters.stretched).toBeGreaterThan(0);
  });

  it('after the jitter calms down, drains the grown delay within a second of the window forgetting it', () => {
    // Two seconds of bursts (up to 80 ms of jitter), then steady packets for six seconds.
    const arrivals = steady(400, (n) => (n < 100 ? 100 - 20 * (n % 5) + 2 : 3));
    const { waits, buffer } = play(arrivals, 8000);
    expect(buffer.counters.stretched).toBeGreaterThan(0);
    // The window (150 packets, 3 s) forgets the bursts by 5 s; a second later the delay is back
    // at the minimum depth: a frame dropped every other take, not one per settle (25 takes).
    const fromSix = waits.slice(300 - 20);
    expect(Math.max(...fromSix)).toBeLessThan(VOICE_JITTER_DEFAULTS.minDepthMs + 20);
  });

  it("a lone late burst (a stall of the bridge's own thread) is concealed, not waited for by the packets after it", () => {
    // Steady, then packets 100…105 stuck for 120 ms and arriving at once, then steady again.
    const arrivals = steady(300, (n) => (n >= 100 && n <= 105 ? 3 + 20 * (106 - n) : 3));
    const { tape, waits, buffer } = play(arrivals, 6200);
    expect(buffer.counters.late).toBeGreaterThan(0);
    // At most one frame stretched (up to the start depth), not the burst's 120 ms.
    expect(buffer.counters.stretched).toBeLessThanOrEqual(1);
    // From the packet after the burst on, no packet waits more than the start depth and a frame.
    const after = played(tape).indexOf(106);
    expect(after).toBeGreaterThan(0);
    expect(Math.max(...waits.slice(after))).toBeLessThan(VOICE_JITTER_DEFAULTS.startDepthMs + 20);
    expect(ascending(played(tape))).toBe(true);
  });

  it('late bursts that recur deepen the buffer to the measured jitter', () => {
    // From 2 s, a stall every 400 ms: five packets stuck for 100 ms each time.
    const arrivals = steady(300, (n) => (n >= 100 && n % 20 < 5 ? 3 + 20 * (5 - (n % 20)) : 3));
    const { buffer } = play(arrivals, 6200);
    expect(buffer.counters.stretched).toBeGreaterThan(0);
    expect(buffer.depthMs).toBeGreaterThanOrEqual(80);
  });

  it('once the jitter that deepened it is gone, comes back to the start depth within a second, not when the window forgets', () => {
    // Two seconds of bursts (up to 80 ms of jitter), then steady packets.
    const arrivals = steady(300, (n) => (n < 100 ? 100 - 20 * (n % 5) + 2 : 3));
    const { tape, waits, buffer } = play(arrivals, 6200);
    expect(buffer.counters.stretched).toBeGreaterThan(0);
    // From 3 s on (a second after the last burst; the 3 s window still holds the bursts until 5 s).
    const from = played(tape).indexOf(150);
    expect(from).toBeGreaterThan(0);
    expect(Math.max(...waits.slice(from))).toBeLessThan(VOICE_JITTER_DEFAULTS.startDepthMs + 20);
    expect(buffer.depthMs).toBeLessThanOrEqual(VOICE_JITTER_DEFAULTS.startDepthMs);
  });

  it('a voice that stops: conceals 100 ms (Opus fades), then plays nothing; starts again when it comes back', () => {
    // Packets 0…49, silence for two seconds (the sender's clock runs on), then 150…199.
    const arrivals = [...steady(50), ...steady(200).slice(150)];
    const { tape } = play(arrivals, 4200);
    const last = tape.indexOf(49);
    expect(tape.slice(last + 1, last + 8)).toEqual([CONCEALED, CONCEALED, CONCEALED, CONCEALED, CONCEALED, SILENT, SILENT]);
    const back = tape.indexOf(150);
    expect(back).toBeGreaterThan(0);
    expect(tape.slice(last + 6, back).every((x) => x === SILENT)).toBe(true);
    expect(ascending(played(tape.slice(back)))).toBe(true);
  });

  it('after a stall of the clock, skips ahead instead of keeping the delay', () => {
    const buffer = new JitterBuffer(codec, options);
    const arrivals = steady(150);
    // Takes every 20 ms up to 1 s, none for 400 ms, then on again.
    play(
      arrivals.filter(([, at]) => at <= 1000),
      1000,
      { buffer },
    );
    const { waits } = play(
      arrivals.filter(([, at]) => at > 1000),
      2980,
      { buffer, takesFrom: 1400 },
    );
    expect(waits[0]).toBeLessThan(40 + 20);
    expect(buffer.counters.dropped).toBeGreaterThan(10);
  });

  it('measures the depth on when packets reach it, and reports when they reached the bridge', () => {
    const buffer = new JitterBuffer(codec, options);
    const waits: number[] = [];
    for (let n = 0; n < 100; n++) {
      // Every packet reaches the bridge 3 ms after its time, but this buffer 30 ms later on every fifth.
      const arrivedAt = 20 * n + 3;
      buffer.push(1000 + 960 * n, Uint8Array.of(n, 0), arrivedAt, arrivedAt + (n % 5 === 0 ? 30 : 0));
      const frame = buffer.take(20 * n + 20);
      if (frame?.arrivedAt != null) waits.push(20 * n + 20 - frame.arrivedAt);
    }
    expect(buffer.targetDepthMs).toBeGreaterThanOrEqual(30);
    expect(buffer.counters.late).toBeLessThanOrEqual(3);
    expect(Math.min(...waits.slice(-50))).toBeGreaterThanOrEqual(30);
  });

  it('drops duplicates and follows timestamps across the 2^32 wrap', () => {
    const arrivals = steady(80).flatMap(([n, at]): Arrival[] =>
      n % 10 === 0
        ? [
            [n, at],
            [n, at + 5],
          ]
        : [[n, at]],
    );
    const { tape, buffer } = play(arrivals, 1800, { base: 2 ** 32 - 960 * 40 });
    const heard = played(tape);
    expect(ascending(heard)).toBe(true);
    expect(heard.at(-1)).toBe(79);
    expect(concealedWithin(tape)).toBe(0);
    expect(buffer.counters.late).toBe(0);
  });

  it('starts over when the sender restarts with a new timestamp base', () => {
    const buffer = new JitterBuffer(codec, options);
    play(steady(50), 1000, { buffer });
    // The same voice, new timestamps (e.g. a new stream), from 1.1 s on.
    const { tape } = play(
      steady(50).map(([n, at]) => [n + 100, at + 1100]),
      2200,
      { buffer, base: 123_456_789, takesFrom: 1020 },
    );
    const first = tape.indexOf(100);
    expect(tape.slice(first, first + 3)).toEqual([100, 101, 102]);
    expect(ascending(played(tape))).toBe(true);
  });
});
