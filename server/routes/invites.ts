import { Hono, type Context } from 'hono';
import { CreateInviteBodySchema, type Invite, type InviteList } from '../../shared/api/invites.ts';
import { requireMeetingOwner } from '../access/room-access.ts';
import type { AuthEnv } from '../auth/current-user.ts';
import type { AppDeps } from '../app-deps.ts';
import { notFound } from '../lib/api-error.ts';
import { newId, newSecret } from '../lib/ids.ts';
import { validate } from '../lib/validate.ts';
import { buildInviteEmail } from '../mail/invite-email.ts';
import type { InviteRecord, MeetingRecord, UserRecord } from '../storage/records.ts';
import { publicOrigin as originOf } from '../http/forwarded.ts';
import { logFor } from '../lib/log.ts';

const log = logFor('mail');

/** Where links point: PUBLIC_URL, or the origin the request came in on. */
export const publicOrigin = (c: Context, deps: Pick<AppDeps, 'config'>) => originOf(c, deps.config);

export const joinUrl = (origin: string, meetingId: string, token: string) =>
  `${origin}/m/${encodeURIComponent(meetingId)}?invite=${encodeURIComponent(token)}`;

type OwnerEnv = AuthEnv & { Variables: { meeting: MeetingRecord } };

/** The host's invitations: the shared link, personal email invites, revoking. */
export function invitesRouter(deps: AppDeps) {
  const { storage, clock, mailer } = deps;
  const ownerOnly = requireMeetingOwner(deps);
  const inviteLimit = deps.limits.middleware('invitesPerAccount', (c) => (c as Context<OwnerEnv>).get('user')?.id ?? null);

  const toInvite = (origin: string, i: InviteRecord): Invite => ({
    id: i.id,
    guestName: i.guestName,
    guestEmail: i.guestEmail,
    state: i.state,
    ...(i.error ? { error: i.error } : {}),
    createdAt: i.createdAt,
    url: joinUrl(origin, i.meetingId, i.token),
  });

  const dialInOf = async (meetingId: string) => {
    const info = await deps.dialIn.dialInFor(meetingId);
    return info?.enabled ? { number: info.number, pin: info.pinDisplay } : undefined;
  };

  const list = async (c: Context, meeting: MeetingRecord): Promise<InviteList> => {
    const origin = publicOrigin(c, deps);
    const dialIn = await dialInOf(meeting.id);
    return {
      link: joinUrl(origin, meeting.id, meeting.linkToken),
      invites: (await storage.invites.listForMeeting(meeting.id)).map((i) => toInvite(origin, i)),
      ...(dialIn ? { dialIn } : {}),
    };
  };

  /** Sends (or re-sends) one invitation and records the outcome on it. */
  async function deliver(c: Context, meeting: MeetingRecord, host: UserRecord, invite: InviteRecord): Promise<Invite> {
    const origin = publicOrigin(c, deps);
    let outcome: { state: 'sent' | 'failed'; error: string | null };
    try {
      const message = buildInviteEmail({
        guestName: invite.guestName,
        guestEmail: invite.guestEmail,
        hostName: host.name,
        hostEmail: host.email,
        title: meeting.title,
        startsAt: new Date(meeting.startsAt),
        durationMinutes: meeting.durationMinutes,
        timeZone: invite.timeZone,
        joinUrl: joinUrl(origin, meeting.id, invite.token),
        dialIn: await dialInOf(meeting.id),
        uid: `${meeting.id}-${invite.id}@meeting-room`,
        language: invite.language,
      });
      await mailer.send(message);
      outcome = { state: 'sent', error: null };
    } catch (error) {
      log.warn(`invitation to ${invite.guestEmail} failed: ${(error as Error).message}`);
      outcome = { state: 'failed', error: `The email could not be sent (${(error as Error).message}).` };
    }
    const saved = await storage.invites.recordDelivery(invite.id, outcome);
    if (!saved) throw notFound('invitation');
    return toInvite(origin, saved);
  }

  return new Hono<OwnerEnv>()
    .get('/:id/invites', ownerOnly, async (c) => c.json(await list(c, c.get('meeting'))))
    .post('/:id/invites', ownerOnly, inviteLimit, validate('json', CreateInviteBodySchema), async (c) => {
      const meeting = c.get('meeting');
      const host = c.get('user')!;
      const body = c.req.valid('json');
      const invite: InviteRecord = {
        id: newId(),
        meetingId: meeting.id,
        token: newSecret(),
        guestName: body.guestName,
        guestEmail: body.guestEmail,
        timeZone: body.timeZone ?? null,
        ...(body.language ? { language: body.language } : {}),
        state: 'sent',
        error: null,
        createdAt: clock().toISOString(),
      };
      await storage.invites.create(invite);
      return c.json(await deliver(c, meeting, host, invite), 201);
    })
    .post('/:id/invites/:inviteId/resend', ownerOnly, inviteLimit, async (c) => {
      const meeting = c.get('meeting');
      const inviteId = c.req.param('inviteId');
      const invite = await storage.invites.byId(meeting.id, inviteId);
      if (!invite || invite.state === 'revoked') throw notFound('invitation');
      return c.json(await deliver(c, meeting, c.get('user')!, invite));
    })
    .delete('/:id/invites/:inviteId', ownerOnly, async (c) => {
      const meeting = c.get('meeting');
      const inviteId = c.req.param('inviteId');
      if (!(await storage.invites.revoke(meeting.id, inviteId))) throw notFound('invitation');
      return c.body(null, 204);
    })
    .post('/:id/link', ownerOnly, async (c) => {
      const id = c.get('meeting').id;
      // The PIN is a way in like the link: a new link comes with a new PIN (given on first use).
      const meeting = await storage.meetings.replaceLink(id, newSecret());
      if (!meeting) throw notFound('meeting');
      return c.json(await list(c, meeting));
    });
}
