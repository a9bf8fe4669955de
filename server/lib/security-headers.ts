import { createMiddleware } from 'hono/factory';
import { isHttps, type TrustProxy } from '../http/forwarded.ts';

/** Content-Security-Policy of our pages: scripts only from us, WebAssembly for blur, no framing. */
const CSP = Object.entries({
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // Preact sets style properties and index.html carries its stylesheet inline.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:', 'mediastream:'],
  'connect-src': ["'self'", 'ws:', 'wss:'],
  'worker-src': ["'self'", 'blob:'],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'manifest-src': ["'self'"],
})
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/** On every answer: never sniffed into another type, never read by another site's page. */
const EVERY_ANSWER = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/** On pages (HTML) only: what a browser applies to a document. */
const PAGE_ONLY = {
  'content-security-policy': CSP,
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  // Camera, microphone, screen capture and full screen for our own pages; nobody else; no location, no payments.
  'permissions-policy': 'camera=(self), microphone=(self), display-capture=(self), fullscreen=(self), geolocation=(), payment=()',
} as const;

/**
 * Security headers. A page gets the full set: a strict Content-Security-Policy, no framing
 * (`frame-ancestors 'none'`), no referrer leaking invite tokens to other sites, camera and
 * microphone for our own origin only, and HSTS over HTTPS. Everything else (the API's JSON,
 * scripts, images, shared files) gets only what applies to it — `nosniff` and
 * Cross-Origin-Resource-Policy — so an 11-byte JSON answer does not carry a kilobyte of headers.
 * A route's own, stricter policy (shared files: a `sandbox` CSP) is kept.
 */
export const securityHeaders = (options: { trustProxy: TrustProxy }) =>
  createMiddleware(async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(EVERY_ANSWER)) headers.set(name, value);
    if (!/^text\/html\b/i.test(headers.get('content-type') ?? '')) return;
    for (const [name, value] of Object.entries(PAGE_ONLY)) if (!headers.has(name)) headers.set(name, value);
    if (isHttps(c, options.trustProxy)) headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
