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
