import type { User } from '@shared/api/auth';
import { ErrorCode } from '@shared/api/errors';
import { ApiError, createApiClient, type ApiClient } from '../api/api-client.ts';
import { parseServerOrigin } from '../api/server-origin.ts';
import { serverOriginItem, sessionItem } from '../storage/items.ts';

export const AuthFailure = {
  NotSignedIn: 'not_signed_in',
  NoHostAccess: 'no_host_access',
  BadAddress: 'bad_address',
} as const;

export interface AuthStatus {
  serverOrigin: string;
  user: User | null;
}

export interface SignInInput {
  serverAddress: string;
  email: string;
  password: string;
}

export interface AuthServiceDeps {
  fetch?: typeof fetch;
  /** Whether the extension may call this origin (host permission); asked for on the options page. */
  hasHostAccess(origin: string): Promise<boolean>;
}

/** Sign-in state of the extension: one server address, one bearer token, kept in extension storage. */
export function createAuthService(deps: AuthServiceDeps) {
  const clientFor = (origin: string, token?: string) => createApiClient({ origin, token, fetch: deps.fetch });

  async function ensureAccess(origin: string) {
    if (!(await deps.hasHostAccess(origin))) {
      throw new ApiError(
        AuthFailure.NoHostAccess,
        `The extension may not contact ${origin} yet. Open the extension's options and sign in: Chrome asks you to allow it.`,
      );
    }
  }

  return {
    async status(): Promise<AuthStatus> {
      const [serverOrigin, session] = await Promise.all([serverOriginItem.getValue(), sessionItem.getValue()]);
      return { serverOrigin, user: session?.origin === serverOrigin ? session.user : null };
    },

    async signIn({ serverAddress, email, password }: SignInInput): Promise<User> {
      const parsed = parseServerOrigin(serverAddress);
      if (!parsed.ok) throw new ApiError(AuthFailure.BadAddress, parsed.message);
      const { origin } = parsed;
      await ensureAccess(origin);
      const client = clientFor(origin);
      await client.health();
      let answer: Awaited<ReturnType<typeof client.signIn>>;
      try {
        answer = await client.signIn(email, password);
      } catch (error) {
        throw explainSignInFailure(error, origin);
      }
      if (!answer.token) throw new ApiError(ErrorCode.Internal, `${origin} signed you in but sent no token: is the server up to date?`);
      await serverOriginItem.setValue(origin);
      await sessionItem.setValue({ origin, token: answer.token, user: answer.user });
      return answer.user;
    },

    async signOut(): Promise<void> {
      const session = await sessionItem.getValue();
      await sessionItem.setValue(null);
      // Best effort: the token is forgotten here whatever the server says.
      if (session)
        await clientFor(session.origin, session.token)
          .signOut()
          .catch(() => undefined);
    },

    /**
     * Runs `fn` with an API client of the signed-in user. A 401 means the token is no longer valid:
     * the session is dropped and the caller told to sign in again.
     */
    async withClient<T>(fn: (client: ApiClient) => Promise<T>): Promise<T> {
      const [origin, session] = await Promise.all([serverOriginItem.getValue(), sessionItem.getValue()]);
      if (!session || session.origin !== origin) {
        throw new ApiError(AuthFailure.NotSignedIn, "You are not signed in. Open the extension's options to sign in.");
      }
      await ensureAccess(origin);
      try {
        return await fn(clientFor(origin, session.token));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          await sessionItem.setValue(null);
          throw new ApiError(AuthFailure.NotSignedIn, "Your sign-in has expired. Open the extension's options to sign in again.", 401);
        }
        throw error;
      }
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

function explainSignInFailure(error: unknown, origin: string): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 401) return new ApiError(error.code, 'Wrong email or password.', 401);
  if (error.status === 404) return new ApiError(error.code, `${origin} has no sign-in for extensions: is the server up to date?`, 404);
  return error;
}
