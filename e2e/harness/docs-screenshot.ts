import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { ROOT } from './server.ts';

/**
 * Where the pictures go: every run takes them into `test-output/docs-images/` (a look at the
 * current app, without touching the repository); `npm run docs:screenshots` runs the suite with
 * `UPDATE_DOCS_SCREENSHOTS=1`, which writes them over the user guide's own in `docs/images/`.
 */
export const DOCS_IMAGES = path.join(ROOT, process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? 'docs/images' : 'test-output/docs-images');

/** The desktop size every docs screenshot is taken at. */
export const DOCS_VIEWPORT = { width: 1280, height: 800 } as const;

/**
 * The phone sizes the guide also shows (those of e2e/layout.e2e.ts), as touch screens; at
 * a scale of 1, so each picture is the size of its CSS pixels and the files stay small.
 */
export const DOCS_PHONES = [
  { slug: 'phone-390', viewport: { width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true } },
  { slug: 'phone-360', viewport: { width: 360, height: 640, deviceScaleFactor: 1, isMobile: true, hasTouch: true } },
] as const;

/** Saves what the page shows now as `<DOCS_IMAGES>/<name>.png`. */
export async function saveDocsScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(DOCS_IMAGES, { recursive: true });
  const file = path.join(DOCS_IMAGES, `${name}.png`) as `${string}.png`;
  // Nothing blinks in the picture: no text caret, no running CSS transition.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
  await page.screenshot({ path: file });
  return file;
}
