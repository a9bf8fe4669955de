import { describe, expect, it } from 'vitest';
import { fitPicture, layoutTiles, type Rect } from './tile-layout.ts';

const W = 1280;
const H = 720;
const inside = (r: Rect) => r.x >= -1e-6 && r.y >= -1e-6 && r.x + r.width <= W + 1e-6 && r.y + r.height <= H + 1e-6;
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutTiles', () => {
  it.each([
    // cameras, columns × rows expected from the tile positions
    [1, 1, 1],
    [2, 2, 1],
    [3, 2, 2],
    [4, 2, 2],
    [5, 3, 2],
    [6, 3, 2],
    [7, 3, 3],
    [9, 3, 3],
  ])('%i cameras: a %i×%i grid, inside the frame, no overlaps, 16:9 tiles', (count, columns, rows) => {
    const { screen, cameras } = layoutTiles(count, false, W, H);
    expect(screen).toBeNull();
    expect(cameras).toHaveLength(count);
    expect(cameras.filter((r) => r.y === cameras[0]!.y)).toHaveLength(columns);
    expect(new Set(cameras.map((r) => Math.round(r.y))).size).toBe(rows);
    for (const [i, r] of cameras.entries()) {
      expect(inside(r)).toBe(true);
      expect(r.width / r.height).toBeCloseTo(16 / 9);
      for (const other of cameras.slice(i + 1)) expect(overlap(r, other)).toBe(false);
    }
  });

  it('fills the frame with one camera', () => {
    expect(layoutTiles(1, false, W, H).cameras[0]).toEqual({ x: 0, y: 0, width: W, height: H });
  });

  it('centres an incomplete last row', () => {
    const [a, b, c] = layoutTiles(3, false, W, H).cameras;
    expect(c!.x - W / 2).toBeCloseTo(W / 2 - (c!.x + c!.width));
    expect(a!.y).toBe(b!.y);
  });

  it.each([0, 1, 2, 5])('a shared screen is large, with %i cameras in a column beside it', (count) => {
    const { screen, cameras } = layoutTiles(count, true, W, H);
    expect(screen!.width * screen!.height).toBeGreaterThan(0.6 * W * H);
    expect(cameras).toHaveLength(count);
    for (const r of cameras) {
      expect(inside(r)).toBe(true);
      expect(overlap(r, screen!)).toBe(false);
    }
  });
});

describe('fitPicture', () => {
  it('cover crops the middle of a 4:3 camera for a 16:9 tile', () => {
    const { source, target } = fitPicture(640, 480, { x: 0, y: 0, width: 320, height: 180 }, 'cover');
    expect(target).toEqual({ x: 0, y: 0, width: 320, height: 180 });
    expect(source).toEqual({ x: 0, y: 60, width: 640, height: 360 });
  });

  it('contain letterboxes a tall screen', () => {
    const { source, target } = fitPicture(1000, 2000, { x: 0, y: 0, width: 400, height: 400 }, 'contain');
    expect(source).toEqual({ x: 0, y: 0, width: 1000, height: 2000 });
    expect(target).toEqual({ x: 100, y: 0, width: 200, height: 400 });
  });
});
