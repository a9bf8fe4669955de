import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Extension, type Page, type Target } from 'puppeteer-core';
import { build } from 'vite';
import { CHROME_FLAGS, CHROME_PATH, poll } from './browser.ts';
import { ROOT } from './server.ts';

/** The unpacked extension that `npm run build` (wxt build) writes. */
export const EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3');

/**
 * Chromium's flags for extension tests. Without `--use-fake-ui-for-media-stream`: with it, a
 * getUserMedia for a tab's stream id fails with "NotFoundError: Requested device not found" (the fake
 * UI answers every media request with fake devices). Camera permission is granted per origin instead.
 * mDNS host candidates off, so two pages of this machine connect without a resolver.
 */
export const EXTENSION_CHROME_FLAGS = [
  ...CHROME_FLAGS.filter((flag) => flag !== '--use-fake-ui-for-media-stream'),
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

export interface ExtensionBrowser {
  browser: Browser;
  extension: Extension;
  id: string;
}

/**
 * Chromium with the built extension installed. Puppeteer's `enableExtensions` talks over a pipe with
 * `--enable-unsafe-extension-debugging`: that is what allows `Extensions.triggerAction`, the click on
 * the extension's icon that tabCapture requires.
 */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json')))
    throw new Error(`no built extension in ${EXTENSION_DIR}: run npm run build first`);
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'chromium-ext-'));
  const browser = await puppeteer.launch({
    executablePath: CHROME_PATH,
    pipe: true,
    enableExtensions: [EXTENSION_DIR],
    ignoreDefaultArgs: ['--headless'],
    args: [...EXTENSION_CHROME_FLAGS, `--user-data-dir=${userDataDir}`],
    protocolTimeout: 60_000,
  });
  const deadline = Date.now() + 20_000;
  let extensions = await browser.extensions();
  while (extensions.size === 0 && Date.now() < deadline) {
    await browser.waitForTarget((t) => t.type() === 'service_worker', { timeout: 1000 }).catch(() => undefined);
    extensions = await browser.extensions();
  }
  const [extension] = extensions.values();
  if (!extension) throw new Error('the extension did not load');
  return { browser, extension, id: extension.id };
}

/** Opens one of the extension's pages (options.html, popup.html) in a tab. */
export async function openExtensionPage(ext: ExtensionBrowser, file: string): Promise<Page> {
  const page = await ext.browser.newPage();
  await page.goto(`chrome-extension://${ext.id}/${file}`);
  return page;
}

/** Clicks the extension's icon on `page` (a real user gesture for Chrome) and returns the popup. */
export async function clickExtensionIcon(ext: ExtensionBrowser, page: Page): Promise<Page> {
  const isPopup = (t: Target) => t.url() === `chrome-extension://${ext.id}/popup.html`;
  await ext.extension.triggerAction(page);
  const target = await ext.browser.waitForTarget(isPopup, { timeout: poll.timeout });
  const popup = await target.asPage();
  return popup;
}

/** Serves `html` for every navigation of `page` to `origin` (the real network is never asked). */
export async function serveAt(page: Page, origin: string, html: () => string): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (!request.url().startsWith(origin)) return void request.continue();
    if (request.resourceType() === 'document')
      return void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html() });
    return void request.respond({ status: 404, body: '' });
  });
}

/** pwa/src/share/extension-tab-share.ts as a script for a page: `window.ExtensionTabShare`. */
export async function tabShareModuleScript(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: {
        entry: path.join(ROOT, 'pwa/src/share/extension-tab-share.ts'),
        formats: ['iife'],
        name: 'ExtensionTabShare',
        fileName: () => 'tab-share.js',
      },
    },
  });
  const output = Array.isArray(result) ? result[0]! : result;
  if (!('output' in output)) throw new Error('vite did not return a bundle');
  return output.output[0].code;
}
