import type { ClientHints } from '../../../shared/media-check.ts';

/** High-entropy client hints where the browser offers them (Chromium), for the host's device note. */
export async function readClientHints(): Promise<ClientHints | undefined> {
  const uaData = (navigator as { userAgentData?: { getHighEntropyValues(h: string[]): Promise<Record<string, unknown>> } }).userAgentData;
  if (!uaData) return undefined;
  try {
    const v = await uaData.getHighEntropyValues(['platformVersion', 'model', 'fullVersionList']);
    const brands = (v.fullVersionList ?? v.brands) as { brand: string; version: string }[] | undefined;
    return {
      ...(brands
        ? { brands: brands.slice(0, 10).map((b) => ({ brand: String(b.brand).slice(0, 60), version: String(b.version).slice(0, 40) })) }
        : {}),
      ...(typeof v.mobile === 'boolean' ? { mobile: v.mobile } : {}),
      ...(typeof v.platform === 'string' ? { platform: v.platform.slice(0, 40) } : {}),
      ...(typeof v.platformVersion === 'string' ? { platformVersion: v.platformVersion.slice(0, 40) } : {}),
      ...(typeof v.model === 'string' && v.model ? { model: v.model.slice(0, 60) } : {}),
    };
  } catch {
    return undefined;
  }
}
