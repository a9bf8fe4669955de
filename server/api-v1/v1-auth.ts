import { createMiddleware } from 'hono/factory';
import type { ApiScope } from '../../shared/api/api-keys.ts';
import type { AppDeps } from '../app-deps.ts';
import { forbidden, unauthorized } from '../lib/api-error.ts';
import type { V1Env } from './v1-env.ts';

/**
 * `/api/v1` answers only to an API key in `Authorization: Bearer` (never a cookie: no page can
 * borrow one). 401 without one or with an unknown or revoked key; then the key's rate limit
 * (429, `apiRequestsPerKey`). Sets `apiKey` and `keyUser`.
 */
export const requireApiKey = (deps: Pick<AppDeps, 'apiKeys' | 'limits'>) =>
  createMiddleware<V1Env>(async (c, next) => {
    const header = c.req.header('authorization');
    if (!header?.startsWith('Bearer ')) throw unauthorized('send an API key as Authorization: Bearer <key>');
    const { key, user } = await deps.apiKeys.authenticate(header.slice(7).trim());
    await deps.limits.take('apiRequestsPerKey', key.id);
    c.set('apiKey', key);
    c.set('keyUser', user);
    await next();
  });

/** 403 unless the request's key has `scope`. */
export const requireScope = (scope: ApiScope) =>
  createMiddleware<V1Env>(async (c, next) => {
    if (!c.get('apiKey').scopes.includes(scope)) throw forbidden(`this API key lacks the scope ${scope}`);
    await next();
  });
