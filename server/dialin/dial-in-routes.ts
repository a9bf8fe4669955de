import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { IdSchema } from '../../shared/api/meetings';
import { MuteCallerBodySchema } from '../../shared/dialin/dial-in-api';
import { requireHost, requireRoomAccess, type RoomAccessEnv } from '../access/room-access';
import type { AppDeps } from '../app-deps';
import { notFound } from '../lib/api-error';
import { validate } from '../lib/validate';

const callerParam = createMiddleware<{ Variables: { callerId: string } }>(async (c, next) => {
  const id = c.req.param('participantId');
  if (!v.is(IdSchema, id)) throw notFound('caller');
  c.set('callerId', id);
  await next();
});

/** Dial-in details of a meeting, and the host's controls over its callers. */
export function dialInRouter(deps: AppDeps) {
  const { dialIn } = deps;
  const access = requireRoomAccess(deps);
  return new Hono<RoomAccessEnv & { Variables: { callerId: string } }>()
    .get('/:id/dial-in', access, async (c) => {
      const info = await dialIn.dialInFor(c.get('meeting').id);
      if (!info) throw notFound('meeting');
      return c.json(info);
    })
    .post('/:id/dial-in/calls/:participantId/mute', access, requireHost, callerParam, validate('json', MuteCallerBodySchema), (c) => {
      if (!dialIn.mute(c.get('meeting').id, c.get('callerId'), c.req.valid('json').muted)) throw notFound('caller');
      return c.body(null, 204);
    })
    .delete('/:id/dial-in/calls/:participantId', access, requireHost, callerParam, (c) => {
      if (!dialIn.hangUp(c.get('meeting').id, c.get('callerId'))) throw notFound('caller');
      return c.body(null, 204);
    });
}
