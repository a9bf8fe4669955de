import { LOCALES, type Locale } from '../../../shared/locales.ts';

export { LOCALES, type Locale };

/** The languages the app ships, each named in its own language (the switch shows them so). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', nl: 'Nederlands', de: 'Deutsch' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first of the browser's languages we ship (`nl-BE` → nl, `de-AT` → de), else English. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}
