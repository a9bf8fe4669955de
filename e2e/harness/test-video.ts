import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestVideoOptions {
  width?: number;
  height?: number;
  frames?: number;
  /** Side of a background checker square, in pixels. */
  square?: number;
}

/**
 * Writes a Y4M clip for Chromium's fake camera (`--use-file-for-fake-video-capture`):
 * a person-like figure (head and shoulders) in front of a moving black-and-white
 * checkerboard, whose sharp edges make blur easy to measure in the background.
 */
export async function writeTestVideo({ width = 640, height = 480, frames = 30, square = 32 }: TestVideoOptions = {}): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'fake-camera-')), 'person.y4m');
  const out = createWriteStream(file);
  const write = (chunk: string | Buffer) => new Promise<void>((resolve, reject) => out.write(chunk, (e) => (e ? reject(e) : resolve())));
  await write(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
  const cx = width / 2;
  for (let f = 0; f < frames; f++) {
    const y = Buffer.alloc(width * height);
    const u = Buffer.alloc((width / 2) * (height / 2));
    const v = Buffer.alloc((width / 2) * (height / 2));
    const shift = f * 2;
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        const [r, g, b] = pixel(col, row);
        y[row * width + col] = 0.299 * r + 0.587 * g + 0.114 * b;
        if (row % 2 === 0 && col % 2 === 0) {
          const i = (row / 2) * (width / 2) + col / 2;
          u[i] = Math.max(0, Math.min(255, -0.169 * r - 0.331 * g + 0.5 * b + 128));
          v[i] = Math.max(0, Math.min(255, 0.5 * r - 0.419 * g - 0.081 * b + 128));
        }
      }
    }
    await write('FRAME\n');
    await write(y);
    await write(u);
    await write(v);

    function pixel(col: number, row: number): [number, number, number] {
      const head = ((col - cx) / (height * 0.13)) ** 2 + ((row - height * 0.38) / (height * 0.17)) ** 2 <= 1;
      if (head) return [224, 172, 140];
      const neck = Math.abs(col - cx) < height * 0.05 && row > height * 0.5 && row < height * 0.62;
      const shoulders = row >= height * 0.6 && Math.abs(col - cx) < height * 0.18 + (row - height * 0.6) * 0.9;
      if (neck) return [210, 160, 130];
      if (shoulders) return [40, 60, 120];
      const dark = (Math.floor((col + shift) / square) + Math.floor(row / square)) % 2 === 0;
      return dark ? [10, 10, 10] : [245, 245, 245];
    }
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return file;
}
