import { describe, expect, it } from 'vitest';
import { de } from './de.ts';
import { en } from './en.ts';
import { placeholdersOf, type Message } from './format-message.ts';
import { nl } from './nl.ts';

const english: Record<string, Message> = en;

/** Texts made only of placeholders and punctuation: the same in every language. */
const PLACEHOLDERS_ONLY = ['note.detail', 'note.check.step', 'note.endedPlain'];

/** Texts that are rightly the same words in the other language (loanwords such as Chat, Camera, Account). */
const SAME_AS_ENGLISH = {
  nl: new Set([
    'room.chat',
    'room.panel.chat',
    'check.step.camera',
    'account.title',
    'admin.accounts',
    'meetings.minutes',
    'trouble.setting.camera',
    'trouble.word.camera',
    'network.link.jitter',
    'integrations.hooks.title',
    'note.step.camera',
    'note.kind.tablet',
    ...PLACEHOLDERS_ONLY,
  ]),
  de: new Set(['room.chat', 'room.panel.chat', 'admin.name', 'integrations.hooks.title', ...PLACEHOLDERS_ONLY]),
};

describe.each([
  ['nl', nl as Record<string, Message>],
  ['de', de as Record<string, Message>],
] as const)('the %s catalogue', (locale, catalogue) => {
  it('has every key of English and no other', () => {
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(Object.keys(english))('%s has the same placeholders and plural shape as English', (key) => {
    const message = catalogue[key]!;
    expect(placeholdersOf(message)).toEqual(placeholdersOf(english[key]!));
    expect(typeof message).toBe(typeof english[key]);
  });

  it('is translated: not English left in place (names and symbols aside)', () => {
    const same = Object.keys(english).filter((key) => {
      const text = JSON.stringify(catalogue[key]);
      return text === JSON.stringify(english[key]) && /\p{L}{4,}/u.test(text) && !SAME_AS_ENGLISH[locale].has(key);
    });
    expect(same).toEqual([]);
  });
});
