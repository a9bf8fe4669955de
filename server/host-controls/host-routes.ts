import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { deviceIdOf } from './device-id.ts';
import { KnockBodySchema, LockBodySchema, ModerateBodySchema } from '../../shared/api/host-controls.ts';
import { IdSchema } from '../../shared/api/meetings.ts';
import { claimJoinLink, fixedNameOf, grantKey, requireHost, requireRoomAccess, type RoomAccessEnv } from '../access/room-access.ts';
import type { AppDeps } from '../app-deps.ts';
import { describeDevice, hintsFromHeaders } from '../bot/describe-device.ts';
import { notFound } from '../lib/api-error.ts';
import { clientIp } from '../lib/rate-limit.ts';
import { createMiddleware } from 'hono/factory';
import { validate } from '../lib/validate.ts';
import type { Entrant } from './host-controls.ts';

/** Who is entering through this request (after `requireRoomAccess`). */
export const entrantOf = (c: Context<RoomAccessEnv>): Entrant => ({
  grant: c.get('grant'),
  grantKey: grantKey(c.get('grant'), c.get('inviteToken')),
  deviceId: deviceIdOf(c),
});

function pathId(c: Context, name: string, what: string): string {
  const id = c.req.param(name);
  if (!v.is(IdSchema, id)) throw notFound(what);
  return id;
}

/**
 * The waiting room and the host's controls under /api/meetings/:id. Knocking needs a
 * valid invitation; everything else is the host's alone (403 for anyone else, before
 * anything changes).
 */
export function hostControlsRouter(deps: AppDeps) {
  const { hostControls } = deps;
  const access = requireRoomAccess(deps);
  // Each knock chimes at the host and adds an assistant's note: a link holder may not flood them,
  // from one address, one browser, or all together into one meeting.
  const knockLimit = createMiddleware<RoomAccessEnv>(async (c, next) => {
    const meetingId = c.get('meeting').id;
    const ip = clientIp(c, deps.config.trustProxy);
    await deps.limits.take('knocksPerIp', ip);
    await deps.limits.take('knocksPerDevice', `${meetingId}:${deviceIdOf(c) ?? ip}`);
    await deps.limits.take('knocksPerMeeting', meetingId);
    await next();
  });

  return new Hono<RoomAccessEnv>()
    .post('/:id/lobby', access, knockLimit, validate('json', KnockBodySchema), async (c) => {
      const grant = c.get('grant');
      const body = { ...c.req.valid('json'), name: fixedNameOf(grant) ?? c.req.valid('json').name };
      await claimJoinLink(deps.storage.invites, grant, deviceIdOf(c), { now: deps.clock() });
      const device = describeDevice(c.req.header('user-agent') ?? '', { ...hintsFromHeaders(c.req.raw.headers), ...body.clientHints });
      const answer = await hostControls.knock(c.get('meeting'), entrantOf(c), body, device);
      return c.json(answer, answer.state === 'waiting' ? 202 : 200);
    })
    .get('/:id/lobby', access, requireHost, async (c) => c.json(await hostControls.hostState(c.get('meeting').id)))
    .post('/:id/lobby/:waiterId/admit', access, requireHost, async (c) => {
      if (!(await hostControls.admit(c.get('meeting').id, pathId(c, 'waiterId', 'waiting guest')))) throw notFound('waiting guest');
      return c.body(null, 204);
    })
    .post('/:id/lobby/:waiterId/decline', access, requireHost, (c) => {
      if (!hostControls.decline(c.get('meeting').id, pathId(c, 'waiterId', 'waiting guest'))) throw notFound('waiting guest');
      return c.body(null, 204);
    })
    .put('/:id/lock', access, requireHost, validate('json', LockBodySchema), async (c) => {
      await hostControls.setLocked(c.get('meeting').id, c.req.valid('json').locked);
      return c.body(null, 204);
    })
    .post('/:id/end', access, requireHost, async (c) => {
      await hostControls.end(c.get('meeting'), c.get('user')?.name ?? 'The host');
      return c.body(null, 204);
    })
    .post('/:id/participants/:participantId/moderate', access, requireHost, validate('json', ModerateBodySchema), (c) => {
      hostControls.moderate(c.get('meeting').id, pathId(c, 'participantId', 'participant'), c.req.valid('json').action);
      return c.body(null, 204);
    })
    .delete('/:id/participants/:participantId', access, requireHost, async (c) => {
      await hostControls.remove(c.get('meeting').id, pathId(c, 'participantId', 'participant'));
      return c.body(null, 204);
    });
}
