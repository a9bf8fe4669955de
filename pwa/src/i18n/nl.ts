import type { Catalogue } from './en.ts';

/** Dutch ("u" form). */
export const nl: Catalogue = {
  'language.label': 'Taal',
};
