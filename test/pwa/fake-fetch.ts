/**
 * Test double (tests only): `fetch` answered by routes the test writes, with every request
 * kept (method, path, headers, parsed JSON body or the Blob sent) so a test can check what
 * the page sent. A route answers `{ status, json }`, `'network'` (the fetch rejects as a
 * browser's does when the server cannot be reached), or a promise of either.
 */
export interface FakeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Parsed JSON, a Blob, or undefined. */
  body: unknown;
  keepalive: boolean;
}

export type FakeAnswer = { status?: number; json?: unknown } | 'network';
export type FakeRoute = (request: FakeRequest) => FakeAnswer | Promise<FakeAnswer>;

/** `routes['POST /api/x']` answers that method and path; anything else is a 404. */
export function createFakeFetch(routes: Record<string, FakeRoute> = {}) {
  const requests: FakeRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    const request: FakeRequest = {
      method,
      url,
      headers: { ...(init.headers as Record<string, string> | undefined) },
      body,
      keepalive: init.keepalive === true,
    };
    requests.push(request);
    const route = routes[`${method} ${url}`];
    const answer: FakeAnswer = route
      ? await route(request)
      : { status: 404, json: { error: { code: 'not_found', message: 'no such route' } } };
    if (answer === 'network') throw new TypeError('Failed to fetch');
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.json ?? {}), { status });
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    routes,
    requests,
    /** The requests to one method and path. */
    to: (key: string) => requests.filter((r) => `${r.method} ${r.url}` === key),
  };
}

/** An error answer as our API gives it. */
export const apiError = (status: number, code: string, message = code): FakeAnswer => ({ status, json: { error: { code, message } } });
