import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ErrorCode } from '../../shared/api/errors';
import {
  SESSION_COOKIE,
  SignInBodySchema,
  SignUpBodySchema,
  UpdateFeaturesBodySchema,
  type AuthResponse,
  type User,
} from '../../shared/api/auth';
import type { AppDeps } from '../app-deps';
import { requireUser, type AuthEnv } from '../auth/current-user';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../auth/password';
import { createSession, deleteSession, SESSION_TTL_MS } from '../auth/sessions';
import { ApiError } from '../lib/api-error';
import { newId } from '../lib/ids';
import { isHttps } from '../http/forwarded';
import { clientIp } from '../lib/rate-limit';
import { validate } from '../lib/validate';
import type { UserRecord } from '../store/store-data';

export const toUser = (u: UserRecord): User => ({ id: u.id, email: u.email, name: u.name, features: { ...u.features } });


export function authRouter(deps: AppDeps) {
  const { store, clock, config, limits } = deps;

  const startSession = async (c: Context, user: UserRecord, wantToken: boolean): Promise<AuthResponse> => {
    const token = await createSession(store, user.id, clock());
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: isHttps(c, config.trustProxy),
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return wantToken ? { user: toUser(user), token } : { user: toUser(user) };
  };

  // Wrong passwords are counted, per address and per account; right ones cost nothing, so an
  // office behind one address can sign in all day. Sign-ups are counted per address.
  const ip = (c: Context) => clientIp(c, config.trustProxy);
  const signUpLimit = limits.middleware('signUpsPerIp', ip);
  const refuseIfGuessing = (c: Context, email: string) => {
    limits.check('failedSignInsPerIp', ip(c));
    limits.check('failedSignInsPerAccount', email);
  };

  return new Hono<AuthEnv>()
    .post('/signup', signUpLimit, validate('json', SignUpBodySchema), async (c) => {
      const body = c.req.valid('json');
      const passwordHash = await hashPassword(body.password);
      const user: UserRecord = {
        id: newId(),
        email: body.email,
        name: body.name,
        passwordHash,
        createdAt: clock().toISOString(),
        features: { backgroundBlur: false, recording: false },
      };
      await store.update((d) => {
        if (d.users.some((u) => u.email === user.email)) {
          throw new ApiError(ErrorCode.Conflict, 'an account with this email already exists; sign in instead');
        }
        d.users.push(user);
      });
      return c.json(await startSession(c, user, false), 201);
    })
    .post('/signin', validate('json', SignInBodySchema), async (c) => {
      const body = c.req.valid('json');
      refuseIfGuessing(c, body.email);
      const user = store.read((d) => d.users.find((u) => u.email === body.email));
      const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) {
        limits.hit('failedSignInsPerIp', ip(c));
        limits.hit('failedSignInsPerAccount', body.email);
        throw new ApiError(ErrorCode.Unauthorized, 'wrong email or password');
      }
      return c.json(await startSession(c, user, body.wantToken));
    })
    .post('/signout', async (c) => {
      const token = c.get('sessionToken');
      if (token) await deleteSession(store, token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    .get('/me', (c) => c.json({ user: toUser(requireUser(c)) }))
    .patch('/features', validate('json', UpdateFeaturesBodySchema), async (c) => {
      const { id } = requireUser(c);
      const body = c.req.valid('json');
      const updated = await store.update((d) => {
        const user = d.users.find((u) => u.id === id);
        if (!user) throw new ApiError(ErrorCode.Unauthorized, 'sign in first');
        if (body.backgroundBlur !== undefined) user.features.backgroundBlur = body.backgroundBlur;
        if (body.recording !== undefined) user.features.recording = body.recording;
        return { ...user, features: { ...user.features } };
      });
      return c.json({ user: toUser(updated) });
    });
}
