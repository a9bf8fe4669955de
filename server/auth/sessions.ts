import { createHash } from 'node:crypto';
import { newSecret } from '../lib/ids.ts';
import type { UserRecord } from '../storage/records.ts';
import type { Storage } from '../storage/repositories.ts';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

type SessionStorage = Pick<Storage, 'sessions' | 'users'>;

/** Creates a session and returns its token (stored only as a hash; expired ones are swept: storage/sweeps.ts). */
export async function createSession(storage: Pick<Storage, 'sessions'>, userId: string, now: Date): Promise<string> {
  const token = newSecret();
  await storage.sessions.create({
    tokenHash: hashToken(token),
    userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  });
  return token;
}

export async function userForSession(storage: SessionStorage, token: string, now: Date): Promise<UserRecord | null> {
  const session = await storage.sessions.byTokenHash(hashToken(token));
  if (!session || new Date(session.expiresAt) <= now) return null;
  return storage.users.byId(session.userId);
}

export async function deleteSession(storage: Pick<Storage, 'sessions'>, token: string): Promise<void> {
  await storage.sessions.delete(hashToken(token));
}

/** A session's public handle: derived from its hash (which is itself never shown), so it proves nothing. */
export const sessionHandle = (tokenHash: string) => createHash('sha256').update(`handle:${tokenHash}`).digest('base64url').slice(0, 16);

/** The user's sessions that have not expired, newest first; `current` marks the one holding `token`. */
export async function listSessions(storage: Pick<Storage, 'sessions'>, userId: string, token: string | null, now: Date) {
  const mine = token ? hashToken(token) : null;
  return (await storage.sessions.listForUser(userId))
    .filter((s) => new Date(s.expiresAt) > now)
    .reverse()
    .map((s) => ({ id: sessionHandle(s.tokenHash), createdAt: s.createdAt, expiresAt: s.expiresAt, current: s.tokenHash === mine }));
}
