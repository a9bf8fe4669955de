import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { formatterCache } from './formatter-cache.ts';
import type { Catalogue, MessageKey, Messages } from './en.ts';
import { formatMessage, formatParts, type ParamsOf } from './format-message.ts';
import { isLocale, type Locale, pickLocale } from './locales.ts';
import { formatMediumDateTime, isMediumDateTime } from './medium-date-time.ts';

/** localStorage key of the language the user picked (absent: the browser's). */
export const LOCALE_STORAGE_KEY = 'meeting-room.locale';

/** The arguments of `t(key, …)`: none for a plain text, its placeholders (and `count` for a plural) otherwise. */
export type TArgs<K extends MessageKey> = keyof ParamsOf<Messages[K]> extends never ? [] : [params: ParamsOf<Messages[K]>];

export interface I18nDeps {
  /** The browser's languages, most preferred first (`navigator.languages`). */
  languages: readonly string[];
  /** Where a picked language is remembered; null where there is none. */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** The element whose `lang` follows the language (`document.documentElement`); null in tests. */
  root: { lang: string } | null;
  /**
   * The English texts at hand from the start: the source of truth and the fallback while another
   * catalogue loads. The rest arrives through `addEnglish` with the parts that use it.
   */
  english: Partial<Catalogue>;
  /** Loads the other catalogues (their own chunks, so an English page does not carry them). */
  load: (locale: Exclude<Locale, 'en'>) => Promise<Catalogue>;
}

/**
 * The page's language: a `locale` signal (the picked one, else the browser's), `t` reading it (so a
 * component re-renders when it changes), and dates and numbers through Intl in that language.
 */
export function createI18n(deps: I18nDeps) {
  const stored = readStored(deps.storage);
  const wanted = stored ?? pickLocale(deps.languages);
  // The English texts grow as later parts load (`addEnglish`); that changes no text already shown,
  // so it re-renders only the readers of a text that was missing (`englishAdded`), not every reader.
  const english: Partial<Catalogue> = { ...deps.english };
  const englishAdded = signal(0);
  const catalogues = signal<Partial<Record<Exclude<Locale, 'en'>, Partial<Catalogue>>>>({});
  const chosen = signal<Locale>(wanted);
  // Until its catalogue is here the page stays in English (lang too), then switches at once.
  const locale = computed<Locale>(() => (chosen.value === 'en' || catalogues.value[chosen.value] ? chosen.value : 'en'));
  const textOf = (current: Locale, key: MessageKey) => {
    const message = (current === 'en' ? undefined : catalogues.value[current]?.[key]) ?? english[key];
    if (message === undefined) englishAdded.value; // read: the text may come with a later part
    return message;
  };

  const ensure = async (which: Locale) => {
    if (which === 'en' || catalogues.value[which]) return;
    const catalogue = await deps.load(which);
    catalogues.value = { ...catalogues.value, [which]: catalogue };
  };
  const apply = () => {
    if (deps.root) deps.root.lang = locale.value;
  };
  locale.subscribe(apply);

  /** The text of `key` in the current language, its placeholders filled. */
  function t<K extends MessageKey>(key: K, ...args: TArgs<K>): string {
    const current = locale.value;
    const message = textOf(current, key);
    // A key whose English part has not loaded (a bug en-first.test.ts is there to catch) shows as itself.
    if (message === undefined) return key;
    return formatMessage(current, message, args[0] as Record<string, string | number> | undefined);
  }

  /** The text of `key` in pieces, its placeholders replaced by any values (elements, for JSX). */
  function parts<K extends MessageKey, T>(key: K, params: Record<keyof ParamsOf<Messages[K]>, T | string | number>): Array<T | string> {
    const current = locale.value;
    const message = textOf(current, key);
    if (message === undefined) return [key];
    return formatParts(current, message, params as Record<string, T | string | number>);
  }

  // A page's first Intl.DateTimeFormat costs 20–40 ms (the platform loads its calendar data); later
  // ones ~0.1 ms each, which a list of meetings pays per row: each kind is made once per language.
  const formatters = formatterCache();
  return {
    locale: locale as ReadonlySignal<Locale>,
    /** Resolves when the first language's catalogue is loaded (English at once). */
    ready: ensure(wanted).catch(() => undefined),
    /** Switches the language and remembers the choice on this device. */
    async setLocale(next: Locale) {
      try {
        deps.storage?.setItem(LOCALE_STORAGE_KEY, next);
      } catch {
        /* private mode: the choice lasts this page only */
      }
      chosen.value = next;
      await ensure(next);
    },
    t,
    parts,
    /** Adds English texts of a part that loads later (see later-texts.ts). */
    addEnglish(part: Partial<Catalogue>) {
      Object.assign(english, part);
      englishAdded.value++;
    },
    /** Has `key` a text (for codes from elsewhere, such as the API's error codes). */
    has: (key: string): key is MessageKey => Object.hasOwn(english, key),
    formatDate: (date: Date | number, options?: Intl.DateTimeFormatOptions) =>
      // A meeting's date and time (the pre-join page, lists) without Intl's first-use cost (medium-date-time.ts).
      (isMediumDateTime(options) ? formatMediumDateTime(date, locale.value) : null) ??
      formatters.get(`date ${locale.value} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale.value, options)).format(date),
    formatNumber: (value: number, options?: Intl.NumberFormatOptions) =>
      formatters.get(`number ${locale.value} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale.value, options)).format(value),
  };
}

export type I18n = ReturnType<typeof createI18n>;

function readStored(storage: I18nDeps['storage']): Locale | null {
  try {
    const value = storage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}
