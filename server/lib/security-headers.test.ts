import { describe, expect, it } from 'vitest';
import { builtPwa } from '../../test/server/built-pwa.ts';
import { createTestApp } from '../../test/server/test-app.ts';

describe('security headers', () => {
  it('sends a strict CSP, no framing, no referrer, and a permissions policy on every page', async () => {
    const { app } = createTestApp({ pwaDir: builtPwa() });
    for (const path of ['/', '/m/AAAAAAAAAAAAAAAAAAAAAA', '/signin']) {
      const res = await app.request(path);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('permissions-policy')).toContain('camera=(self)');
      // Chromium warns about features it does not know on every page: only features it knows.
      expect(res.headers.get('permissions-policy')).not.toContain('speaker-selection');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('keeps API answers small: nosniff and the resource policy, none of the page-only headers', async () => {
    const { json } = createTestApp();
    for (const res of [await json('GET', '/api/health'), await json('GET', '/api/nothing'), await json('POST', '/api/meetings', {})]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      for (const pageOnly of [
        'content-security-policy',
        'permissions-policy',
        'x-frame-options',
        'referrer-policy',
        'cross-origin-opener-policy',
      ]) {
        expect(res.headers.get(pageOnly), pageOnly).toBeNull();
      }
    }
  });

  it('adds HSTS over HTTPS (directly, or behind a trusted proxy)', async () => {
    const { app: pages } = createTestApp({ trustProxy: { hops: 1 }, pwaDir: builtPwa() });
    expect((await pages.request('https://meet.example.com/')).headers.get('strict-transport-security')).toContain('max-age=');
    expect((await pages.request('/', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toContain(
      'max-age=',
    );
    const untrusted = createTestApp({ trustProxy: null, pwaDir: builtPwa() });
    expect(
      (await untrusted.app.request('/', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security'),
    ).toBeNull();
  });

  it('never shows a stack trace', async () => {
    const { json } = createTestApp();
    const res = await json('POST', '/api/meetings', '{"broken', { cookie: 'sid=whatever' });
    const text = await res.text();
    expect(text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
  });
});
