import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ErrorCode } from '../../shared/api/errors.ts';
import { SESSION_COOKIE, SignInBodySchema, SignUpBodySchema, type AuthResponse, type User } from '../../shared/api/auth.ts';
import { isOperatorEmail } from '../admin/admin-config.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireUser, type AuthEnv } from '../auth/current-user.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../auth/password.ts';
import { createSession, deleteSession, listSessions, SESSION_TTL_MS } from '../auth/sessions.ts';
import { ApiError, forbidden } from '../lib/api-error.ts';
import { newId } from '../lib/ids.ts';
import { isHttps } from '../http/forwarded.ts';
import { clientIp } from '../lib/rate-limit.ts';
import { validate } from '../lib/validate.ts';
import type { Config } from '../config.ts';
import type { UserRecord } from '../storage/records.ts';

export const toUser = (u: UserRecord, config: Pick<Config, 'adminEmails'>): User => ({
  id: u.id,
  email: u.email,
  name: u.name,
  features: { ...u.features },
  operator: isOperatorEmail(config, u.email),
});

export function authRouter(deps: AppDeps) {
  const { storage, clock, config, limits } = deps;

  const startSession = async (c: Context, user: UserRecord, wantToken: boolean): Promise<AuthResponse> => {
    const token = await createSession(storage, user.id, clock());
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: isHttps(c, config.trustProxy),
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return wantToken ? { user: toUser(user, config), token } : { user: toUser(user, config) };
  };

  // Wrong passwords are counted, per address and per account; right ones cost nothing, so an
  // office behind one address can sign in all day. Sign-ups are counted per address.
  const ip = (c: Context) => clientIp(c, config.trustProxy);
  const signUpLimit = limits.middleware('signUpsPerIp', ip);
  const refuseIfGuessing = async (c: Context, email: string) => {
    await limits.check('failedSignInsPerIp', ip(c));
    await limits.check('failedSignInsPerAccount', email);
  };

  return (
    new Hono<AuthEnv>()
      .post('/signup', signUpLimit, validate('json', SignUpBodySchema), async (c) => {
        const body = c.req.valid('json');
        const passwordHash = await hashPassword(body.password);
        const user: UserRecord = {
          id: newId(),
          email: body.email,
          name: body.name,
          passwordHash,
          createdAt: clock().toISOString(),
          features: { ...config.newAccountFeatures },
        };
        if ((await storage.users.create(user)) === 'email-taken') {
          throw new ApiError(ErrorCode.Conflict, 'an account with this email already exists; sign in instead');
        }
        return c.json(await startSession(c, user, false), 201);
      })
      .post('/signin', validate('json', SignInBodySchema), async (c) => {
        const body = c.req.valid('json');
        await refuseIfGuessing(c, body.email);
        const user = await storage.users.byEmail(body.email);
        const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
        if (!user || !ok) {
          await limits.hit('failedSignInsPerIp', ip(c));
          await limits.hit('failedSignInsPerAccount', body.email);
          throw new ApiError(ErrorCode.Unauthorized, 'wrong email or password');
        }
        return c.json(await startSession(c, user, body.wantToken));
      })
      .post('/signout', async (c) => {
        const token = c.get('sessionToken');
        if (token) await deleteSession(storage, token);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.body(null, 204);
      })
      .get('/me', (c) => c.json({ user: toUser(requireUser(c), config) }))
      // The account page's list of sign-ins, and "Sign out everywhere" (this browser included).
      .get('/sessions', async (c) => c.json({ sessions: await listSessions(storage, requireUser(c).id, c.get('sessionToken'), clock()) }))
      .delete('/sessions', async (c) => {
        const signedOut = await storage.sessions.deleteForUser(requireUser(c).id);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.json({ signedOut });
      })
      // Users no longer switch add-ons and betas themselves: operators do (`/api/admin`). 403 rather
      // than 404: the PWA works offline from its service worker's cache, so account pages from before
      // this change keep calling this for a while, and they show this message where a 404 would read
      // as a bug. It also keeps the route in the access matrix, which proves it changes nothing for anyone.
      .patch('/features', (c) => {
        requireUser(c);
        throw forbidden('add-ons and betas are switched on by your administrator; ask them');
      })
  );
}
