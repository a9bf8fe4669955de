import { storage } from 'wxt/utils/storage';
import type { User } from '@shared/api/auth';

export const DEFAULT_SERVER_ORIGIN = 'http://localhost:3000';

/** The meeting server chosen on the options page (an origin: scheme, host, port). */
export const serverOriginItem = storage.defineItem<string>('local:serverOrigin', {
  fallback: DEFAULT_SERVER_ORIGIN,
});

export interface Session {
  /** The server this token belongs to; a session for another origin is no session. */
  origin: string;
  token: string;
  user: User;
}

/**
 * The signed-in account. In `local` (not `session`) storage so a browser restart keeps the user
 * signed in; content scripts never read it (they go through the background).
 */
export const sessionItem = storage.defineItem<Session | null>('local:session', { fallback: null });
