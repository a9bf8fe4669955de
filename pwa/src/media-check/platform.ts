import { t } from '../i18n/i18n.ts';
// Loaded with the media check (lazy-media-check.ts): its texts come with it.
import '../i18n/later-texts.ts';
export type BrowserName = 'chrome' | 'edge' | 'firefox' | 'safari' | 'other';
export type OsName = 'windows' | 'macos' | 'ios' | 'android' | 'linux' | 'other';
export interface Platform {
  browser: BrowserName;
  os: OsName;
}

/** Enough of the browser and system to pick the right fixing steps (no library: this runs on the pre-join page). */
export function detectPlatform(userAgent: string, maxTouchPoints = 0): Platform {
  const ua = userAgent;
  let os: OsName = 'other';
  if (/iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && maxTouchPoints > 1)) os = 'ios';
  else if (/Android/.test(ua)) os = 'android';
  else if (/Windows/.test(ua)) os = 'windows';
  else if (/Mac OS X|Macintosh/.test(ua)) os = 'macos';
  else if (/Linux|CrOS/.test(ua)) os = 'linux';
  let browser: BrowserName = 'other';
  if (/Edg(e|A|iOS)?\//.test(ua)) browser = 'edge';
  else if (/Firefox|FxiOS/.test(ua)) browser = 'firefox';
  else if (/Chrome|Chromium|CriOS/.test(ua)) browser = 'chrome';
  else if (/Safari/.test(ua)) browser = 'safari';
  // On iOS every browser is Safari underneath: the permission steps are Safari's.
  if (os === 'ios' && browser !== 'firefox') browser = browser === 'chrome' || browser === 'edge' ? browser : 'safari';
  return { browser, os };
}

/** Product names stay as they are; "other" is said in the page's language. */
const BROWSER_LABEL: Record<Exclude<BrowserName, 'other'>, string> = {
  chrome: 'Chrome',
  edge: 'Edge',
  firefox: 'Firefox',
  safari: 'Safari',
};
const OS_LABEL: Record<Exclude<OsName, 'other'>, string> = {
  windows: 'Windows',
  macos: 'macOS',
  ios: 'iPhone/iPad',
  android: 'Android',
  linux: 'Linux',
};

export const browserLabel = (p: Platform) => (p.browser === 'other' ? t('platform.otherBrowser') : BROWSER_LABEL[p.browser]);
const osLabel = (p: Platform) => (p.os === 'other' ? t('platform.otherSystem') : OS_LABEL[p.os]);
export const platformLabel = (p: Platform) => t('platform.on', { browser: browserLabel(p), os: osLabel(p) });
