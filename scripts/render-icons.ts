/**
 * Renders the PWA's icons (PNG, as install prompts and stores want) and the extension's (toolbar,
 * extensions page, Chrome Web Store: 16, 32, 48, 128) from the SVG sources in pwa/public/icons with
 * Chromium. Run once after changing an SVG: `npm run icons`.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser } from '../e2e/harness/browser.ts';
import { ROOT } from '../e2e/harness/server.ts';

const dir = path.join(ROOT, 'pwa/public/icons');
const extensionDir = path.join(ROOT, 'extension/public/icon');
const jobs: [string, string, number][] = [
  ['icon.svg', path.join(dir, 'icon-192.png'), 192],
  ['icon.svg', path.join(dir, 'icon-512.png'), 512],
  ['icon.svg', path.join(dir, 'apple-touch-icon.png'), 180],
  ['maskable.svg', path.join(dir, 'maskable-192.png'), 192],
  ['maskable.svg', path.join(dir, 'maskable-512.png'), 512],
  // The extension: the same artwork as the installed app, at the sizes Chrome and the store use.
  ...[16, 32, 48, 128].map((size): [string, string, number] => ['icon.svg', path.join(extensionDir, `${size}.png`), size]),
];

await mkdir(extensionDir, { recursive: true });
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
      path: target as `${string}.png`,
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    console.log(`wrote ${path.relative(ROOT, target)}`);
  }
} finally {
  await browser.close();
}
