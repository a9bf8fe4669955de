import { createHash } from 'node:crypto';
import { newSecret } from '../lib/ids.ts';
import type { Store } from '../store/store.ts';
import type { UserRecord } from '../store/store-data.ts';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Creates a session and returns its token (stored only as a hash). */
export async function createSession(store: Store, userId: string, now: Date): Promise<string> {
  const token = newSecret();
  await store.update((d) => {
    // Drop this user's expired sessions while we are here.
    d.sessions = d.sessions.filter((s) => s.userId !== userId || new Date(s.expiresAt) > now);
    d.sessions.push({
      tokenHash: hashToken(token),
      userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    });
  });
  return token;
}

export function userForSession(store: Store, token: string, now: Date): UserRecord | null {
  const tokenHash = hashToken(token);
  return store.read((d) => {
    const session = d.sessions.find((s) => s.tokenHash === tokenHash);
    if (!session || new Date(session.expiresAt) <= now) return null;
    return d.users.find((u) => u.id === session.userId) ?? null;
  });
}

export async function deleteSession(store: Store, token: string): Promise<void> {
  const tokenHash = hashToken(token);
  if (!store.read((d) => d.sessions.some((s) => s.tokenHash === tokenHash))) return;
  await store.update((d) => {
    d.sessions = d.sessions.filter((s) => s.tokenHash !== tokenHash);
  });
}
