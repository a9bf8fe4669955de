import { initials } from '../room/initials.ts';
import { fitPicture, layoutTiles, type Rect } from './tile-layout.ts';

/** What one picture of the recording needs to be drawn (the main thread's and the worker's composer share it). */
export interface DrawnPicture {
  name: string;
  kind: 'camera' | 'screen';
}

/** A frame to draw and its size, or undefined when there is none yet (the name is drawn instead). */
export type FrameOf<P> = (picture: P) => { image: CanvasImageSource; width: number; height: number } | undefined;

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function drawName(ctx: Context2D, name: string, rect: Rect) {
  const size = Math.max(12, Math.round(rect.height * 0.06));
  ctx.font = `${size}px system-ui, sans-serif`;
  const text = name.length > 40 ? `${name.slice(0, 39)}…` : name;
  const w = ctx.measureText(text).width + size;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.fillRect(rect.x + size / 2, rect.y + rect.height - size * 2, w, size * 1.5);
  ctx.fillStyle = '#fff';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, rect.x + size, rect.y + rect.height - size * 1.25);
}

function drawAvatar(ctx: Context2D, name: string, rect: Rect) {
  ctx.fillStyle = '#2b2f36';
  ctx.fillRect(rect.x, rect.y, rect.width, rect.height);
  const r = Math.min(rect.width, rect.height) * 0.18;
  ctx.fillStyle = '#4a5160';
  ctx.beginPath();
  ctx.arc(rect.x + rect.width / 2, rect.y + rect.height / 2, r, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = '#fff';
  ctx.font = `${Math.round(r * 0.9)}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(initials(name), rect.x + rect.width / 2, rect.y + rect.height / 2);
  ctx.textAlign = 'start';
}

/**
 * Draws the call as one picture on `ctx` (`width`×`height`): a grid of cameras, or a shared
 * screen large with the cameras beside it; each with its name, or the name's initials when
 * it has no frame.
 */
export function drawCall<P extends DrawnPicture>(
  ctx: Context2D,
  pictures: readonly P[],
  frameOf: FrameOf<P>,
  width: number,
  height: number,
) {
  const screen = pictures.find((p) => p.kind === 'screen');
  const cameras = pictures.filter((p) => p.kind === 'camera');
  const layout = layoutTiles(cameras.length, Boolean(screen), width, height);
  ctx.fillStyle = '#15171b';
  ctx.fillRect(0, 0, width, height);
  const draw = (picture: P, rect: Rect) => {
    const frame = frameOf(picture);
    if (frame && frame.width > 0 && frame.height > 0) {
      ctx.fillStyle = '#000';
      ctx.fillRect(rect.x, rect.y, rect.width, rect.height);
      const { source, target } = fitPicture(frame.width, frame.height, rect, picture.kind === 'screen' ? 'contain' : 'cover');
      ctx.drawImage(frame.image, source.x, source.y, source.width, source.height, target.x, target.y, target.width, target.height);
    } else {
      drawAvatar(ctx, picture.name, rect);
    }
    drawName(ctx, picture.name, rect);
  };
  if (screen && layout.screen) draw(screen, layout.screen);
  cameras.forEach((p, i) => draw(p, layout.cameras[i]!));
}
