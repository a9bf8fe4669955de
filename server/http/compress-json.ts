import { createMiddleware } from 'hono/factory';

const THRESHOLD = 1024;

/**
 * Gzips the API's JSON answers of a kilobyte or more for clients that accept it (chat history,
 * the overview's list). Only JSON: files and recordings are sent as they are, byte ranges intact.
 */
export const compressJson = () =>
  createMiddleware(async (c, next) => {
    await next();
    const res = c.res;
    if (!/^application\/json\b/i.test(res.headers.get('content-type') ?? '') || res.headers.has('content-encoding') || !res.body) return;
    if (!/\bgzip\b/i.test(c.req.header('accept-encoding') ?? '')) return;
    const length = Number(res.headers.get('content-length') ?? Number.NaN);
    const body = Number.isFinite(length) ? null : new Uint8Array(await res.clone().arrayBuffer());
    if ((body?.byteLength ?? length) < THRESHOLD) return;
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    headers.set('content-encoding', 'gzip');
    headers.append('vary', 'Accept-Encoding');
    const source = body ? new Blob([body]).stream() : res.body;
    c.res = new Response(source.pipeThrough(new CompressionStream('gzip')), { status: res.status, headers });
  });
