import { Hono } from 'hono';
import { CreateMeetingBodySchema, UpdateMeetingBodySchema } from '../../shared/api/meetings.ts';
import { requireMeetingOwner, requireRoomAccess } from '../access/room-access.ts';
import { meetingInfoFor } from '../meetings/meeting-info.ts';
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
    .get('/:id/info', requireRoomAccess(deps), async (c) => c.json(await meetingInfoFor(c, deps)))
    .patch('/:id', ownerOnly, validate('json', UpdateMeetingBodySchema), async (c) => {
      return c.json(toMeeting(await updateMeeting(deps, c.get('meeting').id, c.req.valid('json'))));
    })
    .delete('/:id', ownerOnly, async (c) => {
      await deleteMeeting(deps, c.get('meeting').id);
      return c.body(null, 204);
    });
}
