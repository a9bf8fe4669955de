import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** Real Chromium with a fake camera and microphone and a fresh profile. */
export async function launchBrowser(extraArgs: string[] = [], options: { withoutFlags?: string[] } = {}): Promise<Browser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'chromium-'));
  const flags = CHROME_FLAGS.filter((f) => !options.withoutFlags?.includes(f));
  return puppeteer.launch({
    executablePath: CHROME_PATH,
    ignoreDefaultArgs: ['--headless'],
    args: [...flags, `--user-data-dir=${userDataDir}`, ...extraArgs],
    protocolTimeout: 60_000,
  });
}

const pageLogs = new WeakMap<Page, string[]>();
/** Console output and page errors collected for a page (for failure messages). */
export const logsOf = (page: Page) => pageLogs.get(page) ?? [];

export interface ParticipantPage {
  context: BrowserContext;
  page: Page;
  logs: string[];
}

/**
 * A separate browser context per participant: own storage, own media, own cookies.
 * `prepare` runs before the page loads (e.g. to set the host's session cookie).
 */
export interface OpenOptions {
  /** Runs on the new context before the page exists (cookies, permissions). */
  prepare?: (context: BrowserContext) => Promise<void>;
  /** Runs on the page before it loads the URL (instrumentation). */
  beforeLoad?: (page: Page) => Promise<void>;
}

export async function openParticipant(
  browser: Browser,
  url: string,
  options: OpenOptions | ((context: BrowserContext) => Promise<void>) = {},
): Promise<ParticipantPage> {
  const { prepare, beforeLoad } = typeof options === 'function' ? { prepare: options, beforeLoad: undefined } : options;
  const context = await browser.createBrowserContext();
  await prepare?.(context);
  const page = await context.newPage();
  await beforeLoad?.(page);
  const logs: string[] = [];
  pageLogs.set(page, logs);
  page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`[pageerror] ${(e as Error).message}`));
  await page.goto(url);
  return { context, page, logs };
}

/** Polling (not rAF) so it works in background tabs. */
export const poll = { polling: 100, timeout: 30_000 } as const;
