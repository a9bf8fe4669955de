import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { IdSchema } from '../../shared/api/meetings.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import type { InviteRepository, Storage } from '../storage/repositories.ts';
import type { AuthEnv } from '../auth/current-user.ts';
import { ErrorCode } from '../../shared/api/errors.ts';
import { deviceIdOf } from '../host-controls/device-id.ts';
import { ApiError, forbidden, notFound, unauthorized } from '../lib/api-error.ts';
import { timingSafeEqualText } from '../lib/timing-safe.ts';
import type { InviteRecord, MeetingRecord, UserRecord } from '../storage/records.ts';

/**
 * Why someone may enter a room: they host it, they hold the meeting's current
 * guest link, or they hold a personal (email) invite that was not revoked.
 */
export type Grant = { kind: 'host' } | { kind: 'link' } | { kind: 'invite'; invite: InviteRecord };

/** The invite token a guest presents: header (API calls) or `?invite=` (links, WebSocket). */
export function inviteTokenOf(c: Context): string | null {
  return c.req.header(INVITE_HEADER) || c.req.query('invite') || null;
}

export async function grantFor(
  invites: InviteRepository,
  meeting: MeetingRecord,
  user: UserRecord | null,
  token: string | null,
): Promise<Grant | null> {
  if (user && user.id === meeting.ownerId) return { kind: 'host' };
  if (!token || token.length > 128) return null;
  if (timingSafeEqualText(meeting.linkToken, token)) return { kind: 'link' };
  // Compared in constant time, not looked up by token: a meeting has few invitations.
  const invite = (await invites.listForMeeting(meeting.id)).find((i) => i.state !== 'revoked' && timingSafeEqualText(i.token, token));
  return invite ? { kind: 'invite', invite } : null;
}

const linkUsed = () => new ApiError(ErrorCode.JoinLinkUsed, 'this join link was already used in another browser; ask for a new one');

/**
 * Whether this browser may use a one-time join link at all: the browser that entered with it keeps
 * it (and any browser may look before anyone entered); null when it may, and for any other grant.
 */
export function joinLinkRefusal(grant: Grant, deviceId: string | null): ApiError | null {
  if (grant.kind !== 'invite' || grant.invite.kind !== 'link') return null;
  if (!deviceId) return forbidden('a join link opens in a browser (the request had no device id)');
  if (grant.invite.boundDevice && grant.invite.boundDevice !== deviceId) return linkUsed();
  return null;
}

/**
 * Refuses a one-time join link whose time is over: where people look (the meeting's info) and enter
 * (join, knock). Someone already in keeps their place, chat and reconnects; a reload rejoins.
 */
export function refuseExpiredJoinLink(grant: Grant, now: Date): void {
  if (grant.kind !== 'invite' || grant.invite.kind !== 'link' || !grant.invite.expiresAt) return;
  if (Date.parse(grant.invite.expiresAt) <= now.getTime()) {
    throw new ApiError(ErrorCode.JoinLinkExpired, 'this join link has expired; ask for a new one');
  }
}

/**
 * Someone enters (joins or knocks) with a one-time join link: unless they rejoin, its time must not be
 * over; the link becomes this browser's, or the entry is refused when another browser got it first
 * (two at once: one wins, in storage).
 */
export async function claimJoinLink(
  invites: InviteRepository,
  grant: Grant,
  deviceId: string | null,
  { now, rejoining = false }: { now: Date; rejoining?: boolean },
): Promise<void> {
  if (grant.kind !== 'invite' || grant.invite.kind !== 'link') return;
  if (!rejoining) refuseExpiredJoinLink(grant, now);
  if (!deviceId || !(await invites.bindDevice(grant.invite.id, deviceId))) throw linkUsed();
}

/** The name a one-time join link was made for: its guest enters under it, whatever the page sends. */
export const fixedNameOf = (grant: Grant): string | null =>
  grant.kind === 'invite' && grant.invite.kind === 'link' ? grant.invite.guestName : null;

/** A compact form kept with a live participant, to re-check on every reconnect. */
export function grantKey(grant: Grant, token: string | null): string {
  return grant.kind === 'host' ? 'host' : `guest:${token ?? ''}`;
}

/** Is the access a participant entered with still good (link not replaced, invite not revoked)? */
export async function grantKeyStillValid(storage: Pick<Storage, 'meetings' | 'invites'>, meetingId: string, key: string): Promise<boolean> {
  const meeting = await storage.meetings.byId(meetingId);
  if (!meeting) return false;
  if (key === 'host') return true;
  // A phone caller came in with the meeting's PIN; a new PIN (with a new link) shuts it out.
  if (key.startsWith('phone:')) return Boolean(meeting.dialInPin) && timingSafeEqualText(meeting.dialInPin!, key.slice('phone:'.length));
  if (!key.startsWith('guest:')) return false;
  const token = key.slice('guest:'.length);
  return (await grantFor(storage.invites, meeting, null, token)) !== null;
}

export type RoomAccessEnv = AuthEnv & {
  Variables: { meeting: MeetingRecord; grant: Grant; inviteToken: string | null };
};

/**
 * 404 for an unknown meeting, 403 without host session or valid invite (or with a one-time join
 * link another browser holds); sets meeting and grant.
 */
export const requireRoomAccess = ({ storage }: { storage: Pick<Storage, 'meetings' | 'invites'> }) =>
  createMiddleware<RoomAccessEnv>(async (c, next) => {
    const id = c.req.param('id');
    if (!v.is(IdSchema, id)) throw notFound('meeting');
    const token = inviteTokenOf(c);
    const meeting = await storage.meetings.byId(id);
    if (!meeting) throw notFound('meeting');
    const grant = await grantFor(storage.invites, meeting, c.get('user'), token);
    if (!grant) {
      throw forbidden(
        token ? 'this invitation is no longer valid; ask the host for a new link' : 'you need an invitation to enter this meeting',
      );
    }
    const refusal = joinLinkRefusal(grant, deviceIdOf(c));
    if (refusal) throw refusal;
    c.set('meeting', meeting);
    c.set('grant', grant);
    c.set('inviteToken', token);
    await next();
  });

/** 404 for an unknown meeting, 401 signed out, 403 for anyone but its owner. */
export const requireMeetingOwner = ({ storage }: { storage: Pick<Storage, 'meetings'> }) =>
  createMiddleware<AuthEnv & { Variables: { meeting: MeetingRecord } }>(async (c, next) => {
    const id = c.req.param('id');
    if (!v.is(IdSchema, id)) throw notFound('meeting');
    const user = c.get('user');
    const meeting = await storage.meetings.byId(id);
    if (!meeting) throw notFound('meeting');
    if (!user) throw unauthorized('sign in as the host of this meeting');
    if (meeting.ownerId !== user.id) throw forbidden('only the host of this meeting may do this');
    c.set('meeting', meeting);
    await next();
  });

/** After `requireRoomAccess`: only the meeting's host (by session) may go on; guests and others get 403. */
export const requireHost = createMiddleware<RoomAccessEnv>(async (c, next) => {
  if (c.get('grant').kind !== 'host') throw forbidden('only the host may do this');
  await next();
});
