import type { CreateMeetingBody, Meeting } from '@shared/api/meetings';
import type { AuthService } from '../auth/auth-service.ts';
import { roomUrl } from './meeting-links.ts';
import { todaysMeetings } from './todays-meetings.ts';

/** A meeting with the link that opens its room (the host's own link). */
export interface MeetingWithLink extends Meeting {
  url: string;
}

export const NOW_MEETING_MINUTES = 30;

export function createMeetingsService(auth: AuthService, clock: () => Date = () => new Date()) {
  const withLink = (origin: string, meeting: Meeting): MeetingWithLink => ({ ...meeting, url: roomUrl(origin, meeting.id) });

  return {
    today: () =>
      auth.withClient(async (client) => {
        const { meetings } = await client.listMeetings();
        return todaysMeetings(meetings, clock()).map((m) => withLink(client.origin, m));
      }),

    create: (body: CreateMeetingBody) => auth.withClient(async (client) => withLink(client.origin, await client.createMeeting(body))),

    /** "New meeting now": starts now, half an hour. */
    createNow: () =>
      auth.withClient(async (client) => {
        const now = clock();
        const title = `Meeting ${now.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
        const meeting = await client.createMeeting({ title, startsAt: now.toISOString(), durationMinutes: NOW_MEETING_MINUTES });
        return withLink(client.origin, meeting);
      }),
  };
}

export type MeetingsService = ReturnType<typeof createMeetingsService>;
