import type { Context } from 'hono';
import type { MeetingPublicInfo } from '../../shared/api/invites.ts';
import { fixedNameOf, refuseExpiredJoinLink, type RoomAccessEnv } from '../access/room-access.ts';
import type { AppDeps } from '../app-deps.ts';
import { mayKnowDialIn } from '../dialin/dial-in-routes.ts';
import { toMeeting } from './meeting-actions.ts';

/** The public card of a meeting for whoever this request's access lets see it (after `requireRoomAccess`). */
export async function meetingInfoFor(c: Context<RoomAccessEnv>, deps: AppDeps): Promise<MeetingPublicInfo> {
  const meeting = c.get('meeting');
  // An expired join link is told so on the first page, not after the guest set up camera and name.
  refuseExpiredJoinLink(c.get('grant'), deps.clock());
  const entersDirectly = await mayKnowDialIn(c, deps);
  const dialIn = entersDirectly ? await deps.dialIn.dialInFor(meeting.id) : null;
  const grant = c.get('grant');
  const host = await deps.storage.users.byId(meeting.ownerId);
  const closed = grant.kind === 'host' ? undefined : await deps.hostControls.closedFor(meeting);
  return {
    ...toMeeting(meeting),
    hostName: host?.name ?? 'Your host',
    isHost: grant.kind === 'host',
    features: { backgroundBlur: host?.features.backgroundBlur ?? false, recording: host?.features.recording ?? false },
    ...(grant.kind === 'invite' ? { guestName: grant.invite.guestName } : {}),
    ...(fixedNameOf(grant) ? { nameFixed: true } : {}),
    ...(dialIn?.enabled ? { dialIn: { number: dialIn.number, pin: dialIn.pinDisplay } } : {}),
    entersDirectly,
    ...(closed ? { closed } : {}),
  };
}
