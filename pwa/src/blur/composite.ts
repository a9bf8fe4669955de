import type { MaskImage } from './blur-protocol.ts';

export interface CompositorOptions {
  /** The background is blurred at 1/downscale of the frame size, then stretched back: cheap and soft. */
  downscale?: number;
  /** Blur radius at the downscaled size (CSS px). */
  blurPx?: number;
  /** Blur of the mask's edge, at mask size. */
  maskSoftenPx?: number;
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
export function createCompositor({ downscale = 6, blurPx = 3, maskSoftenPx = 1 }: CompositorOptions = {}) {
  const rgb = canvas2d();
  const out = canvas2d();
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
    /** The current frame in RGB (e.g. to downscale for segmentation). */
    get source(): OffscreenCanvas {
      return rgb.canvas;
    },
    setMask(image: MaskImage) {
      fit(rawMask, image.width, image.height);
      fit(mask, image.width, image.height);
      rawMask.putImageData(new ImageData(image.data, image.width, image.height), 0, 0);
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
    /** The loaded frame with its background blurred. */
    compose(): OffscreenCanvas {
      fit(out, width, height);
      const { pad, sw, sh } = blurBackground();
      out.imageSmoothingEnabled = true;
      out.globalCompositeOperation = 'copy';
      out.drawImage(mask.canvas, 0, 0, width, height);
      out.globalCompositeOperation = 'source-in';
      out.drawImage(rgb.canvas, 0, 0);
      out.globalCompositeOperation = 'destination-over';
      out.drawImage(blurred.canvas, pad, pad, sw, sh, 0, 0, width, height);
      return out.canvas;
    },
  };
}
