import * as v from 'valibot';

/** The languages the app and its emails ship in. */
export const LOCALES = ['en', 'nl', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const LocaleSchema = v.picklist(LOCALES);
