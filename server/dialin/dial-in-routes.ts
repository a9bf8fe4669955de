import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { IdSchema } from '../../shared/api/meetings';
import { ParticipantRole } from '../../shared/api/participants';
import { MuteCallerBodySchema } from '../../shared/dialin/dial-in-api';
import type { AppDepsWithDialIn } from '../app-deps';
import { forbidden, notFound } from '../lib/api-error';
import { validate } from '../lib/validate';
import { meetingIdParam } from '../routes/params';

/**
 * Who may mute or hang up a caller. For now: someone in the room (not a caller),
 * proven by their participant id and token in `X-Participant-Id` / `X-Participant-Token`.
 * Meant to become host-only once meetings have owners.
 */
export const requireRoomMember = ({ hub }: Pick<AppDepsWithDialIn, 'hub'>) =>
  createMiddleware<{ Variables: { meetingId: string } }>(async (c, next) => {
    const member = hub.authenticate(c.get('meetingId'), c.req.header('x-participant-id') ?? '', c.req.header('x-participant-token') ?? '');
    if (!member || member.role === ParticipantRole.Phone) throw forbidden('only people in the meeting may do this');
    await next();
  });

const callerParam = createMiddleware<{ Variables: { callerId: string } }>(async (c, next) => {
  const id = c.req.param('participantId');
  if (!v.is(IdSchema, id)) throw notFound('caller');
  c.set('callerId', id);
  await next();
});

/** Dial-in details of a meeting, and the host's controls over its callers. */
export function dialInRouter(deps: AppDepsWithDialIn) {
  const { dialIn } = deps;
  const member = requireRoomMember(deps);
  return new Hono()
    .get('/:id/dial-in', meetingIdParam, async (c) => {
      const info = await dialIn.dialInFor(c.get('meetingId'));
      if (!info) throw notFound('meeting');
      return c.json(info);
    })
    .post('/:id/dial-in/calls/:participantId/mute', meetingIdParam, callerParam, member, validate('json', MuteCallerBodySchema), (c) => {
      if (!dialIn.mute(c.get('meetingId'), c.get('callerId'), c.req.valid('json').muted)) throw notFound('caller');
      return c.body(null, 204);
    })
    .delete('/:id/dial-in/calls/:participantId', meetingIdParam, callerParam, member, (c) => {
      if (!dialIn.hangUp(c.get('meetingId'), c.get('callerId'))) throw notFound('caller');
      return c.body(null, 204);
    });
}
