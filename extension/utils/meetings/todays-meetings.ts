import type { Meeting } from '@shared/api/meetings';

/**
 * The meetings that touch the local calendar day of `now` (started before midnight and not ended
 * before the day began), earliest first.
 */
export function todaysMeetings(meetings: readonly Meeting[], now: Date): Meeting[] {
  const dayStart = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const dayEnd = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
  return meetings
    .filter((m) => {
      const start = Date.parse(m.startsAt);
      const end = start + m.durationMinutes * 60_000;
      return Number.isFinite(start) && start < dayEnd && end > dayStart;
    })
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}
