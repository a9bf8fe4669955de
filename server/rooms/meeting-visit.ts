import type { Context } from 'hono';
import type { MeetingVisit } from '../../shared/api/invites.ts';
import type { Reservation } from '../../shared/api/participants.ts';
import { peerPathFor } from '../../shared/peerjs/peer-path.ts';
import type { RoomAccessEnv } from '../access/room-access.ts';
import type { AppDeps } from '../app-deps.ts';
import { entrantOf } from '../host-controls/host-routes.ts';
import { meetingInfoFor } from '../meetings/meeting-info.ts';
import { rtcConfigFor } from '../turn/rtc-config.ts';

/** What a page's calls need, for this participant (or reserved id): ICE servers with its TURN credentials, PeerJS's path. */
export const rtcFor = (deps: Pick<AppDeps, 'config' | 'clock'>, meetingId: string, participantId: string) => ({
  ...rtcConfigFor(deps.config, participantId, deps.clock()),
  peerPath: peerPathFor(meetingId),
  peerKey: deps.config.peerKey,
});

/**
 * A meeting page opening (after `requireRoomAccess`): the meeting's public info and, when this page
 * could walk straight in now (no waiting room in the way, not ended, locked or removed: the join's
 * own checks), a place held for it (rooms/reservations.ts), so its sockets open before Join.
 * `POST …/visit` answers it, and so does the page's own HTML when it can (visit-in-page.ts).
 */
export async function meetingVisit(c: Context<RoomAccessEnv>, deps: AppDeps): Promise<MeetingVisit> {
  const meeting = c.get('meeting');
  const entrant = entrantOf(c);
  const info = await meetingInfoFor(c, deps);
  const mayEnter = await deps.hostControls.checkJoin(meeting, entrant, undefined).then(
    () => true,
    () => false,
  );
  const held = mayEnter ? deps.reservations.reserve(meeting.id, entrant.grantKey) : null;
  const reservation: Reservation | null = held && { ...held, rtc: rtcFor(deps, meeting.id, held.participantId) };
  return { info, reservation };
}
