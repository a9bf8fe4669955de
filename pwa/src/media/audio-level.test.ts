import { describe, expect, it } from 'vitest';
import { loudestLevelOf } from './audio-level.ts';

/** RMS of the whole buffer as one window, on the meter's scale. */
const levelOf = (samples: Float32Array) => loudestLevelOf(samples, samples.length, samples.length);

const sine = (amplitude: number, length = 1024) => Float32Array.from({ length }, (_, i) => amplitude * Math.sin((2 * Math.PI * i) / 32));

/** `length` samples of silence with a 20 ms beep (at 48 kHz) starting at `at`. */
const beepAt = (at: number, length = 4800) => {
  const samples = new Float32Array(length);
  samples.set(sine(0.5, 960), at);
  return samples;
};

describe('levelOf', () => {
  it.each([
    [0, 0],
    [0.001, 0],
    [0.01, 0.26],
    [0.1, 0.6],
    [1, 0.95],
  ])('amplitude %f → about %f', (amplitude, expected) => expect(levelOf(sine(amplitude))).toBeCloseTo(expected, 1));
});

describe('loudestLevelOf', () => {
  const beepLevel = levelOf(sine(0.5, 960));

  it('reads a short sound as loud as it is wherever it falls in the span looked at', () => {
    for (const at of [0, 500, 1234, 2400, 3840]) {
      // Half a window of a 960-sample moment is the most a hop can cut off: within 1.5 dB (0.025).
      expect(loudestLevelOf(beepAt(at), 4800, 960)).toBeGreaterThan(beepLevel - 0.026);
    }
    // A single 1024-sample window over the span's end sees the beep at its start not at all.
    expect(levelOf(beepAt(0).subarray(4800 - 1024))).toBe(0);
  });

  it('looks at the last `count` samples only', () => {
    expect(loudestLevelOf(beepAt(0), 3000, 960)).toBe(0);
    expect(loudestLevelOf(beepAt(0), 4800, 960)).toBeGreaterThan(0.5);
    // More than the buffer holds: all of it.
    expect(loudestLevelOf(beepAt(0), 1e6, 960)).toBeGreaterThan(0.5);
  });

  it('reads the same from every 4th sample: a beep anywhere, a 400 Hz tone at 44.1 kHz, voice-like noise', () => {
    for (const at of [0, 500, 1234, 2400, 3840]) {
      expect(loudestLevelOf(beepAt(at), 4800, 960, 4)).toBeCloseTo(loudestLevelOf(beepAt(at), 4800, 960), 2);
    }
    const tone = Float32Array.from({ length: 4410 }, (_, i) => 0.2 * Math.sin((2 * Math.PI * 400 * i) / 44_100));
    expect(loudestLevelOf(tone, 4410, 882, 4)).toBeCloseTo(levelOf(tone), 2);
    let seed = 7;
    const noise = Float32Array.from({ length: 4800 }, () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return 0.1 * (seed / 2_147_483_647 - 0.5);
    });
    expect(Math.abs(loudestLevelOf(noise, 4800, 960, 4) - loudestLevelOf(noise, 4800, 960))).toBeLessThan(0.01);
  });

  it('reads steady sound as its RMS, and silence as 0', () => {
    expect(loudestLevelOf(sine(0.1, 4800), 4800, 960)).toBeCloseTo(levelOf(sine(0.1)), 2);
    expect(loudestLevelOf(new Float32Array(4800), 4800, 960)).toBe(0);
    // A span shorter than a moment is read as one moment.
    expect(loudestLevelOf(sine(0.1, 4800), 10, 960)).toBeCloseTo(levelOf(sine(0.1)), 2);
  });
});
