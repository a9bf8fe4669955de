import { describe, expect, it } from 'vitest';
import { formatMessage, formatParts, placeholdersOf } from './format-message.ts';

describe('formatMessage', () => {
  it.each([
    ['en', 'Hello {name}', { name: 'Ada' }, 'Hello Ada'],
    ['en', 'No placeholders', {}, 'No placeholders'],
    ['en', 'Missing {name} stays', {}, 'Missing {name} stays'],
    ['de', '{n} Dateien', { n: 1234 }, '1.234 Dateien'],
  ])('%s %j', (locale, message, params, expected) => {
    expect(formatMessage(locale, message, params)).toBe(expected);
  });

  const people = { one: 'One person is waiting', other: '{count} people are waiting', zero: 'Nobody is waiting' };
  it.each([
    [0, 'Nobody is waiting'],
    [1, 'One person is waiting'],
    [2, '2 people are waiting'],
  ])('chooses the plural form for %i', (count, expected) => {
    expect(formatMessage('en', people, { count })).toBe(expected);
  });

  it('uses the language’s plural rules', () => {
    expect(formatMessage('nl', { one: '{count} bericht', other: '{count} berichten' }, { count: 1 })).toBe('1 bericht');
    expect(formatMessage('de', { one: '{count} Nachricht', other: '{count} Nachrichten' }, { count: 3 })).toBe('3 Nachrichten');
  });

  it('lists placeholders of every form', () => {
    expect(placeholdersOf({ one: 'One from {who}', other: '{count} from {who}' })).toEqual(['count', 'who']);
  });
});

describe('formatParts', () => {
  it('puts values between the pieces of text', () => {
    const link = { link: true };
    expect(formatParts('en', 'Are you the host? {link} and press {key}.', { link, key: 'Enter' })).toEqual([
      'Are you the host? ',
      link,
      ' and press Enter.',
    ]);
  });
});
