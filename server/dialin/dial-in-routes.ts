import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { IdSchema } from '../../shared/api/meetings.ts';
import { MuteCallerBodySchema } from '../../shared/dialin/dial-in-api.ts';
import { requireHost, requireRoomAccess, type RoomAccessEnv } from '../access/room-access.ts';
import type { AppDeps } from '../app-deps.ts';
import { forbidden, notFound } from '../lib/api-error.ts';
import { isHostOrParticipant } from '../access/participant-auth.ts';
import { entrantOf } from '../host-controls/host-routes.ts';
import { validate } from '../lib/validate.ts';

const callerParam = createMiddleware<{ Variables: { callerId: string } }>(async (c, next) => {
  const id = c.req.param('participantId');
  if (!v.is(IdSchema, id)) throw notFound('caller');
  c.set('callerId', id);
  await next();
});

/** The host, a participant of the call, or a guest who could walk straight in. */
export async function mayKnowDialIn(c: Context<RoomAccessEnv>, deps: Pick<AppDeps, 'hub' | 'hostControls'>): Promise<boolean> {
  return isHostOrParticipant(c, deps.hub) || (await deps.hostControls.entersDirectly(c.get('meeting'), entrantOf(c)));
}

/** Dial-in details of a meeting, and the host's controls over its callers. */
export function dialInRouter(deps: AppDeps) {
  const { dialIn } = deps;
  const access = requireRoomAccess(deps);
  return new Hono<RoomAccessEnv & { Variables: { callerId: string } }>()
    .get('/:id/dial-in', access, async (c) => {
      // The PIN lets people in like the link does: only for those already let in.
      if (!(await mayKnowDialIn(c as unknown as Context<RoomAccessEnv>, deps)))
        throw forbidden('the dial-in details are shown once the host lets you in');
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
