import { createHmac } from 'node:crypto';

export interface TurnCredential {
  /** `expiry:subject`, expiry in seconds since the epoch (what coturn's `use-auth-secret` checks). */
  username: string;
  /** base64(HMAC-SHA1(secret, username)). */
  credential: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/**
 * Short-lived TURN credentials in the TURN REST API scheme (draft-uberti-behave-turn-rest),
 * which coturn checks with `use-auth-secret` and the same `static-auth-secret`: nothing is
 * stored, the TURN server recomputes the HMAC and refuses an expired username.
 */
export function turnCredential(secret: string, subject: string, ttlSeconds: number, now: Date): TurnCredential {
  if (subject.includes(':')) throw new Error('a TURN subject must not contain ":"');
  const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const username = `${expiry}:${subject}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: expiry * 1000 };
}
