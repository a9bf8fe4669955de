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
