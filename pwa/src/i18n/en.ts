import { enFirst } from './en-first.ts';
import { enLater } from './en-later.ts';
import type { Plural } from './format-message.ts';

/**
 * English, the source of truth: every text of the app by key, with `{name}` placeholders; a plural
 * has its forms (`one`, `other`) chosen by `count`. It is kept in two parts so a guest's first page
 * carries only the texts it uses: en-first.ts (in the main chunk) and en-later.ts (loaded with the
 * parts that use it, through later-texts.ts). nl.ts and de.ts must hold every key (typed
 * `Catalogue`); find-inline-strings.test.ts fails on a text written in a component instead.
 *
 * Only types and tests use this whole catalogue: the page never imports its value.
 */
export const en = { ...enFirst, ...enLater };

export type Messages = typeof en;
export type MessageKey = keyof Messages;
/** A key of the texts the first page carries. */
export type FirstKey = keyof typeof enFirst;
/** A key of the texts that load with later parts (later-texts.ts). */
export type LaterKey = keyof typeof enLater;
/** A catalogue: every key of English, a plural where English has one. */
export type Catalogue = { readonly [K in MessageKey]: Messages[K] extends Plural ? Plural : string };
