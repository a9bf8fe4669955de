import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { SESSION_COOKIE } from '../../shared/api/auth.ts';
import { forbidden } from '../lib/api-error.ts';
import { requestOrigin, type TrustProxy } from './forwarded.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery: a page on another origin — another port, or a sibling subdomain
 * on the same site, where SameSite=Lax cookies still go — must not change anything with the
 * user's session cookie, not even with a body-less POST (`…/link`, `…/end`, sign-out).
 * Every state-changing request that carries the session cookie is checked: `Sec-Fetch-Site` must
 * say same-origin, else `Origin` must be our own (PUBLIC_URL or the address the request came to);
 * with neither header it is refused. Requests without the cookie (a guest's invite header, the
 * extension's bearer token and its sign-in, Twilio's signed webhooks) carry nothing a page could
 * borrow — custom headers need CORS, which we never grant — and go on.
 */
export const sameOriginOnly = (config: { publicUrl: string | null; trustProxy: TrustProxy }) =>
  createMiddleware(async (c, next) => {
    // Only the session cookie is sent by the browser on its own; without it nothing can be forged.
    if (SAFE.has(c.req.method) || !usesSessionCookie(c)) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const own = (value: string) => value === config.publicUrl || value === requestOrigin(c, config.trustProxy);
    if (origin !== undefined && !own(origin)) throw forbidden(`requests from ${origin.slice(0, 100)} may not change anything here`);
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw forbidden(`${site} requests may not change anything here`);
    if (origin === undefined && site === undefined) {
      throw forbidden('a request signed in by cookie must come from this site (Origin or Sec-Fetch-Site)');
    }
    await next();
  });

function usesSessionCookie(c: Parameters<Parameters<typeof createMiddleware>[0]>[0]): boolean {
  if (c.req.header('authorization')?.startsWith('Bearer ')) return false;
  return Boolean(getCookie(c, SESSION_COOKIE));
}
