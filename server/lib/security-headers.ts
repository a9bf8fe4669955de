import { createMiddleware } from 'hono/factory';
import { isHttps, type TrustProxy } from '../http/forwarded.ts';

/**
 * Content-Security-Policy of our pages: scripts only from us, WebAssembly for blur, and framed by
 * nobody, or (a meeting's page, embed/frame-ancestors.ts) by the origins its owner lists.
 */
export const pageCsp = (frameAncestors: readonly string[] = ["'none'"]) =>
  Object.entries({
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
    'frame-ancestors': frameAncestors,
    'manifest-src': ["'self'"],
  })
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ');
const CSP = pageCsp();

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
    headers.set('x-content-type-options', EVERY_ANSWER['x-content-type-options']);
    // A script meant for other sites (/embed.js) says so itself.
    if (!headers.has('cross-origin-resource-policy'))
      headers.set('cross-origin-resource-policy', EVERY_ANSWER['cross-origin-resource-policy']);
    if (!/^text\/html\b/i.test(headers.get('content-type') ?? '')) return;
    // A page its route lets some origins frame (frame-ancestors) gets no X-Frame-Options: DENY to contradict it.
    const framable = headers.get('content-security-policy')?.includes("frame-ancestors 'none'") === false;
    for (const [name, value] of Object.entries(PAGE_ONLY)) {
      if (name === 'x-frame-options' && framable) continue;
      if (!headers.has(name)) headers.set(name, value);
    }
    if (isHttps(c, options.trustProxy)) headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
