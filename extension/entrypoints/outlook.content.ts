import { defineContentScript } from 'wxt/utils/define-content-script';
import { outlookCalendarPage } from '@/utils/calendar/outlook-calendar-page';
import { startCalendarContent } from '@/utils/calendar/start-calendar-content';

/** Outlook on the web: "Enter call" on events with a room link, "Add meeting room" in the composer. */
export default defineContentScript({
  matches: ['https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'],
  runAt: 'document_idle',
  main: (ctx) => startCalendarContent(ctx, document, outlookCalendarPage),
});
