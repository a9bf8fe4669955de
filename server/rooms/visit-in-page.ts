import type { Context } from 'hono';
import type { MeetingVisit } from '../../shared/api/invites.ts';
import type { Grant, RoomAccessEnv } from '../access/room-access.ts';
import { requireRoomAccess } from '../access/room-access.ts';
import type { AppDeps } from '../app-deps.ts';
import type { AuthEnv } from '../auth/current-user.ts';
import { loadUser } from '../auth/current-user.ts';
import type { MeetingRecord } from '../storage/records.ts';
import { meetingVisit } from './meeting-visit.ts';

/**
 * Is this request a person's browser opening the page (a top-level navigation it was asked to
 * make, not a prefetch, a prerender or a link preview)? Browsers say so in their Fetch Metadata
 * headers; crawlers, mail scanners and chat apps' previews do not send them. Only such a request
 * gets a place held for it.
 */
export function isPageOpening(headers: Headers): boolean {
  if (headers.get('sec-fetch-dest') !== 'document' || headers.get('sec-fetch-mode') !== 'navigate') return false;
  return !headers.has('sec-purpose') && !/prefetch|prerender/i.test(headers.get('purpose') ?? '');
}

/**
 * Is the visit's answer the same whoever's device asks? The page's HTML request carries no device
 * id (the page keeps it in localStorage and sends it as a header), so the answer goes in the HTML
 * only where the device changes nothing: the host; or a guest with the meeting's link or a personal
 * invitation, in a meeting without a waiting room (a device let in before walks straight in) and
 * with nobody removed (a removal may name a device). A one-time join link is bound to a device.
 */
export function answerIsDeviceFree(meeting: Pick<MeetingRecord, 'waitingRoom' | 'removedGuests'>, grant: Grant): boolean {
  if (grant.kind === 'host') return true;
  if (grant.kind === 'invite' && grant.invite.kind === 'link') return false;
  return !meeting.waitingRoom && (meeting.removedGuests ?? []).length === 0;
}

/**
 * The answer `POST /api/meetings/:id/visit` would give, for the meeting page's own HTML (`GET
 * /m/:id`): the page opening reads it there and sends no request before its sockets open and its
 * pre-join page is drawn (a round trip less). Null when the page must ask itself: not a page
 * opening, no access (the page's request says why), or an answer that depends on the device.
 */
export function visitForPage(deps: AppDeps) {
  const user = loadUser(deps);
  const access = requireRoomAccess(deps);
  return async (c: Context): Promise<MeetingVisit | null> => {
    if (!isPageOpening(c.req.raw.headers)) return null;
    const room = c as unknown as Context<RoomAccessEnv>;
    let answer: MeetingVisit | null = null;
    try {
      await user(c as Context<AuthEnv>, async () => {
        await access(room, async () => {
          if (answerIsDeviceFree(room.get('meeting'), room.get('grant'))) answer = await meetingVisit(room, deps);
        });
      });
    } catch {
      // Unknown meeting, no access, an expired link: the page's own request gets the reason to show.
      return null;
    }
    return answer;
  };
}
