/**
 * Renders the PWA icons (PNG, as install prompts and stores want) from the SVG sources in
 * pwa/public/icons with Chromium. Run once after changing an SVG: `npm run icons`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser } from '../e2e/harness/browser.ts';
import { ROOT } from '../e2e/harness/server.ts';

const dir = path.join(ROOT, 'pwa/public/icons');
const jobs: [string, string, number][] = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon.svg', 'apple-touch-icon.png', 180],
  ['maskable.svg', 'maskable-192.png', 192],
  ['maskable.svg', 'maskable-512.png', 512],
];

const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  for (const [source, target, size] of jobs) {
    const svg = await readFile(path.join(dir, source), 'utf8');
    await page.setViewport({ width: size, height: size, deviceScaleFactor: 1 });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    await page.screenshot({
      path: path.join(dir, target) as `${string}.png`,
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    console.log(`wrote ${target}`);
  }
} finally {
  await browser.close();
}
