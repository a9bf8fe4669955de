import { storage } from 'wxt/utils/storage';
import type { CalendarId } from '../calendar/calendar-page.ts';
import type { SelectorHealthState } from '../calendar/selector-health.ts';

/** What a calendar content script reports: a calendar page where it recognises nothing, or again something. */
export interface CalendarHealthReport {
  calendar: CalendarId;
  /** As the user knows it: "Google Calendar", "Outlook". */
  name: string;
  state: SelectorHealthState;
}

/** The calendars whose pages our selectors no longer recognise, since when. */
export type CalendarHealth = Partial<Record<CalendarId, { name: string; since: string }>>;

export const calendarHealthItem = storage.defineItem<CalendarHealth>('local:calendarHealth', { fallback: {} });

/** Keeps a report (the background's side): a miss is remembered until the same calendar reports it is fine again. */
export async function recordCalendarHealth(report: CalendarHealthReport, now = new Date()): Promise<void> {
  const current = await calendarHealthItem.getValue();
  const { [report.calendar]: _previous, ...others } = current;
  await calendarHealthItem.setValue(
    report.state === 'missing' ? { ...others, [report.calendar]: { name: report.name, since: now.toISOString() } } : others,
  );
}

/** The popup's line for the calendars that changed their pages; null when none did. */
export function calendarHealthNotice(health: CalendarHealth): string | null {
  const names = Object.values(health).map((h) => h.name);
  if (names.length === 0) return null;
  return `${names.join(' and ')} changed its page; Enter call may be missing — open the meeting from here.`;
}
