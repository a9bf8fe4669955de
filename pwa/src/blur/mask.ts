import type { MaskImage } from './blur-protocol.ts';

/** A mask from per-pixel person confidences (0..1), as RGBA with the confidence in alpha. */
export function confidenceToMask(confidence: ArrayLike<number>, width: number, height: number): MaskImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 3; i < width * height; i++, j += 4) data[j] = confidence[i]! * 255;
  return { width, height, data };
}

/** A mask from one channel (0 = red … 3 = alpha) of RGBA pixels, e.g. a mask drawn on a canvas. */
export function channelToMask(rgba: ArrayLike<number>, width: number, height: number, channel = 0): MaskImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 3; i < width * height; i++, j += 4) data[j] = rgba[i * 4 + channel]!;
  return { width, height, data };
}
