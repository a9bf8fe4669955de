import { UAParser } from 'ua-parser-js';
import type { ClientHints } from '../../shared/media-check.ts';

export interface DeviceDescription {
  browser: string;
  browserVersion: string;
  os: string;
  osVersion: string;
  kind: 'phone' | 'tablet' | 'desktop';
  model: string | null;
}

const GENERIC_BRANDS = /not.?a.?brand|chromium/i;

/** Header client hints (Sec-CH-UA…) in the shape the browser API uses. */
export function hintsFromHeaders(headers: Headers): ClientHints {
  const unquote = (s: string | null) => (s ? s.replace(/^"|"$/g, '') : undefined);
  const brands = [...(headers.get('sec-ch-ua-full-version-list') ?? headers.get('sec-ch-ua') ?? '').matchAll(/"([^"]+)";v="([^"]+)"/g)].map(
    (m) => ({ brand: m[1]!, version: m[2]! }),
  );
  const mobile = headers.get('sec-ch-ua-mobile');
  return {
    ...(brands.length ? { brands } : {}),
    ...(mobile ? { mobile: mobile === '?1' } : {}),
    ...(headers.get('sec-ch-ua-platform') ? { platform: unquote(headers.get('sec-ch-ua-platform')) } : {}),
    ...(headers.get('sec-ch-ua-platform-version') ? { platformVersion: unquote(headers.get('sec-ch-ua-platform-version')) } : {}),
    ...(headers.get('sec-ch-ua-model') ? { model: unquote(headers.get('sec-ch-ua-model')) } : {}),
  };
}

/** ua-parser-js's reading of a User-Agent (its regular expressions cost 1–4 ms): a page sends the same one at each visit and join. */
const parsed = new Map<string, UAParser.IResult>();
const PARSED_MAX = 500;
function parseUserAgent(userAgent: string): UAParser.IResult {
  const known = parsed.get(userAgent);
  if (known) return known;
  const result = new UAParser(userAgent).getResult();
  if (userAgent.length > 512) return result; // not kept: real ones are shorter, and the cache stays small
  if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value as string);
  parsed.set(userAgent, result);
  return result;
}

/**
 * Browser, version, operating system and device class from the User-Agent (ua-parser-js),
 * corrected by client hints where the browser sends them (the UA string is frozen in
 * Chromium: it says "Windows NT 10.0" on Windows 11 and a fake Android model).
 */
export function describeDevice(userAgent: string, hints: ClientHints = {}): DeviceDescription {
  const ua = parseUserAgent(userAgent);
  const deviceType = ua.device.type;
  let kind: DeviceDescription['kind'] = deviceType === 'mobile' ? 'phone' : deviceType === 'tablet' ? 'tablet' : 'desktop';
  if (hints.mobile === true && kind === 'desktop') kind = 'phone';
  let browser = ua.browser.name ?? 'Unknown browser';
  let browserVersion = ua.browser.version ?? '';
  const brand = hints.brands?.find((b) => !GENERIC_BRANDS.test(b.brand)) ?? hints.brands?.find((b) => /chromium/i.test(b.brand));
  if (brand) {
    browser = brand.brand.replace(/^Google /, '').replace(/^Microsoft /, '');
    browserVersion = brand.version;
  }
  let os = ua.os.name ?? 'Unknown system';
  let osVersion = ua.os.version ?? '';
  if (hints.platform) {
    os = hints.platform === 'macOS' ? 'macOS' : hints.platform;
    if (hints.platformVersion) {
      osVersion = hints.platformVersion;
      // Windows: platformVersion 13+ is Windows 11, 1–10 is Windows 10.
      if (hints.platform === 'Windows') {
        const major = Number(hints.platformVersion.split('.')[0]);
        osVersion = major >= 13 ? '11' : major > 0 ? '10' : osVersion;
      }
    }
  }
  const model =
    hints.model || (ua.device.model && kind !== 'desktop' ? [ua.device.vendor, ua.device.model].filter(Boolean).join(' ') : null) || null;
  return { browser, browserVersion, os, osVersion, kind, model };
}

export function deviceSentence(d: DeviceDescription): string {
  const browser = [d.browser, d.browserVersion.split('.')[0]].filter(Boolean).join(' ');
  const os = [d.os, d.osVersion].filter(Boolean).join(' ');
  return `${browser} on ${os}, ${d.kind}${d.model ? ` (${d.model})` : ''}`;
}
