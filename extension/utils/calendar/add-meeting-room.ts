import type { CreateMeetingBody } from '@shared/api/meetings';
import type { MeetingWithLink } from '../meetings/meetings-service.ts';
import type { EventEditor } from './calendar-page.ts';
import { parseEventTime } from './event-time.ts';
import { appendToEditable, setInputValue } from './write-field.ts';

export const DEFAULT_TITLE = 'Meeting';

/** The meeting to create for the event open in the editor: its title and time. */
export function meetingForEvent(editor: EventEditor, now: Date): CreateMeetingBody {
  const { startsAt, durationMinutes } = parseEventTime(editor.time(), now);
  return { title: (editor.title() || DEFAULT_TITLE).slice(0, 200), startsAt: startsAt.toISOString(), durationMinutes };
}

/** Puts the room link into the event's location and description, the way a user would type it. */
export function writeMeetingLink(editor: EventEditor, url: string): void {
  const location = editor.location.value.trim();
  setInputValue(editor.location, location ? `${location}, ${url}` : url);
  if (editor.description) {
    const hasText = (editor.description.textContent ?? '').trim().length > 0;
    appendToEditable(editor.description, `${hasText ? '\n\n' : ''}Join the meeting room: ${url}`);
  }
}

/** "Add meeting room": creates the meeting through the API and writes its link into the event. */
export async function addMeetingRoom(
  editor: EventEditor,
  createMeeting: (body: CreateMeetingBody) => Promise<MeetingWithLink>,
  now: Date,
): Promise<MeetingWithLink> {
  const meeting = await createMeeting(meetingForEvent(editor, now));
  writeMeetingLink(editor, meeting.url);
  return meeting;
}
