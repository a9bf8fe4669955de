import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { SESSION_COOKIE } from '../../shared/api/auth.ts';
import type { Storage } from '../storage/repositories.ts';
import { unauthorized } from '../lib/api-error.ts';
import type { UserRecord } from '../storage/records.ts';
import { userForSession } from './sessions.ts';

export type AuthEnv = { Variables: { user: UserRecord | null; sessionToken: string | null } };

/** The session token from the cookie (browsers) or `Authorization: Bearer` (the extension). */
export function sessionTokenOf(c: Context): string | null {
  const header = c.req.header('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return getCookie(c, 'sid') ?? null;
}

/** Sets `user` (or null) for every request; never refuses. */
export const loadUser = ({ storage, clock }: { storage: Pick<Storage, 'sessions' | 'users'>; clock: () => Date }) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    const token = sessionTokenOf(c);
    c.set('sessionToken', token);
    c.set('user', token ? await userForSession(storage, token, clock()) : null);
    await next();
  });

export function requireUser(c: Context<AuthEnv>): UserRecord {
  const user = c.get('user');
  if (!user) throw unauthorized('sign in first');
  return user;
}

export { SESSION_COOKIE };
