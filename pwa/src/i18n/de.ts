import type { Catalogue } from './en.ts';

/** German ("Sie" form). */
export const de: Catalogue = {
  'language.label': 'Sprache',
};
