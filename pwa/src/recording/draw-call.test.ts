import { describe, expect, it } from 'vitest';
import { drawCall, type FrameOf } from './draw-call.ts';
import { layoutTiles } from './tile-layout.ts';

/** A 2D context that remembers what was drawn where (the calls the composer makes). */
function recordingContext() {
  const calls: { op: string; args: unknown[]; fillStyle: unknown }[] = [];
  const ctx: Record<string, unknown> = { fillStyle: '', font: '', textAlign: 'start', textBaseline: 'alphabetic' };
  for (const op of ['fillRect', 'drawImage', 'beginPath', 'arc', 'fill', 'fillText']) {
    ctx[op] = (...args: unknown[]) => calls.push({ op, args, fillStyle: ctx.fillStyle });
  }
  ctx.measureText = (text: string) => ({ width: text.length * 7 });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

interface Picture {
  name: string;
  kind: 'camera' | 'screen';
  frame?: { image: CanvasImageSource; width: number; height: number };
}
type DrawImageArgs = [unknown, number, number, number, number, number, number, number, number];
const frameOf: FrameOf<Picture> = (p) => p.frame;
const image = (id: string) => ({ id }) as unknown as CanvasImageSource;

describe('drawCall', () => {
  it('clears the frame, then draws each camera with a frame into its tile and the name over it', () => {
    const { ctx, calls } = recordingContext();
    const pictures: Picture[] = [
      { name: 'Hanna Host', kind: 'camera', frame: { image: image('hanna'), width: 640, height: 480 } },
      { name: 'Gus Guest', kind: 'camera', frame: { image: image('gus'), width: 1280, height: 720 } },
    ];
    drawCall(ctx, pictures, frameOf, 1280, 720);
    expect(calls[0]).toMatchObject({ op: 'fillRect', args: [0, 0, 1280, 720], fillStyle: '#15171b' });
    const images = calls.filter((c) => c.op === 'drawImage');
    expect(images.map((c) => c.args[0])).toEqual([image('hanna'), image('gus')]);
    // Each lands in its own tile of the grid of two.
    const tiles = layoutTiles(2, false, 1280, 720).cameras;
    for (const [i, call] of images.entries()) {
      const [, , , , , x, y, w, h] = call.args as DrawImageArgs;
      expect(x).toBeGreaterThanOrEqual(tiles[i]!.x - 1e-6);
      expect(x + w).toBeLessThanOrEqual(tiles[i]!.x + tiles[i]!.width + 1e-6);
      expect(y).toBeGreaterThanOrEqual(tiles[i]!.y - 1e-6);
      expect(y + h).toBeLessThanOrEqual(tiles[i]!.y + tiles[i]!.height + 1e-6);
    }
    expect(calls.filter((c) => c.op === 'fillText').map((c) => c.args[0])).toEqual(['Hanna Host', 'Gus Guest']);
    expect(calls.some((c) => c.op === 'arc')).toBe(false);
  });

  it('draws initials on a disc where there is no frame yet, or a frame without a size', () => {
    const { ctx, calls } = recordingContext();
    drawCall(
      ctx,
      [
        { name: 'Lea Late', kind: 'camera' },
        { name: 'Zero Size', kind: 'camera', frame: { image: image('zero'), width: 0, height: 0 } },
      ],
      frameOf,
      1280,
      720,
    );
    expect(calls.filter((c) => c.op === 'drawImage')).toEqual([]);
    expect(calls.filter((c) => c.op === 'arc')).toHaveLength(2);
    expect(calls.filter((c) => c.op === 'fillText').map((c) => c.args[0])).toEqual(['LL', 'Lea Late', 'ZS', 'Zero Size']);
  });

  it('draws a shared screen first and whole (contained, not cropped), wherever it is in the list', () => {
    const { ctx, calls } = recordingContext();
    drawCall(
      ctx,
      [
        { name: 'Hanna Host', kind: 'camera', frame: { image: image('hanna'), width: 640, height: 480 } },
        { name: 'Screen of Gus', kind: 'screen', frame: { image: image('screen'), width: 1920, height: 1200 } },
      ],
      frameOf,
      1280,
      720,
    );
    const images = calls.filter((c) => c.op === 'drawImage');
    expect(images.map((c) => c.args[0])).toEqual([image('screen'), image('hanna')]);
    // The whole screen is the source (nothing cut away), scaled into the screen's area at its own aspect.
    const [, sx, sy, sw, sh, , , tw, th] = images[0]!.args as DrawImageArgs;
    expect([sx, sy, sw, sh]).toEqual([0, 0, 1920, 1200]);
    expect(tw / th).toBeCloseTo(1920 / 1200);
  });

  it('shortens a long name', () => {
    const { ctx, calls } = recordingContext();
    drawCall(ctx, [{ name: 'N'.repeat(60), kind: 'camera' }], frameOf, 1280, 720);
    const texts = calls.filter((c) => c.op === 'fillText').map((c) => c.args[0] as string);
    expect(texts[1]).toBe(`${'N'.repeat(39)}…`);
  });
});
