import { defineContentScript } from 'wxt/utils/define-content-script';
import { googleCalendarPage } from '@/utils/calendar/google-calendar-page';
import { startCalendarContent } from '@/utils/calendar/start-calendar-content';

/** Google Calendar: "Enter call" on events with a room link, "Add meeting room" in the editor. */
export default defineContentScript({
  matches: ['https://calendar.google.com/*'],
  runAt: 'document_idle',
  main: (ctx) => startCalendarContent(ctx, document, googleCalendarPage),
});
