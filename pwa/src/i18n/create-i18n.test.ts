import { describe, expect, it } from 'vitest';
import { createI18n, type I18nDeps, LOCALE_STORAGE_KEY } from './create-i18n.ts';
import { effect } from '@preact/signals';
import { de } from './de.ts';
import { enFirst } from './en-first.ts';
import { enLater } from './en-later.ts';
import { en } from './en.ts';
import { pickLocale } from './locales.ts';
import { nl } from './nl.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

function build(overrides: Partial<I18nDeps> = {}) {
  const root = { lang: 'en' };
  const loaded: string[] = [];
  const i18n = createI18n({
    languages: ['en-GB'],
    storage: memoryStorage(),
    root,
    english: en,
    load: async (locale) => {
      loaded.push(locale);
      return locale === 'nl' ? nl : de;
    },
    ...overrides,
  });
  return { i18n, root, loaded };
}

describe('pickLocale', () => {
  it.each([
    [['nl-NL', 'en'], 'nl'],
    [['nl-BE'], 'nl'],
    [['de-AT', 'nl'], 'de'],
    [['fr-FR', 'de-CH', 'en'], 'de'],
    [['fr-FR'], 'en'],
    [['EN-us'], 'en'],
    [[], 'en'],
  ] as const)('%j → %s', (languages, expected) => {
    expect(pickLocale(languages)).toBe(expected);
  });
});

describe('createI18n', () => {
  it('starts in the browser’s language once its catalogue is loaded, and sets lang', async () => {
    const { i18n, root, loaded } = build({ languages: ['de-DE', 'en'] });
    expect(i18n.locale.value).toBe('en');
    await i18n.ready;
    expect(loaded).toEqual(['de']);
    expect(i18n.locale.value).toBe('de');
    expect(root.lang).toBe('de');
    expect(i18n.t('language.label')).toBe('Sprache');
  });

  it('prefers the language picked earlier on this device', async () => {
    const { i18n } = build({ languages: ['de-DE'], storage: memoryStorage({ [LOCALE_STORAGE_KEY]: 'nl' }) });
    await i18n.ready;
    expect(i18n.locale.value).toBe('nl');
  });

  it('ignores a remembered value that is not a language we ship', async () => {
    const { i18n } = build({ languages: ['de'], storage: memoryStorage({ [LOCALE_STORAGE_KEY]: 'xx' }) });
    await i18n.ready;
    expect(i18n.locale.value).toBe('de');
  });

  it('switches on a pick and remembers it', async () => {
    const storage = memoryStorage();
    const { i18n, root } = build({ storage });
    await i18n.setLocale('nl');
    expect(i18n.t('language.label')).toBe('Taal');
    expect(root.lang).toBe('nl');
    expect(storage.items.get(LOCALE_STORAGE_KEY)).toBe('nl');
    await i18n.setLocale('en');
    expect(i18n.t('language.label')).toBe('Language');
  });

  it('stays in English when a catalogue cannot be loaded', async () => {
    const { i18n } = build({ languages: ['nl'], load: () => Promise.reject(new Error('offline')) });
    await i18n.ready;
    expect(i18n.locale.value).toBe('en');
  });

  it('formats dates and numbers in the language', async () => {
    const { i18n } = build({ languages: ['de'] });
    await i18n.ready;
    expect(i18n.formatNumber(1234.5)).toBe('1.234,5');
    expect(i18n.formatDate(new Date(Date.UTC(2026, 0, 5)), { month: 'long', timeZone: 'UTC' })).toBe('Januar');
  });

  it('makes each kind of formatter once per language (the first in a page costs 20–40 ms), a new one after a switch', async () => {
    const { i18n } = build({ languages: ['en'] });
    const made: string[] = [];
    const Real = Intl.DateTimeFormat;
    const Spy = class extends Real {
      constructor(locale?: string, options?: Intl.DateTimeFormatOptions) {
        super(locale, options);
        made.push(String(locale));
      }
    };
    Intl.DateTimeFormat = Spy as typeof Intl.DateTimeFormat;
    try {
      const january = new Date(Date.UTC(2026, 0, 5));
      for (let i = 0; i < 3; i++) expect(i18n.formatDate(january, { month: 'long', timeZone: 'UTC' })).toBe('January');
      expect(i18n.formatDate(january, { year: 'numeric', timeZone: 'UTC' })).toBe('2026');
      expect(made).toEqual(['en', 'en']);
      await i18n.setLocale('nl');
      expect(i18n.formatDate(january, { month: 'long', timeZone: 'UTC' })).toBe('januari');
      expect(made).toEqual(['en', 'en', 'nl']);
    } finally {
      Intl.DateTimeFormat = Real;
    }
  });

  it('knows which keys exist', () => {
    const { i18n } = build();
    expect(i18n.has('language.label')).toBe(true);
    expect(i18n.has('errors.nope')).toBe(false);
  });

  it('takes the English texts of a later part when it comes, and re-renders readers', () => {
    const { i18n } = build({ english: enFirst });
    const seen: string[] = [];
    const stop = effect(() => void seen.push(i18n.t('chat.send')));
    // Not here yet: the key itself, never a crash (en-first.test.ts keeps this from happening).
    expect(i18n.has('chat.send')).toBe(false);
    i18n.addEnglish(enLater);
    expect(i18n.has('chat.send')).toBe(true);
    expect(seen).toEqual(['chat.send', 'Send']);
    expect(i18n.t('language.label')).toBe('Language');
    stop();
  });

  it("does not re-run the readers of texts already there when a later part's English comes", () => {
    const { i18n } = build({ english: enFirst });
    let runs = 0;
    const stop = effect(() => {
      runs++;
      i18n.t('language.label');
    });
    i18n.addEnglish(enLater);
    expect(runs).toBe(1);
    expect(i18n.t('chat.send')).toBe('Send');
    stop();
  });
});
