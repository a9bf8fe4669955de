import type { Page } from 'puppeteer-core';

/**
 * Installs `window.edgeEnergy(selector)` in a page: the mean luminance gradient of a video's
 * background (its left and right fifths, where the test video has no person). A sharp
 * checkerboard scores high; a blurred one low.
 */
export async function installEdgeEnergy(page: Page) {
  await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    (window as unknown as { edgeEnergy: (s: string) => number }).edgeEnergy = (selector: string) => {
      const video = document.querySelector<HTMLVideoElement>(selector);
      if (!video || video.videoWidth === 0 || video.readyState < 2) return NaN;
      const [w, h] = [320, 240];
      [canvas.width, canvas.height] = [w, h];
      ctx.drawImage(video, 0, 0, w, h);
      const px = ctx.getImageData(0, 0, w, h).data;
      // No helper functions in here: a TypeScript transform may wrap them in a `__name` the page does not have.
      const lum = new Float32Array(w * h);
      for (let i = 0; i < w * h; i++) lum[i] = 0.299 * px[i * 4]! + 0.587 * px[i * 4 + 1]! + 0.114 * px[i * 4 + 2]!;
      let sum = 0;
      let n = 0;
      for (let y = 0; y < h - 1; y++) {
        for (const [from, to] of [
          [0, w / 5],
          [(w * 4) / 5, w - 1],
        ] as const) {
          for (let x = from; x < to; x++) {
            const i = y * w + x;
            sum += Math.abs(lum[i + 1]! - lum[i]!) + Math.abs(lum[i + w]! - lum[i]!);
            n++;
          }
        }
      }
      return sum / n;
    };
  });
}

export const edgeEnergy = (page: Page, selector: string) =>
  page.evaluate((s) => (window as unknown as { edgeEnergy: (s: string) => number }).edgeEnergy(s), selector);

/**
 * The same measure in the band of background right around the figure of `writeTestVideo` (head
 * and shoulders, centred): pixels outside the figure and at most `band` of the frame's width from
 * it (one checker square is 1/20). A person mask that reaches past the person leaves this band sharp.
 */
export async function installBandEnergy(page: Page) {
  await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const [w, h] = [320, 240];
    const rings = new Map<number, Uint8Array>();
    (window as unknown as { bandEnergy: (s: string, band: number) => number }).bandEnergy = (selector: string, band: number) => {
      const video = document.querySelector<HTMLVideoElement>(selector);
      if (!video || video.videoWidth === 0 || video.readyState < 2) return NaN;
      let ring = rings.get(band);
      if (!ring) {
        // The figure as the test video draws it (e2e/harness/test-video.ts), at 320×240.
        const figure = new Uint8Array(w * h);
        const cx = w / 2;
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const head = ((x - cx) / (h * 0.13)) ** 2 + ((y - h * 0.38) / (h * 0.17)) ** 2 <= 1;
            const neck = Math.abs(x - cx) < h * 0.05 && y > h * 0.5 && y < h * 0.62;
            const shoulders = y >= h * 0.6 && Math.abs(x - cx) < h * 0.18 + (y - h * 0.6) * 0.9;
            figure[y * w + x] = head || neck || shoulders ? 1 : 0;
          }
        }
        // Outside the figure, more than 2 px (the encoder's soft edge) and at most `band` × width from it.
        const r = Math.round(band * w);
        ring = new Uint8Array(w * h);
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            if (figure[y * w + x]) continue;
            let nearest = Infinity;
            for (let dy = -r; dy <= r; dy++) {
              const yy = y + dy;
              if (yy < 0 || yy >= h) continue;
              for (let dx = -r; dx <= r; dx++) {
                const xx = x + dx;
                if (xx < 0 || xx >= w || !figure[yy * w + xx]) continue;
                nearest = Math.min(nearest, dx * dx + dy * dy);
              }
            }
            if (nearest > 4 && nearest <= r * r) ring[y * w + x] = 1;
          }
        }
        rings.set(band, ring);
      }
      [canvas.width, canvas.height] = [w, h];
      ctx.drawImage(video, 0, 0, w, h);
      const px = ctx.getImageData(0, 0, w, h).data;
      const lum = new Float32Array(w * h);
      for (let i = 0; i < w * h; i++) lum[i] = 0.299 * px[i * 4]! + 0.587 * px[i * 4 + 1]! + 0.114 * px[i * 4 + 2]!;
      let sum = 0;
      let n = 0;
      for (let y = 0; y < h - 1; y++) {
        for (let x = 0; x < w - 1; x++) {
          const i = y * w + x;
          if (!ring[i]) continue;
          sum += Math.abs(lum[i + 1]! - lum[i]!) + Math.abs(lum[i + w]! - lum[i]!);
          n++;
        }
      }
      return sum / n;
    };
  });
}

export const bandEnergy = (page: Page, selector: string, band: number) =>
  page.evaluate((s, b) => (window as unknown as { bandEnergy: (s: string, band: number) => number }).bandEnergy(s, b), selector, band);
