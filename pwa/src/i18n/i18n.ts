import { createI18n } from './create-i18n.ts';
import { enFirst } from './en-first.ts';

/**
 * The page's one language state. Text is everywhere, so this is the one piece of app state that
 * components import rather than receive through props; its logic lives in `createI18n`, which
 * tests build with their own languages and storage. Outside a browser (unit tests importing a
 * component) it is English with nothing remembered.
 */
const browser = typeof window !== 'undefined' && typeof document !== 'undefined';

function localStorageOrNull(): Storage | null {
  try {
    return browser ? window.localStorage : null;
  } catch {
    return null;
  }
}

export const i18n = createI18n({
  languages: browser ? (navigator.languages ?? [navigator.language]) : [],
  storage: localStorageOrNull(),
  root: browser ? document.documentElement : null,
  english: enFirst,
  load: (locale) => (locale === 'nl' ? import('./nl.ts').then((m) => m.nl) : import('./de.ts').then((m) => m.de)),
});

export const t = i18n.t;
export const tParts = i18n.parts;
