import { afterEach, describe, expect, it, vi } from 'vitest';
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

describe('createAudioLevel', () => {
  /** A Web Audio stand-in that counts what the meters made, and the track clones they listen on. */
  function fakeWebAudio() {
    const made = { contexts: 0, analysers: 0, disconnected: 0, probesStopped: 0 };
    class FakeAudioContext {
      state = 'running';
      sampleRate = 48_000;
      constructor() {
        made.contexts++;
      }
      createMediaStreamSource() {
        return { connect() {}, disconnect: () => made.disconnected++ };
      }
      createAnalyser() {
        made.analysers++;
        return { fftSize: 2048, getFloatTimeDomainData: (buffer: Float32Array) => buffer.fill(0.5) };
      }
    }
    vi.stubGlobal('AudioContext', FakeAudioContext);
    vi.stubGlobal('MediaStream', class {});
    const track = { clone: () => ({ enabled: false, stop: () => made.probesStopped++ }) } as unknown as MediaStreamTrack;
    return { made, track };
  }
  const tasks = async (count: number) => {
    for (let i = 0; i < count; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  };

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it("sets Web Audio up in tasks after the caller's, one meter per track however many follow it", async () => {
    const { made, track } = fakeWebAudio();
    const { createAudioLevel } = await import('./audio-level.ts');
    const speaking = createAudioLevel(track);
    const check = createAudioLevel(track);
    expect(made).toMatchObject({ contexts: 0, analysers: 0 }); // nothing in the task that brought the track
    expect(check.level).toBe(speaking.level);
    await tasks(1);
    expect(made).toMatchObject({ contexts: 1, analysers: 0 }); // the AudioContext, in a task of its own
    await tasks(1);
    expect(made).toMatchObject({ contexts: 1, analysers: 1 });
    await vi.waitFor(() => expect(speaking.level.value).toBeCloseTo(0.9, 2), { timeout: 2000, interval: 20 });
    check.dispose();
    check.dispose(); // twice is once
    expect(made.probesStopped).toBe(0); // the speaking rings still follow it
    speaking.dispose();
    expect(made).toMatchObject({ disconnected: 1, probesStopped: 1 });
    // A new follower after the last let go gets a new meter.
    const again = createAudioLevel(track);
    expect(again.level).not.toBe(speaking.level);
    again.dispose();
  });

  it('held, a running meter does not look; let go, it looks again', async () => {
    const { track } = fakeWebAudio();
    const reads = { count: 0 };
    const Context = globalThis.AudioContext as unknown as new () => { createAnalyser(): { getFloatTimeDomainData(b: Float32Array): void } };
    vi.stubGlobal(
      'AudioContext',
      class extends Context {
        override createAnalyser() {
          const analyser = super.createAnalyser();
          return {
            ...analyser,
            getFloatTimeDomainData: (buffer: Float32Array) => {
              reads.count++;
              analyser.getFloatTimeDomainData(buffer);
            },
          };
        }
      },
    );
    const { createAudioLevel, holdMeters } = await import('./audio-level.ts');
    const meter = createAudioLevel(track);
    await vi.waitFor(() => expect(reads.count).toBeGreaterThan(0), { timeout: 2000, interval: 20 });
    holdMeters(true);
    const before = reads.count;
    await new Promise((resolve) => setTimeout(resolve, 350)); // three looks' time
    expect(reads.count).toBe(before);
    holdMeters(false);
    await vi.waitFor(() => expect(reads.count).toBeGreaterThan(before), { timeout: 2000, interval: 20 });
    meter.dispose();
  });

  it('a meter let go before its setup sets nothing up', async () => {
    const { made, track } = fakeWebAudio();
    const { createAudioLevel } = await import('./audio-level.ts');
    createAudioLevel(track).dispose();
    await tasks(3);
    expect(made).toMatchObject({ contexts: 0, analysers: 0 });
  });

  it('without Web Audio the level stays 0 and nothing throws', async () => {
    const track = { clone: () => ({ enabled: false, stop() {} }) } as unknown as MediaStreamTrack;
    vi.stubGlobal('AudioContext', undefined);
    const { createAudioLevel } = await import('./audio-level.ts');
    const meter = createAudioLevel(track);
    await tasks(3);
    expect(meter.level.value).toBe(0);
    meter.dispose();
  });
});
