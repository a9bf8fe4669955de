import { Hono, type Context } from 'hono';
import { CreateInviteBodySchema } from '../../shared/api/invites.ts';
import { requireMeetingOwner } from '../access/room-access.ts';
import type { AuthEnv } from '../auth/current-user.ts';
import type { AppDeps } from '../app-deps.ts';
import { validate } from '../lib/validate.ts';
import type { MeetingRecord } from '../storage/records.ts';
import { publicOrigin } from '../http/forwarded.ts';

type OwnerEnv = AuthEnv & { Variables: { meeting: MeetingRecord } };

/** The host's invitations: the shared link, personal email invites, revoking (the work is in invites/invite-service.ts). */
export function invitesRouter(deps: AppDeps) {
  const { invites } = deps;
  const ownerOnly = requireMeetingOwner(deps);
  const inviteLimit = deps.limits.middleware('invitesPerAccount', (c) => (c as Context<OwnerEnv>).get('user')?.id ?? null);
  /** Where links point: PUBLIC_URL, or the origin the request came in on. */
  const origin = (c: Context) => publicOrigin(c, deps.config);

  return new Hono<OwnerEnv>()
    .get('/:id/invites', ownerOnly, async (c) => c.json(await invites.list(origin(c), c.get('meeting'))))
    .post('/:id/invites', ownerOnly, inviteLimit, validate('json', CreateInviteBodySchema), async (c) =>
      c.json(await invites.invite(origin(c), c.get('meeting'), c.get('user')!, c.req.valid('json')), 201),
    )
    .post('/:id/invites/:inviteId/resend', ownerOnly, inviteLimit, async (c) =>
      c.json(await invites.resend(origin(c), c.get('meeting'), c.get('user')!, c.req.param('inviteId'))),
    )
    .delete('/:id/invites/:inviteId', ownerOnly, async (c) => {
      await invites.revoke(c.get('meeting').id, c.req.param('inviteId'));
      return c.body(null, 204);
    })
    .post('/:id/link', ownerOnly, async (c) => c.json(await invites.renewLink(origin(c), c.get('meeting').id)));
}
