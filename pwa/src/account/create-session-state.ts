import { signal, type ReadonlySignal } from '@preact/signals';
import * as v from 'valibot';
import { AuthResponseSchema, SignedOutEverywhereSchema, UserSchema, type User } from '../../../shared/api/auth.ts';
import { apiRequest, ApiClientError } from '../api/api-client.ts';

const MeSchema = v.object({ user: UserSchema });

/**
 * Who is signed in. `user` is undefined while we ask the server, null when
 * signed out. The session itself is an HttpOnly cookie the page never sees.
 */
export function createSessionState() {
  const user = signal<User | null | undefined>(undefined);

  async function refresh() {
    try {
      user.value = (await apiRequest('GET', '/api/auth/me', MeSchema)).user;
    } catch (e) {
      if (e instanceof ApiClientError && e.status === 401) user.value = null;
      else throw e;
    }
  }

  return {
    user: user as ReadonlySignal<User | null | undefined>,
    refresh,
    async signIn(email: string, password: string) {
      user.value = (await apiRequest('POST', '/api/auth/signin', AuthResponseSchema, { body: { email, password } })).user;
    },
    async signUp(name: string, email: string, password: string) {
      user.value = (await apiRequest('POST', '/api/auth/signup', AuthResponseSchema, { body: { name, email, password } })).user;
    },
    async signOut() {
      await apiRequest('POST', '/api/auth/signout');
      user.value = null;
    },
    /** Ends every session of this account, this browser's too; how many went. */
    async signOutEverywhere(): Promise<number> {
      const { signedOut } = await apiRequest('DELETE', '/api/auth/sessions', SignedOutEverywhereSchema);
      user.value = null;
      return signedOut;
    },
  };
}

export type SessionState = ReturnType<typeof createSessionState>;
