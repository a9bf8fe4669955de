import { describe, expect, it } from 'vitest';
import { BUILT_PAGE as PAGE, builtPwa } from '../test/server/built-pwa.ts';
import { createTestApp } from '../test/server/test-app.ts';

const SCRIPT = 'console.log("app");'.repeat(20);

describe('the built PWA', () => {
  const { app } = createTestApp({
    pwaDir: builtPwa({ 'assets/app-1234.js': SCRIPT, 'manifest.webmanifest': '{"name":"Meeting room"}' }),
  });

  it('serves its files, and its page for the client-side routes', async () => {
    const script = await app.request('/assets/app-1234.js');
    expect(script.status).toBe(200);
    expect(await script.text()).toBe(SCRIPT);
    expect(script.headers.get('cache-control')).toContain('immutable');
    for (const route of ['/', '/m/AAAAAAAAAAAAAAAAAAAAAA', '/signin']) {
      const page = await app.request(route);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(PAGE);
    }
  });

  // The fuzzer found `GET /` with `Range: 123456` answered 500: the static files' server read the range
  // from past the file's end. A server may ignore Range (RFC 9110 §14.2), and no page of ours asks for
  // part of one of these files: every file is sent whole, whatever the Range says.
  it.each([
    ['past the end', 'bytes=999999-'],
    ['no unit', '123456'],
    ['backwards', 'bytes=50-10'],
    ['several', 'bytes=0-1,5-9'],
    ['not a number', 'bytes=a-b'],
    ['a valid one', 'bytes=0-9'],
  ])('sends a file whole for a Range %s (%s)', async (_, range) => {
    for (const [url, body] of [
      ['/assets/app-1234.js', SCRIPT],
      ['/manifest.webmanifest', '{"name":"Meeting room"}'],
      ['/index.html', PAGE],
      ['/', PAGE],
    ] as const) {
      const res = await app.request(url, { headers: { range } });
      expect([url, res.status]).toEqual([url, 200]);
      expect(await res.text()).toBe(body);
      expect(res.headers.get('content-range')).toBeNull();
    }
  });
});
