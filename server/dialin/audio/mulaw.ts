/**
 * G.711 μ-law, the telephone network's 8-bit companding (ITU-T G.711, the
 * classic Sun/CCITT reference): 14-bit magnitude, bias 0x84, segments 0-7,
 * every code bit-inverted. Both directions go through lookup tables.
 */

const BIAS = 0x84;
const CLIP = 32635;

function encodeSample(sample: number): number {
  let magnitude = sample;
  const sign = magnitude < 0 ? 0x80 : 0;
  if (sign) magnitude = -magnitude;
  if (magnitude > CLIP) magnitude = CLIP;
  magnitude += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function decodeByte(byte: number): number {
  const code = ~byte & 0xff;
  const exponent = (code >> 4) & 0x07;
  const magnitude = ((((code & 0x0f) << 3) + BIAS) << exponent) - BIAS;
  return code & 0x80 ? -magnitude : magnitude;
}

const DECODE = Int16Array.from({ length: 256 }, (_, byte) => decodeByte(byte));
/**
 * Codes of positive samples, indexed by magnitude >> 2: with the bias a multiple of 4,
 * the two lowest bits never change the code. A negative sample's code is the positive
 * one without the (inverted) sign bit.
 */
const ENCODE_MAGNITUDE = Uint8Array.from({ length: 8192 }, (_, i) => encodeSample(i << 2));

export function mulawToPcm(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = DECODE[bytes[i]!]!;
  return out;
}

export function pcmToMulaw(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    out[i] = s < 0 ? ENCODE_MAGNITUDE[Math.min(-s, 32767) >> 2]! & 0x7f : ENCODE_MAGNITUDE[s >> 2]!;
  }
  return out;
}
