import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono } from 'hono';
import { MEETING_VISIT_ELEMENT } from '../shared/api/invites.ts';
import { jsonInScript } from './http/json-in-script.ts';

/** The server's own paths (API, signalling, sockets): never the PWA's files, never its page. */
const BACKEND_PATH = /^\/(api|peerjs|ws)(\/|$)/;

export interface PwaOptions {
  /**
   * What a meeting page (`GET /m/:id`) opens with, when the server can answer it in the HTML:
   * written into the page as JSON (`<script type="application/json" id="meeting-visit">`), so the
   * page makes no request for it. Null: the plain page, which asks.
   */
  meetingPage?: (c: Context) => Promise<object | null>;
}

/**
 * Serves the built PWA: hashed assets with a long cache, everything else that is
 * a page (no API, no signalling) gets index.html so client-side routes work on reload.
 */
export function mountPwa(app: Hono, pwaDir: string, { meetingPage }: PwaOptions = {}) {
  const root = path.relative(process.cwd(), pwaDir) || '.';
  // Every file is sent whole, whatever a Range header asks (RFC 9110 lets a server ignore it): the
  // static server reads a range past a file's end, and answered `Range: 123456` on `/` with a 500
  // (found by the API fuzzer). No page of ours asks for part of one of these files; a recording's
  // download, which does, has its own route under /api.
  app.use('*', async (c, next) => {
    if (!BACKEND_PATH.test(c.req.path)) c.req.raw.headers.delete('range');
    await next();
  });
  app.use(
    '/assets/*',
    async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    },
    serveStatic({ root, precompressed: true }),
  );
  // Blur's model and wasm: large, versioned by the npm package; gzip twins are made at build.
  app.use(
    '/blur/*',
    async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=604800');
    },
    serveStatic({ root, precompressed: true }),
  );
  // The service worker and manifest must be fresh, so updates are found.
  app.use('/sw.js', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-cache');
  });
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    if (BACKEND_PATH.test(c.req.path)) return next();
    return serveStatic({ root, precompressed: true })(c, next);
  });
  // A meeting page with its opening answer in it: made for this request, so compressed now (brotli
  // at quality 5: 0.3 ms for 15 kB, some 600 bytes more than the prebuilt file's quality 11, which
  // took 13 ms) and never stored by a cache (it holds a place in the room for this page only).
  if (meetingPage) {
    app.get('/m/:id', async (c, next) => {
      if (c.req.method !== 'GET') return next();
      // The page first: an answer holds a place, so none is made for a page that cannot be sent.
      const html = await readFile(path.join(pwaDir, 'index.html'), 'utf8').catch(() => null);
      const answer = html?.includes('</body>') ? await meetingPage(c) : null;
      if (!html || !answer) return next();
      const data = `<script type="application/json" id="${MEETING_VISIT_ELEMENT}">${jsonInScript(answer)}</script>`;
      const body = Buffer.from(html.replace('</body>', `${data}</body>`));
      const encoding = preferredEncoding(c);
      const headers: Record<string, string> = {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        vary: 'Accept-Encoding, Cookie',
      };
      let bytes: Uint8Array = body;
      if (encoding === 'br') {
        bytes = brotliCompressSync(body, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength },
        });
        headers['content-encoding'] = 'br';
      } else if (encoding === 'gzip') {
        bytes = gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
      return c.body(new Uint8Array(bytes), 200, headers);
    });
  }
  app.get('*', async (c, next) => {
    if (BACKEND_PATH.test(c.req.path) || path.extname(c.req.path)) return next();
    const encoding = preferredEncoding(c);
    const file = path.join(pwaDir, encoding === 'br' ? 'index.html.br' : encoding === 'gzip' ? 'index.html.gz' : 'index.html');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      try {
        body = await readFile(path.join(pwaDir, 'index.html'));
        return c.body(new Uint8Array(body), 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      } catch {
        return c.text('The PWA is not built: run `npm run build`.', 503);
      }
    }
    const headers: Record<string, string> = {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      vary: 'Accept-Encoding',
    };
    if (encoding) headers['content-encoding'] = encoding;
    return c.body(new Uint8Array(body), 200, headers);
  });
}

/** The page's encoding for this request: brotli, else gzip, else none. */
function preferredEncoding(c: Context): 'br' | 'gzip' | null {
  const accepts = c.req.header('accept-encoding') ?? '';
  return /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
}
