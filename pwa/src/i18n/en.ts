import type { Message, Plural } from './format-message.ts';

/**
 * English, the source of truth: every text of the app by key, with `{name}` placeholders; a plural
 * has its forms (`one`, `other`) chosen by `count`. nl.ts and de.ts must hold every key (typed
 * `Catalogue`); find-inline-strings.test.ts fails on a text written in a component instead.
 */
export const en = {
  'language.label': 'Language',
} as const satisfies Record<string, Message>;

export type Messages = typeof en;
export type MessageKey = keyof Messages;
/** A catalogue: every key of English, a plural where English has one. */
export type Catalogue = { readonly [K in MessageKey]: Messages[K] extends Plural ? Plural : string };
