import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import { isHttps, type TrustProxy } from '../http/forwarded.ts';

/**
 * Security headers on every answer: a strict Content-Security-Policy (scripts only from us;
 * WebAssembly allowed for blur and the service worker; no framing: `frame-ancestors 'none'`),
 * no referrer leaking invite tokens to other sites, and the camera/microphone/display
 * capture allowed to our own origin only.
 */
export const securityHeaders = (options: { trustProxy: TrustProxy }) => {
  const base = baseHeaders();
  return createMiddleware(async (c, next) => {
    let own: string | null = null;
    await base(c, async () => {
      await next();
      // A route's own, stricter policy (shared files: `sandbox`) is kept.
      own = c.res.headers.get('content-security-policy');
    });
    if (own) c.res.headers.set('content-security-policy', own);
    if (isHttps(c, options.trustProxy)) c.res.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
};

const baseHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
      // Preact sets style properties and index.html carries its stylesheet inline.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'blob:', 'mediastream:'],
      connectSrc: ["'self'", 'ws:', 'wss:'],
      workerSrc: ["'self'", 'blob:'],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      manifestSrc: ["'self'"],
    },
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    // Lets the room use camera, microphone, screen capture, full screen and speaker choice; nobody else.
    permissionsPolicy: {
      camera: ['self'],
      microphone: ['self'],
      displayCapture: ['self'],
      fullscreen: ['self'],
      speakerSelection: ['self'],
      geolocation: [],
      payment: [],
    },
    strictTransportSecurity: false,
  });
