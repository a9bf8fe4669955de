import { MEETING_DURATION_MAX_MINUTES } from '@shared/api/meetings';

export const DEFAULT_DURATION_MINUTES = 30;

/** What the event editor shows for the event's time, as text (Calendar formats it per locale). */
export interface EventTimeText {
  /** A `YYYYMMDD` date when Calendar exposes one in an attribute, else what the date field shows. */
  startDate?: string;
  startTime?: string;
  endDate?: string;
  endTime?: string;
}

export interface EventTime {
  startsAt: Date;
  durationMinutes: number;
}

/**
 * The event's start and length from the editor's fields, for the meeting we create. Fails soft:
 * what cannot be read falls back to `now` (a room link works at any time anyway).
 */
export function parseEventTime(text: EventTimeText, now: Date): EventTime {
  const startDay = parseDay(text.startDate, now) ?? startOfDay(now);
  const startMinutes = parseClock(text.startTime);
  const allDay = startMinutes === null && !text.startTime;
  const startsAt = addMinutes(startDay, startMinutes ?? (allDay ? 0 : minutesOfDay(now)));
  const endDay = parseDay(text.endDate, now) ?? startDay;
  const endMinutes = parseClock(text.endTime);
  const endsAt = endMinutes === null ? null : addMinutes(endDay, endMinutes);
  let duration = endsAt ? Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000) : allDay ? 24 * 60 : DEFAULT_DURATION_MINUTES;
  if (!(duration >= 1)) duration = DEFAULT_DURATION_MINUTES;
  return { startsAt, durationMinutes: Math.min(duration, MEETING_DURATION_MAX_MINUTES) };
}

/** `10:00am`, `10:00 AM`, `14:30`, `2pm`, `14.30 Uhr` → minutes after midnight; null when unreadable. */
export function parseClock(text: string | undefined): number | null {
  const match = /(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?/i.exec(text?.trim() ?? '');
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  const meridiem = match[3]?.toLowerCase().replace(/\./g, '');
  if (!match[2] && !meridiem) return null;
  if (meridiem === 'pm' && hours < 12) hours += 12;
  if (meridiem === 'am' && hours === 12) hours = 0;
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

/**
 * `20261125`, `Nov 25, 2026`, `Wednesday, November 25`, `25. November 2026` (the current year when
 * none); Outlook's numeric dates: `11/25/2026`, `Wed 11/25/2026`, `25.11.2026`, `2026-11-25` (with
 * slashes, day or month first as the browser's locale writes them, unless the numbers say).
 */
export function parseDay(text: string | undefined, now: Date): Date | null {
  const value = text?.trim().toLowerCase();
  if (!value) return null;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (compact) return validDay(Number(compact[1]), Number(compact[2]) - 1, Number(compact[3]));
  const numeric = /\b(\d{1,4})([/.-])(\d{1,2})[/.-](\d{2,4})\b/.exec(value);
  if (numeric) return numericDay(numeric);
  const monthFirst = /(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?/u.exec(value);
  const dayFirst = /(\d{1,2})\.?\s+(\p{L}+)\.?(?:,?\s+(\d{4}))?/u.exec(value);
  const candidates = [
    monthFirst && { month: monthFirst[1], day: monthFirst[2], year: monthFirst[3] },
    dayFirst && { month: dayFirst[2], day: dayFirst[1], year: dayFirst[3] },
  ];
  for (const candidate of candidates) {
    const month = monthIndex(candidate?.month);
    if (candidate && month !== null) return validDay(Number(candidate.year ?? now.getFullYear()), month, Number(candidate.day));
  }
  return null;
}

function numericDay([, first = '', separator, second, third]: RegExpExecArray): Date | null {
  const [a, b, c] = [Number(first), Number(second), Number(third)];
  if (first.length === 4) return validDay(a, b - 1, c);
  const year = c < 100 ? 2000 + c : c;
  const dayFirst = separator === '.' || a > 12 || (b <= 12 && LOCALE_DAY_FIRST);
  return dayFirst ? validDay(year, b - 1, a) : validDay(year, a - 1, b);
}

/** Whether the browser's locale writes the day before the month (`25/11/2026`). */
const LOCALE_DAY_FIRST = (() => {
  const parts = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(
    Date.UTC(2026, 10, 25),
  );
  const type = (t: string) => parts.findIndex((p) => p.type === t);
  return type('day') < type('month');
})();

const monthNames = (() => {
  const names = new Map<string, number>();
  for (const locale of [undefined, 'en']) {
    for (const style of ['long', 'short'] as const) {
      const format = new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' });
      for (let m = 0; m < 12; m++)
        names.set(
          format
            .format(Date.UTC(2026, m, 15))
            .toLowerCase()
            .replace(/\.$/, ''),
          m,
        );
    }
  }
  return names;
})();

function monthIndex(name: string | undefined): number | null {
  if (!name) return null;
  return monthNames.get(name) ?? monthNames.get(name.slice(0, 3)) ?? null;
}

function validDay(year: number, month: number, day: number): Date | null {
  const date = new Date(year, month, day);
  return date.getMonth() === month && date.getDate() === day ? date : null;
}

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
const minutesOfDay = (d: Date) => d.getHours() * 60 + d.getMinutes();
const addMinutes = (day: Date, minutes: number) => new Date(day.getFullYear(), day.getMonth(), day.getDate(), 0, minutes);
