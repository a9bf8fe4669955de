import { Hono } from 'hono';
import { CreateMeetingBodySchema, UpdateMeetingBodySchema } from '../../shared/api/meetings.ts';
import type { MeetingPublicInfo } from '../../shared/api/invites.ts';
import { fixedNameOf, refuseExpiredJoinLink, requireMeetingOwner, requireRoomAccess } from '../access/room-access.ts';
import { mayKnowDialIn } from '../dialin/dial-in-routes.ts';
import { requireUser, type AuthEnv } from '../auth/current-user.ts';
import type { AppDeps } from '../app-deps.ts';
import { createMeeting, deleteMeeting, toMeeting, updateMeeting } from '../meetings/meeting-actions.ts';
import { validate } from '../lib/validate.ts';
import { clientIp } from '../lib/rate-limit.ts';

/** A user's own meetings (create, list, edit, delete), and the public card of one meeting. */
export function meetingsRouter(deps: AppDeps) {
  const { storage } = deps;
  const ownerOnly = requireMeetingOwner(deps);
  return new Hono<AuthEnv>()
    .get('/', async (c) => {
      const user = requireUser(c);
      const meetings = (await storage.meetings.listForOwner(user.id)).map(toMeeting);
      return c.json({ meetings });
    })
    .post('/', validate('json', CreateMeetingBodySchema), async (c) => {
      const record = await createMeeting(deps, requireUser(c).id, c.req.valid('json'), clientIp(c, deps.config.trustProxy));
      return c.json(toMeeting(record), 201);
    })
    .get('/:id', ownerOnly, (c) => c.json(toMeeting(c.get('meeting'))))
    .get('/:id/info', requireRoomAccess(deps), async (c) => {
      const meeting = c.get('meeting');
      // An expired join link is told so on the first page, not after the guest set up camera and name.
      refuseExpiredJoinLink(c.get('grant'), deps.clock());
      const entersDirectly = await mayKnowDialIn(c, deps);
      const dialIn = entersDirectly ? await deps.dialIn.dialInFor(meeting.id) : null;
      const grant = c.get('grant');
      const host = await storage.users.byId(meeting.ownerId);
      const closed = grant.kind === 'host' ? undefined : await deps.hostControls.closedFor(meeting);
      const info: MeetingPublicInfo = {
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
      return c.json(info);
    })
    .patch('/:id', ownerOnly, validate('json', UpdateMeetingBodySchema), async (c) => {
      return c.json(toMeeting(await updateMeeting(deps, c.get('meeting').id, c.req.valid('json'))));
    })
    .delete('/:id', ownerOnly, async (c) => {
      await deleteMeeting(deps, c.get('meeting').id);
      return c.body(null, 204);
    });
}
