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

/** `20261125` or what Date understands (`Nov 25, 2026`, `Wednesday, November 25` in the current year). */
export function parseDay(text: string | undefined, now: Date): Date | null {
  const value = text?.trim();
  if (!value) return null;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (compact) return new Date(Number(compact[1]), Number(compact[2]) - 1, Number(compact[3]));
  for (const candidate of [value, `${value} ${now.getFullYear()}`]) {
    const parsed = new Date(candidate.replace(/^[A-Za-z]+,\s*(?=[A-Za-z])/, ''));
    if (!Number.isNaN(parsed.getTime())) return startOfDay(parsed);
  }
  return null;
}

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
const minutesOfDay = (d: Date) => d.getHours() * 60 + d.getMinutes();
const addMinutes = (day: Date, minutes: number) => new Date(day.getFullYear(), day.getMonth(), day.getDate(), 0, minutes);
