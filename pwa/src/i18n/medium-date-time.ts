import type { Locale } from './locales.ts';

/**
 * A date and time as `Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })`
 * writes it in our three languages ("Nov 30, 2026, 5:05 PM", "30 nov 2026, 17:05",
 * "30.11.2026, 17:05"), in the page's time zone, without Intl. A page's first DateTimeFormat costs
 * 40–90 ms of the main thread in Chromium (it loads the platform's locale data; measured on this
 * machine, each time in a fresh renderer), and the pre-join page shows one date before Join can be
 * pressed: this way it costs nothing. The test compares it with Intl over years of dates.
 */
const MONTHS: Record<Exclude<Locale, 'de'>, readonly string[]> = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  nl: ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
};

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The options this file writes (anything else goes through Intl). */
export const isMediumDateTime = (options: Intl.DateTimeFormatOptions | undefined) =>
  options !== undefined && options.dateStyle === 'medium' && options.timeStyle === 'short' && Object.keys(options).length === 2;

/** Null for a date Intl would refuse (the caller then lets Intl say so). */
export function formatMediumDateTime(value: Date | number, locale: Locale): string | null {
  const date = typeof value === 'number' ? new Date(value) : value;
  const year = date.getFullYear();
  if (Number.isNaN(year) || year < 1000 || year > 9999) return null;
  const [month, day, hours, minutes] = [date.getMonth(), date.getDate(), date.getHours(), pad2(date.getMinutes())];
  switch (locale) {
    case 'en':
      return `${MONTHS.en[month]} ${day}, ${year}, ${hours % 12 || 12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
    case 'nl':
      return `${day} ${MONTHS.nl[month]} ${year}, ${pad2(hours)}:${minutes}`;
    case 'de':
      return `${pad2(day)}.${pad2(month + 1)}.${year}, ${pad2(hours)}:${minutes}`;
  }
}
