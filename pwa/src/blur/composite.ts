import type { MaskImage } from './blur-protocol.ts';

export interface CompositorOptions {
  /** The background is blurred at 1/downscale of the frame size, then stretched back: cheap and soft. */
  downscale?: number;
  /** Blur radius at the downscaled size (CSS px). */
  blurPx?: number;
  /** Blur of the mask's edge, at mask size. */
  maskSoftenPx?: number;
  /**
   * The model's confidences below `lo` count as background and above `hi` as the person, with a smooth
   * step between: the model's soft rim reaches past the person, and a linear mask there lets the sharp
   * background show through around head and shoulders.
   */
  maskEdge?: readonly [lo: number, hi: number];
  /** The person's region is shrunk by this many mask pixels (a minimum filter), as far as the model overreaches. */
  maskErodePx?: number;
}

/**
 * Shrinks the person's region of an alpha mask (RGBA, alpha used) by `radius` pixels: each alpha
 * becomes the smallest within a square of that radius (a separable minimum filter, in place).
 */
export function erodeAlpha(data: Uint8ClampedArray, width: number, height: number, radius: number): void {
  if (radius <= 0) return;
  const line = new Uint8ClampedArray(Math.max(width, height));
  const pass = (count: number, length: number, index: (a: number, b: number) => number) => {
    for (let a = 0; a < count; a++) {
      for (let b = 0; b < length; b++) line[b] = data[index(a, b)]!;
      for (let b = 0; b < length; b++) {
        let min = 255;
        for (let k = Math.max(0, b - radius); k <= Math.min(length - 1, b + radius); k++) if (line[k]! < min) min = line[k]!;
        data[index(a, b)] = min;
      }
    }
  };
  pass(height, width, (y, x) => (y * width + x) * 4 + 3);
  pass(width, height, (x, y) => (y * width + x) * 4 + 3);
}

/** alpha → alpha through a smooth step from `lo` to `hi` (0–255 in, 0–255 out). */
export function edgeCurve([lo, hi]: readonly [number, number]): Uint8ClampedArray {
  const table = new Uint8ClampedArray(256);
  for (let i = 0; i < 256; i++) {
    const x = Math.min(1, Math.max(0, (i / 255 - lo) / (hi - lo)));
    table[i] = Math.round(x * x * (3 - 2 * x) * 255);
  }
  return table;
}

type Canvas2D = OffscreenCanvasRenderingContext2D;

function canvas2d(): Canvas2D {
  return new OffscreenCanvas(1, 1).getContext('2d')!;
}
function fit(ctx: Canvas2D, width: number, height: number) {
  if (ctx.canvas.width !== width || ctx.canvas.height !== height) [ctx.canvas.width, ctx.canvas.height] = [width, height];
}

/**
 * Draws output frames: the person (the frame where the mask says so; the low-resolution mask
 * is stretched, which feathers its edge) over a blurred copy of the frame. The camera frame is
 * converted to RGB once (`load`); everything else is canvas-to-canvas copies, mostly small.
 */
export function createCompositor({
  downscale = 6,
  blurPx = 3,
  maskSoftenPx = 1,
  maskEdge = [0.5, 0.85],
  maskErodePx = 2,
}: CompositorOptions = {}) {
  const curve = edgeCurve(maskEdge);
  const rgb = canvas2d();
  const padded = canvas2d();
  const blurred = canvas2d();
  const rawMask = canvas2d();
  const mask = canvas2d();
  let hasMask = false;
  let [width, height] = [0, 0];

  /** The background, shrunk and blurred; its edges are stretched outwards first so the blur does not fade them. */
  function blurBackground() {
    const sw = Math.max(1, Math.round(width / downscale));
    const sh = Math.max(1, Math.round(height / downscale));
    const pad = Math.ceil(blurPx * 2);
    const [pw, ph] = [sw + 2 * pad, sh + 2 * pad];
    fit(padded, pw, ph);
    fit(blurred, pw, ph);
    const src = rgb.canvas;
    padded.drawImage(src, 0, 0, width, 1, 0, 0, pw, pad); // top edge
    padded.drawImage(src, 0, height - 1, width, 1, 0, ph - pad, pw, pad); // bottom edge
    padded.drawImage(src, 0, 0, 1, height, 0, 0, pad, ph); // left edge
    padded.drawImage(src, width - 1, 0, 1, height, pw - pad, 0, pad, ph); // right edge
    padded.drawImage(src, 0, 0, width, height, pad, pad, sw, sh);
    blurred.globalCompositeOperation = 'copy';
    blurred.filter = `blur(${blurPx}px)`;
    blurred.drawImage(padded.canvas, 0, 0);
    return { pad, sw, sh };
  }

  return {
    get hasMask() {
      return hasMask;
    },
    /** The loaded frame in RGB, until `compose` (e.g. to downscale for segmentation; a snapshot taken before `compose` keeps it). */
    get source(): OffscreenCanvas {
      return rgb.canvas;
    },
    setMask(image: MaskImage) {
      fit(rawMask, image.width, image.height);
      fit(mask, image.width, image.height);
      const data = image.data;
      for (let i = 3; i < data.length; i += 4) data[i] = curve[data[i]!]!;
      erodeAlpha(data, image.width, image.height, maskErodePx);
      rawMask.putImageData(new ImageData(data, image.width, image.height), 0, 0);
      // Soften the model's stair-stepped edge a little (cheap at mask size).
      mask.globalCompositeOperation = 'copy';
      mask.filter = `blur(${maskSoftenPx}px)`;
      mask.drawImage(rawMask.canvas, 0, 0);
      hasMask = true;
    },
    /** Takes in a camera frame (the caller may close it afterwards). */
    load(frame: CanvasImageSource, frameWidth: number, frameHeight: number) {
      [width, height] = [frameWidth, frameHeight];
      fit(rgb, width, height);
      rgb.globalCompositeOperation = 'copy';
      rgb.drawImage(frame, 0, 0, width, height);
    },
    /**
     * The loaded frame with its background blurred, drawn over the frame itself in two full-size passes:
     * the person kept where the stretched mask says so, then the blurred background behind it.
     */
    compose(): OffscreenCanvas {
      const { pad, sw, sh } = blurBackground();
      rgb.imageSmoothingEnabled = true;
      rgb.globalCompositeOperation = 'destination-in';
      rgb.drawImage(mask.canvas, 0, 0, width, height);
      rgb.globalCompositeOperation = 'destination-over';
      rgb.drawImage(blurred.canvas, pad, pad, sw, sh, 0, 0, width, height);
      return rgb.canvas;
    },
  };
}
