import { vi } from 'vitest';
import type { CreateMeetingBody } from '../../../shared/api/meetings.ts';
import { createCalendarIntegration } from '../../../extension/utils/calendar/calendar-integration.ts';
import type { CalendarPage } from '../../../extension/utils/calendar/calendar-page.ts';
import type { MeetingWithLink } from '../../../extension/utils/meetings/meetings-service.ts';

export const TEST_ORIGIN = 'https://meet.example.com';

/** The background's createMeeting, answering like the server with a room link on TEST_ORIGIN. */
export function fakeCreateMeeting(id = 'newmeeting1') {
  return vi.fn(
    async (body: CreateMeetingBody): Promise<MeetingWithLink> => ({
      id,
      ...body,
      createdAt: '2026-11-20T08:00:00.000Z',
      url: `${TEST_ORIGIN}/m/${id}`,
    }),
  );
}

/** A calendar integration on `html` (put in the test's document), for TEST_ORIGIN, on Nov 20, 2026 at 9:00. */
export function startTestCalendar(page: CalendarPage, html: string) {
  document.body.innerHTML = html;
  const createMeeting = fakeCreateMeeting();
  const calendar = createCalendarIntegration({
    doc: document,
    page,
    origin: TEST_ORIGIN,
    createMeeting,
    now: () => new Date(2026, 10, 20, 9, 0),
  });
  return { calendar, createMeeting };
}
