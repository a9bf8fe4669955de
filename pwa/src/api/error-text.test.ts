import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../shared/api/errors.ts';
import { createI18n } from '../i18n/create-i18n.ts';
import { de } from '../i18n/de.ts';
import { en } from '../i18n/en.ts';
import { nl } from '../i18n/nl.ts';
import { errorText } from './error-text.ts';

async function i18nIn(locale: 'en' | 'nl' | 'de') {
  const i18n = createI18n({ languages: [locale], storage: null, root: null, english: en, load: async (l) => (l === 'nl' ? nl : de) });
  await i18n.ready;
  return i18n;
}

describe('errorText', () => {
  it('shows the server’s own (English) message on an English page', async () => {
    expect(errorText('conflict', 'That email is already registered.', await i18nIn('en'))).toBe('That email is already registered.');
  });

  it('shows the code’s text on a Dutch or German page', async () => {
    expect(errorText('rate_limited', 'Too many attempts. Try again later.', await i18nIn('nl'))).toBe(nl['errors.rate_limited']);
    expect(errorText('rate_limited', 'Too many attempts. Try again later.', await i18nIn('de'))).toBe(de['errors.rate_limited']);
    const full = 'This meeting is full: at most 6 people can be in it at once. Try again when someone leaves.';
    expect(errorText('room_full', full, await i18nIn('nl'))).toBe(nl['errors.room_full']);
    expect(errorText('room_full', full, await i18nIn('de'))).toBe(de['errors.room_full']);
    expect(errorText('room_full', full, await i18nIn('en'))).toBe(full);
  });

  it('falls back to the server’s message for a code the catalogue does not know', async () => {
    expect(errorText('brand_new_code', 'Something new went wrong.', await i18nIn('de'))).toBe('Something new went wrong.');
  });

  it('always words the page’s own failures', async () => {
    expect(errorText('network', '', await i18nIn('en'))).toBe(en['errors.network']);
    expect(errorText('http', '502', await i18nIn('nl'))).toBe('De server antwoordde met 502.');
  });

  it.each(Object.values(ErrorCode))('has a text for the API code %s', (code) => {
    expect(Object.hasOwn(en, `errors.${code}`)).toBe(true);
  });
});
