import type { CreateInviteBody, CreateJoinLinkBody, Invite, InviteList } from '../../shared/api/invites.ts';
import type { DialInService } from '../dialin/dial-in-service.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Storage } from '../storage/repositories.ts';
import { badRequest, notFound } from '../lib/api-error.ts';
import { newId, newSecret } from '../lib/ids.ts';
import { logFor } from '../lib/log.ts';
import { buildInviteEmail } from '../mail/invite-email.ts';
import type { InviteRecord, MeetingRecord, UserRecord } from '../storage/records.ts';

const log = logFor('mail');
const DAY_MS = 24 * 60 * 60_000;

export const joinUrl = (origin: string, meetingId: string, token: string) =>
  `${origin}/m/${encodeURIComponent(meetingId)}?invite=${encodeURIComponent(token)}`;

/** An outcome of sending an invitation, for whoever listens (the webhooks: `invitation.failed`). */
export interface InviteDeliveryEvent {
  meeting: MeetingRecord;
  invite: InviteRecord;
}

/**
 * A meeting's invitations, the same for the app's own API (routes/invites.ts) and the public one
 * (api-v1/): the shared link and its renewal, personal email invitations (sent, re-sent, their
 * outcome recorded), revoking. `origin` is where links point (PUBLIC_URL or the request's origin).
 */
export function createInviteService(deps: {
  storage: Pick<Storage, 'invites' | 'meetings'>;
  clock: () => Date;
  mailer: Mailer;
  dialIn: Pick<DialInService, 'dialInFor'>;
}) {
  const { storage, clock, mailer } = deps;
  const failedListeners = new Set<(event: InviteDeliveryEvent) => void>();

  const toInvite = (origin: string, i: InviteRecord): Invite => ({
    id: i.id,
    guestName: i.guestName,
    guestEmail: i.guestEmail,
    kind: i.kind ?? 'email',
    ...(i.expiresAt ? { expiresAt: i.expiresAt } : {}),
    state: i.state,
    ...(i.error ? { error: i.error } : {}),
    createdAt: i.createdAt,
    url: joinUrl(origin, i.meetingId, i.token),
  });

  const dialInOf = async (meetingId: string) => {
    const info = await deps.dialIn.dialInFor(meetingId);
    return info?.enabled ? { number: info.number, pin: info.pinDisplay } : undefined;
  };

  const list = async (origin: string, meeting: MeetingRecord): Promise<InviteList> => {
    const dialIn = await dialInOf(meeting.id);
    return {
      link: joinUrl(origin, meeting.id, meeting.linkToken),
      invites: (await storage.invites.listForMeeting(meeting.id)).map((i) => toInvite(origin, i)),
      ...(dialIn ? { dialIn } : {}),
    };
  };

  /** Sends (or re-sends) one invitation and records the outcome on it. */
  async function deliver(origin: string, meeting: MeetingRecord, host: UserRecord, invite: InviteRecord): Promise<Invite> {
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
    if (saved.state === 'failed') for (const listener of failedListeners) listener({ meeting, invite: saved });
    return toInvite(origin, saved);
  }

  return {
    list,
    /** Makes a personal invitation and emails it; the answer says whether sending failed. */
    async invite(origin: string, meeting: MeetingRecord, host: UserRecord, body: CreateInviteBody): Promise<Invite> {
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
      return deliver(origin, meeting, host, invite);
    },
    /**
     * A one-time join link for a named guest, sent by whoever made it (no email): the guest enters
     * under that name, and the first browser to enter keeps the link. By default it stays open
     * until a day after the meeting's end, and at least a day.
     */
    async joinLink(origin: string, meeting: MeetingRecord, body: CreateJoinLinkBody): Promise<Invite> {
      const now = clock();
      const end = Date.parse(meeting.startsAt) + meeting.durationMinutes * 60_000;
      const expiresAt = new Date(
        body.validForMinutes !== undefined ? now.getTime() + body.validForMinutes * 60_000 : Math.max(end, now.getTime()) + DAY_MS,
      );
      const invite: InviteRecord = {
        id: newId(),
        meetingId: meeting.id,
        token: newSecret(),
        guestName: body.guestName,
        guestEmail: '',
        timeZone: null,
        state: 'sent',
        error: null,
        createdAt: now.toISOString(),
        kind: 'link',
        boundDevice: null,
        expiresAt: expiresAt.toISOString(),
      };
      await storage.invites.create(invite);
      return toInvite(origin, invite);
    },
    async resend(origin: string, meeting: MeetingRecord, host: UserRecord, inviteId: string): Promise<Invite> {
      const invite = await storage.invites.byId(meeting.id, inviteId);
      if (!invite || invite.state === 'revoked') throw notFound('invitation');
      if (invite.kind === 'link') throw badRequest('a join link has no email to send again');
      return deliver(origin, meeting, host, invite);
    },
    async revoke(meetingId: string, inviteId: string): Promise<void> {
      if (!(await storage.invites.revoke(meetingId, inviteId))) throw notFound('invitation');
    },
    /** A new shared link (the old one stops working); the PIN goes with it (a new one on first use). */
    async renewLink(origin: string, meetingId: string): Promise<InviteList> {
      const meeting = await storage.meetings.replaceLink(meetingId, newSecret());
      if (!meeting) throw notFound('meeting');
      return list(origin, meeting);
    },
    /** Tells `listener` about every invitation whose email could not be sent; returns the unsubscribe. */
    onFailed(listener: (event: InviteDeliveryEvent) => void): () => void {
      failedListeners.add(listener);
      return () => failedListeners.delete(listener);
    },
  };
}

export type InviteService = ReturnType<typeof createInviteService>;
