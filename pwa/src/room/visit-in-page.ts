import * as v from 'valibot';
import { MEETING_VISIT_ELEMENT, type MeetingVisit, MeetingVisitSchema } from '../../../shared/api/invites.ts';

/**
 * The meeting page's opening answer (info and reservation, what `POST …/visit` answers) when the
 * server wrote it into the page's HTML (server/rooms/visit-in-page.ts); null when the HTML has none
 * (the service worker's copy of the page, a meeting the server left to the page to ask about), or
 * one that is not a valid answer for this meeting. Read once: the element is taken out, so a later
 * meeting page in this document asks.
 */
export function takeVisitInPage(meetingId: string, doc: Document = document): MeetingVisit | null {
  const element = doc.getElementById(MEETING_VISIT_ELEMENT);
  if (!element) return null;
  element.remove();
  let data: unknown;
  try {
    data = JSON.parse(element.textContent ?? '');
  } catch {
    return null;
  }
  const parsed = v.safeParse(MeetingVisitSchema, data);
  return parsed.success && parsed.output.info.id === meetingId ? parsed.output : null;
}
