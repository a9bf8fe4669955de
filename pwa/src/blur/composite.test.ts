import { describe, expect, it } from 'vitest';
import { edgeCurve, erodeAlpha } from './composite.ts';

const alphaOf = (data: Uint8ClampedArray) => [...data].filter((_, i) => i % 4 === 3);

describe('the person mask before compositing', () => {
  it('steps the confidences: background below lo, person above hi, smooth between', () => {
    const curve = edgeCurve([0.5, 0.85]);
    expect(curve[0]).toBe(0);
    expect(curve[127]).toBe(0); // 0.498: the model's soft rim counts as background
    expect(curve[217]).toBe(255); // 0.851
    expect(curve[255]).toBe(255);
    const middle = curve[Math.round(0.675 * 255)]!;
    expect(middle).toBeGreaterThan(110);
    expect(middle).toBeLessThan(145);
    for (let i = 1; i < 256; i++) expect(curve[i]!).toBeGreaterThanOrEqual(curve[i - 1]!);
  });

  it('shrinks the person region by the radius on every side, and leaves the colour channels alone', () => {
    const [w, h] = [9, 7];
    const data = new Uint8ClampedArray(w * h * 4).fill(7);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[(y * w + x) * 4 + 3] = x >= 2 && x <= 6 && y >= 1 && y <= 5 ? 255 : 0;
    erodeAlpha(data, w, h, 1);
    const alpha = alphaOf(data);
    const on = alpha.flatMap((a, i) => (a === 255 ? [[i % w, Math.floor(i / w)]] : []));
    expect(on).toEqual([
      [3, 2],
      [4, 2],
      [5, 2],
      [3, 3],
      [4, 3],
      [5, 3],
      [3, 4],
      [4, 4],
      [5, 4],
    ]);
    expect([...data].filter((_, i) => i % 4 !== 3).every((v) => v === 7)).toBe(true);
    erodeAlpha(data, w, h, 0);
    expect(alphaOf(data)).toEqual(alpha);
  });
});
