import { brotliCompressSync, constants } from 'node:zlib';
import { createMiddleware } from 'hono/factory';

/** Below this a gzip header and trailer eat most of what compression saves. */
const THRESHOLD = 512;
/**
 * Up to this size an answer is compressed with brotli at once; larger ones are gzipped as a stream.
 * Quality 5: on an 840-byte join answer 0.03 ms of the event loop for 24 bytes more than quality
 * 11, which took 1.3–1.4 ms (its set-up dominates small inputs), on every JSON answer the server
 * makes and on a join's path. Quality 11 is for what is compressed once, at build (docs/benchmarks.md).
 */
const SMALL = 8 * 1024;
const BROTLI_QUALITY = 5;

/**
 * Compresses the API's JSON answers of half a kilobyte or more for clients that accept it (chat
 * history, the overview's list, a join's answer: its token and roster shrink by a third or more).
 * Only JSON: files and recordings are sent as they are, byte ranges intact.
 */
export const compressJson = () =>
  createMiddleware(async (c, next) => {
    await next();
    const res = c.res;
    if (!/^application\/json\b/i.test(res.headers.get('content-type') ?? '') || res.headers.has('content-encoding') || !res.body) return;
    const accepts = c.req.header('accept-encoding') ?? '';
    const [gzip, br] = [/\bgzip\b/i.test(accepts), /\bbr\b/i.test(accepts)];
    if (!gzip && !br) return;
    const length = Number(res.headers.get('content-length') ?? Number.NaN);
    const body = Number.isFinite(length) ? null : new Uint8Array(await res.clone().arrayBuffer());
    const size = body?.byteLength ?? length;
    if (size < THRESHOLD) return;
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    headers.append('vary', 'Accept-Encoding');
    if (br && size <= SMALL) {
      const bytes = body ?? new Uint8Array(await res.arrayBuffer());
      const packed = brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: size },
      });
      headers.set('content-encoding', 'br');
      headers.set('content-length', String(packed.byteLength));
      c.res = new Response(packed, { status: res.status, headers });
      return;
    }
    if (!gzip) return;
    headers.set('content-encoding', 'gzip');
    const source = body ? new Blob([body]).stream() : res.body;
    c.res = new Response(source.pipeThrough(new CompressionStream('gzip')), { status: res.status, headers });
  });
