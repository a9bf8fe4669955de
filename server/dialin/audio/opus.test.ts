import { describe, expect, it } from 'vitest';
import { lostFrameToc, OpusVoiceDecoder, OpusVoiceEncoder, type OpusRate } from './opus.ts';
import { dominantFrequency, rms, sineFrame } from '../../../test/server/audio-signal.ts';

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

describe('Opus packet-loss concealment', () => {
  it.each([
    ['SILK narrowband 20 ms', 0x08, 0x08],
    ['SILK narrowband 60 ms, code 3', 0x1b, 0x08],
    ['hybrid fullband 10 ms', 0x70, 0x78],
    ['CELT fullband 10 ms, two frames', 0xf1, 0xf8],
    ['CELT fullband 20 ms, stereo', 0xfc, 0xfc],
  ])('a lost frame after %s is a 20 ms frame of no data in the same mode', (_what, toc, lost) => {
    expect(lostFrameToc(toc)).toBe(lost);
  });

  it.each([
    ['a browser (48 kHz Opus)', 48000],
    ['another caller (8 kHz Opus)', 8000],
  ] as const)('continues the tone of %s for exactly 20 ms per lost packet', (_what, inRate) => {
    const encoder = new OpusVoiceEncoder(inRate, 32_000);
    const decoder = new OpusVoiceDecoder(8000);
    const frameLength = inRate / 50;
    for (let f = 0; f < 20; f++) decoder.decode(encoder.encode(sineFrame(440, inRate, frameLength, 8000, f * frameLength)));
    const concealed = decoder.conceal();
    expect(concealed.length).toBe(160);
    expect(dominantFrequency(concealed, 8000)).toBe(440);
    expect(rms(concealed)).toBeGreaterThan((8000 / Math.SQRT2) * 0.5);
    // The stream goes on after the gap.
    const next = decoder.decode(encoder.encode(sineFrame(440, inRate, frameLength, 8000, 21 * frameLength)));
    expect(next.length).toBe(160);
    encoder.dispose();
    decoder.dispose();
  });

  it('conceals with silence before the first packet', () => {
    const decoder = new OpusVoiceDecoder(8000);
    expect([...new Set(decoder.conceal())]).toEqual([0]);
    decoder.dispose();
  });
});
