import { createMiddleware } from 'hono/factory';

/** Below this a gzip header and trailer eat most of what compression saves. */
const THRESHOLD = 512;

/**
 * Gzips the API's JSON answers of half a kilobyte or more for clients that accept it (chat history,
 * the overview's list, a join's answer: its token and roster shrink by a third). Only JSON: files and recordings are sent as they are, byte ranges intact.
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
