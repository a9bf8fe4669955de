import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/server/test-app.ts';

describe('security headers', () => {
  it('sends a strict CSP, no framing, no referrer, and a permissions policy on every answer', async () => {
    const { json } = createTestApp();
    for (const res of [await json('GET', '/api/health'), await json('GET', '/api/nothing'), await json('POST', '/api/meetings', {})]) {
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('permissions-policy')).toContain('camera=(self)');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('adds HSTS over HTTPS (directly, or behind a trusted proxy)', async () => {
    const { app } = createTestApp({ trustProxy: { hops: 1 } });
    expect((await app.request('https://meet.example.com/api/health')).headers.get('strict-transport-security')).toContain('max-age=');
    expect(
      (await app.request('/api/health', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security'),
    ).toContain('max-age=');
    const untrusted = createTestApp({ trustProxy: null });
    expect(
      (await untrusted.app.request('/api/health', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security'),
    ).toBeNull();
  });

  it('never shows a stack trace', async () => {
    const { json } = createTestApp();
    const res = await json('POST', '/api/meetings', '{"broken', { cookie: 'sid=whatever' });
    const text = await res.text();
    expect(text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
  });
});
