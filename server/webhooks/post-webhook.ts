import http from 'node:http';
import https from 'node:https';
import { guardedLookup, isPrivateAddress, literalAddressOf, SsrfRefusal } from './ssrf-guard.ts';

/** How one attempt went: the receiver's status, or why none came (`refused`: not to be retried). */
export type PostOutcome = { status: number } | { error: string; refused: boolean };

/** The most of a receiver's answer that is read (and then dropped): its body means nothing to us. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs a webhook's body with node:http(s): redirects are not followed, the address connected to
 * is checked (ssrf-guard.ts), and the receiver has `timeoutMs` to answer.
 */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  { allowPrivate, timeoutMs }: { allowPrivate: boolean; timeoutMs: number },
): Promise<PostOutcome> {
  const literal = literalAddressOf(url);
  if (literal && !allowPrivate && isPrivateAddress(literal)) {
    return Promise.resolve({ error: `${literal} is a private address; refused`, refused: true });
  }
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(allowPrivate) as unknown as http.RequestOptions['lookup'],
        timeout: timeoutMs,
        agent: false,
      },
      (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        const done = () => resolve({ status: response.statusCode ?? 0 });
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => {
      const refused = error instanceof SsrfRefusal || error.code === 'ESSRF';
      resolve({ error: refused ? error.message : `${error.code ? `${error.code}: ` : ''}${error.message}`, refused });
    });
    request.end(body);
  });
}
