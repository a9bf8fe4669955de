import { describe, expect, it } from 'vitest';
import { mulawToPcm, pcmToMulaw } from './mulaw.ts';

describe('μ-law', () => {
  // Reference values of G.711 μ-law (the code is bit-inverted: 0xFF is +0, 0x7F is -0).
  it.each([
    [0xff, 0],
    [0x7f, 0],
    [0x80, 32124],
    [0x00, -32124],
  ])('decodes code %i', (byte, expected) => {
    expect(mulawToPcm(Uint8Array.of(byte))[0]).toBe(expected);
  });

  it('decodes the first segment in steps of 8', () => {
    const codes = Uint8Array.of(0xff, 0xfe, 0xfd, 0xf0);
    expect([...mulawToPcm(codes)]).toEqual([0, 8, 16, 120]);
  });

  it('encodes silence, full scale and clipping', () => {
    expect([...pcmToMulaw(Int16Array.of(0, 32767, -32768, 32124, -32124))]).toEqual([0xff, 0x80, 0x00, 0x80, 0x00]);
  });

  it('round-trips every code exactly (decode then encode)', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const back = pcmToMulaw(mulawToPcm(all));
    // +0 (0xFF) and -0 (0x7F) both decode to 0, which encodes as 0xFF.
    for (let i = 0; i < 256; i++) expect(back[i]).toBe(i === 0x7f ? 0xff : i);
  });

  it('keeps the error of any sample within half a quantisation step (1/32 of its magnitude)', () => {
    for (let s = -32000; s <= 32000; s += 7) {
      const back = mulawToPcm(pcmToMulaw(Int16Array.of(s)))[0]!;
      // Half a step of the segment: (magnitude + bias) / 32.
      expect(Math.abs(back - s)).toBeLessThanOrEqual((Math.abs(s) + 0x84) / 32 + 1);
    }
  });
});
