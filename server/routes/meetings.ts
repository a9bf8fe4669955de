import { Hono } from 'hono';
import { CreateMeetingBodySchema, UpdateMeetingBodySchema, type Meeting } from '../../shared/api/meetings.ts';
import type { MeetingPublicInfo } from '../../shared/api/invites.ts';
import { requireMeetingOwner, requireRoomAccess } from '../access/room-access.ts';
import { mayKnowDialIn } from '../dialin/dial-in-routes.ts';
import { requireUser, type AuthEnv } from '../auth/current-user.ts';
import type { AppDeps } from '../app-deps.ts';
import { newId, newSecret } from '../lib/ids.ts';
import { notFound } from '../lib/api-error.ts';
import { validate } from '../lib/validate.ts';
import { clientIp } from '../lib/rate-limit.ts';
import type { MeetingRecord } from '../storage/records.ts';

export const toMeeting = (m: MeetingRecord): Meeting => ({
  id: m.id,
  title: m.title,
  startsAt: m.startsAt,
  durationMinutes: m.durationMinutes,
  createdAt: m.createdAt,
  waitingRoom: m.waitingRoom ?? false,
});

/** A user's own meetings (create, list, edit, delete), and the public card of one meeting. */
export function meetingsRouter(deps: AppDeps) {
  const { storage, clock } = deps;
  const ownerOnly = requireMeetingOwner(deps);
  return new Hono<AuthEnv>()
    .get('/', async (c) => {
      const user = requireUser(c);
      const meetings = (await storage.meetings.listForOwner(user.id)).map(toMeeting);
      return c.json({ meetings });
    })
    .post('/', validate('json', CreateMeetingBodySchema), async (c) => {
      const user = requireUser(c);
      const body = c.req.valid('json');
      await deps.limits.take('meetingsPerAccount', user.id);
      await deps.limits.take('meetingsPerIp', clientIp(c, deps.config.trustProxy));
      const record: MeetingRecord = {
        id: newId(),
        ownerId: user.id,
        title: body.title,
        startsAt: new Date(body.startsAt).toISOString(),
        durationMinutes: body.durationMinutes,
        createdAt: clock().toISOString(),
        linkToken: newSecret(),
        waitingRoom: body.waitingRoom ?? true,
      };
      await storage.meetings.create(record);
      return c.json(toMeeting(record), 201);
    })
    .get('/:id', ownerOnly, (c) => c.json(toMeeting(c.get('meeting'))))
    .get('/:id/info', requireRoomAccess(deps), async (c) => {
      const meeting = c.get('meeting');
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
        ...(dialIn?.enabled ? { dialIn: { number: dialIn.number, pin: dialIn.pinDisplay } } : {}),
        entersDirectly,
        ...(closed ? { closed } : {}),
      };
      return c.json(info);
    })
    .patch('/:id', ownerOnly, validate('json', UpdateMeetingBodySchema), async (c) => {
      const id = c.get('meeting').id;
      const body = c.req.valid('json');
      const updated = await storage.meetings.update(id, {
        title: body.title,
        startsAt: body.startsAt === undefined ? undefined : new Date(body.startsAt).toISOString(),
        durationMinutes: body.durationMinutes,
        waitingRoom: body.waitingRoom,
      });
      if (!updated) throw notFound('meeting');
      return c.json(toMeeting(updated));
    })
    .delete('/:id', ownerOnly, async (c) => {
      const id = c.get('meeting').id;
      await storage.meetings.delete(id);
      await deps.recordings.removeMeeting(id);
      return c.body(null, 204);
    });
}
