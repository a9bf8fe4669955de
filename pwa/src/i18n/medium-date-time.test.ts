import { afterAll, describe, expect, it } from 'vitest';
import { LOCALES } from './locales.ts';
import { formatMediumDateTime, isMediumDateTime } from './medium-date-time.ts';

const MEDIUM = { dateStyle: 'medium', timeStyle: 'short' } as const;
const zoneBefore = process.env.TZ;
/** Minutes behind UTC in January: proves the page's zone really changed for Date and Intl both. */
const JANUARY_OFFSET: Record<string, number> = { 'Europe/Amsterdam': -60, 'America/New_York': 300, 'Asia/Kolkata': -330, UTC: 0 };

describe('a medium date and time without Intl', () => {
  afterAll(() => {
    process.env.TZ = zoneBefore;
  });

  it.each(['Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'UTC'])('writes what Intl writes, in %s', (zone) => {
    process.env.TZ = zone;
    expect(new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset()).toBe(JANUARY_OFFSET[zone]);
    // Every hour boundary and half hour across two years (DST changes included), and odd minutes.
    const start = Date.UTC(2026, 0, 1);
    for (let t = start; t < start + 2 * 366 * 86_400_000; t += 7 * 3_600_000 + 23 * 60_000) {
      for (const locale of LOCALES) {
        expect(formatMediumDateTime(t, locale), `${locale} ${new Date(t).toISOString()}`).toBe(
          new Intl.DateTimeFormat(locale, MEDIUM).format(t),
        );
      }
    }
  });

  it('leaves dates Intl refuses, and other formats, to Intl', () => {
    expect(formatMediumDateTime(Number.NaN, 'en')).toBeNull();
    expect(formatMediumDateTime(new Date('invalid'), 'de')).toBeNull();
    expect(isMediumDateTime(MEDIUM)).toBe(true);
    expect(isMediumDateTime({ dateStyle: 'medium' })).toBe(false);
    expect(isMediumDateTime({ ...MEDIUM, timeZone: 'UTC' })).toBe(false);
    expect(isMediumDateTime(undefined)).toBe(false);
  });
});
