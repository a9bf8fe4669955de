import type { Locale } from './locales.ts';

/** How each of our languages groups the digits of a whole number (`1,234` / `1.234`). */
const GROUPING: Record<Locale, string> = { en: ',', nl: '.', de: '.' };

/**
 * A whole number as `Number.prototype.toLocaleString(locale)` writes it in our three languages,
 * without Intl. A page's first number formatted through Intl costs 15–25 ms of the main thread in
 * Chromium (it loads the platform's number data; measured on this machine in a fresh renderer),
 * and the pre-join page writes one (the media check's progress) as it is drawn. Null for anything
 * else (a fraction, another language, -0): the caller then asks Intl. The test compares it with Intl.
 */
export function formatPlainInteger(value: number, locale: string): string | null {
  const separator = Object.hasOwn(GROUPING, locale) ? GROUPING[locale as Locale] : undefined;
  if (separator === undefined || !Number.isSafeInteger(value) || Object.is(value, -0)) return null;
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  return value < 0 ? `-${digits}` : digits;
}
