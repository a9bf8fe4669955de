import { describe, expect, it } from 'vitest';
import { OpusVoiceDecoder, OpusVoiceEncoder, type OpusRate } from './opus.ts';
import { dominantFrequency, rms, sineFrame } from './signal.ts';

function roundTrip(inRate: OpusRate, outRate: OpusRate, frequency: number, frames = 50) {
  const encoder = new OpusVoiceEncoder(inRate);
  const decoder = new OpusVoiceDecoder(outRate);
  const frameLength = inRate / 50;
  const decoded: Int16Array[] = [];
  for (let f = 0; f < frames; f++) {
    const packet = encoder.encode(sineFrame(frequency, inRate, frameLength, 8000, f * frameLength));
    decoded.push(decoder.decode(packet));
  }
  encoder.dispose();
  decoder.dispose();
  return decoded;
}

const joined = (frames: Int16Array[]) => Int16Array.from(frames.flatMap((f) => [...f]));

describe('Opus with rate conversion by libopus', () => {
  it.each([
    ['8 kHz in, 48 kHz out (caller → room)', 8000, 48000, 440, 960],
    ['48 kHz in, 8 kHz out (room → caller)', 48000, 8000, 1000, 160],
  ] as const)('%s: 20 ms frames keep their length in time, the tone its pitch and level', (_what, inRate, outRate, hz, frameLength) => {
    const frames = roundTrip(inRate, outRate, hz);
    expect(frames.every((f) => f.length === frameLength)).toBe(true);
    const tail = joined(frames.slice(10));
    expect(dominantFrequency(tail, outRate)).toBe(hz);
    const sineRms = 8000 / Math.SQRT2;
    expect(rms(tail)).toBeGreaterThan(sineRms * 0.8);
    expect(rms(tail)).toBeLessThan(sineRms * 1.2);
  });

  it('48 kHz → 8 kHz leaves out what a telephone cannot carry (no aliasing of a 6 kHz tone)', () => {
    const tail = joined(roundTrip(48000, 8000, 6000).slice(10));
    expect(rms(tail)).toBeLessThan(8000 * 0.05);
  });
});
