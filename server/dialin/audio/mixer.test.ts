import { describe, expect, it } from 'vitest';
import { VOICE_JITTER_DEFAULTS } from './jitter-buffer.ts';
import { Mixer, type VoiceDecoder } from './mixer.ts';

/** A packet's payload is its samples as little-endian int16; concealment is silence. */
const decoders: { disposed: boolean }[] = [];
function createDecoder(): VoiceDecoder {
  const state = { disposed: false };
  decoders.push(state);
  return {
    decode: (payload) => new Int16Array(payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.byteLength)),
    conceal: () => new Int16Array(4),
    dispose: () => {
      state.disposed = true;
    },
  };
}
const jitter = { frameSamples: 4, sampleRate: 200, rtpClockRate: 1200, ...VOICE_JITTER_DEFAULTS, startDepthMs: 0, minDepthMs: 0 };
const packet = (...samples: number[]) => new Uint8Array(Int16Array.from(samples).buffer);
/** 20 ms at 1200 Hz. */
const TICKS = 24;

describe('Mixer', () => {
  it('sums voices and clips to 16 bits, reporting when each part arrived', () => {
    const mixer = new Mixer({ jitter, createDecoder });
    mixer.push(1, 0, packet(1000, 30000, -30000, 0), 5);
    mixer.push(2, 0, packet(2000, 10000, -10000, 5), 7);
    const frame = mixer.mix(20)!;
    expect([...frame.samples]).toEqual([3000, 32767, -32768, 5]);
    expect(frame.arrivals).toEqual([5, 7]);
  });

  it('gives null when no voice has a frame, and forgets (and disposes) removed voices', () => {
    const mixer = new Mixer({ jitter, createDecoder });
    expect(mixer.mix(0)).toBeNull();
    mixer.push(1, 0, packet(7, 7, 7, 7), 0);
    mixer.remove(1);
    expect(mixer.mix(20)).toBeNull();
    expect(mixer.voiceCount).toBe(0);
    expect(decoders.at(-1)!.disposed).toBe(true);
  });

  it('never waits for a late voice: the others play on every tick', () => {
    const mixer = new Mixer({ jitter, createDecoder });
    const heard: number[] = [];
    for (let tick = 0; tick < 50; tick++) {
      const now = 20 * tick + 20;
      mixer.push(1, tick * TICKS, packet(1, 1, 1, 1), now - 19);
      // Voice 2 sends its first three packets, then nothing.
      if (tick < 3) mixer.push(2, tick * TICKS, packet(100, 100, 100, 100), now - 19);
      heard.push(mixer.mix(now)?.samples[0] ?? Number.NaN);
    }
    expect(heard.every((x) => x === 1 || x === 101)).toBe(true);
    expect(heard.filter((x) => x === 101).length).toBe(3);
    expect(mixer.counters().played).toBe(50 + 3);
  });
});
