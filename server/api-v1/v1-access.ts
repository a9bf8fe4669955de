import type { Context } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { badRequest, forbidden, notFound } from '../lib/api-error.ts';
import type { MeetingRecord, UserRecord } from '../storage/records.ts';
import type { V1Env } from './v1-env.ts';

/**
 * Which meetings a key reaches: an account's key, that account's own (any other is a 404, as if it
 * did not exist); the server's key, every meeting.
 */
export async function meetingForKey(deps: Pick<AppDeps, 'storage'>, c: Context<V1Env>, meetingId: string): Promise<MeetingRecord> {
  const meeting = await deps.storage.meetings.byId(meetingId);
  const user = c.get('keyUser');
  if (!meeting || (user && meeting.ownerId !== user.id)) throw notFound('meeting');
  return meeting;
}

/** The meeting's host, who invitations are from. */
export async function hostOf(deps: Pick<AppDeps, 'storage'>, meeting: MeetingRecord): Promise<UserRecord> {
  const host = await deps.storage.users.byId(meeting.ownerId);
  if (!host) throw notFound('meeting');
  return host;
}

/**
 * The account a request acts for, by `hostEmail`: an account's key acts for its account only (another
 * email is a 403); the server's key for the account named (required; 400 without, 404 for none).
 */
export async function accountForKey(deps: Pick<AppDeps, 'storage'>, c: Context<V1Env>, hostEmail: string | undefined): Promise<UserRecord> {
  const user = c.get('keyUser');
  if (user) {
    if (hostEmail !== undefined && hostEmail !== user.email) throw forbidden("an account's API key acts for that account only");
    return user;
  }
  if (hostEmail === undefined) throw badRequest("hostEmail is required with the server's API key");
  const host = await deps.storage.users.byEmail(hostEmail);
  if (!host) throw notFound('account');
  return host;
}
