import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { compressJson } from './compress-json.ts';

const big = { items: Array.from({ length: 200 }, (_, i) => ({ i, text: 'a chat message of some length' })) };
const app = new Hono()
  .use(compressJson())
  .get('/big', (c) => c.json(big))
  .get('/small', (c) => c.json({ ok: true, padding: 'x'.repeat(480) }))
  .get('/half', (c) => c.json({ ok: true, padding: 'x'.repeat(500) }))
  .get('/file', (c) => c.body('x'.repeat(5000), 200, { 'content-type': 'text/plain' }));

describe('JSON compression', () => {
  it('gzips a large JSON answer for a client that accepts it, and the bytes come back the same', async () => {
    const res = await app.request('/big', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    const zipped = Buffer.from(await res.arrayBuffer());
    expect(zipped.byteLength).toBeLessThan(JSON.stringify(big).length / 5);
    expect(JSON.parse(gunzipSync(zipped).toString())).toEqual(big);
  });

  it('compresses a small answer with brotli when the client takes it, and the bytes come back the same', async () => {
    const res = await app.request('/half', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.headers.get('content-encoding')).toBe('br');
    const packed = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(packed.byteLength);
    expect(JSON.parse(brotliDecompressSync(packed).toString()).padding).toHaveLength(500);
    // A large one is gzipped as a stream.
    expect((await app.request('/big', { headers: { 'accept-encoding': 'gzip, br' } })).headers.get('content-encoding')).toBe('gzip');
  });

  it('gzips from half a kilobyte (a join answer)', async () => {
    const res = await app.request('/half', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).padding).toHaveLength(500);
  });

  it('leaves alone small answers, clients that do not accept gzip, and anything that is not JSON', async () => {
    expect((await app.request('/small', { headers: { 'accept-encoding': 'gzip' } })).headers.get('content-encoding')).toBeNull();
    expect((await app.request('/big')).headers.get('content-encoding')).toBeNull();
    expect((await app.request('/file', { headers: { 'accept-encoding': 'gzip' } })).headers.get('content-encoding')).toBeNull();
  });
});
