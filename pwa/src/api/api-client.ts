import * as v from 'valibot';
import { ApiErrorBodySchema } from '../../../shared/api/errors.ts';

/** An error answer of our API, or a network failure (status 0). */
export class ApiClientError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  keepalive?: boolean;
  /** The fetch to call: the browser's unless a test passes a fake server. */
  fetch?: typeof fetch;
}

/** Calls our JSON API; parses the answer with `schema` when given, and errors into ApiClientError. */
export async function apiRequest<T = unknown>(
  method: string,
  path: string,
  schema?: v.GenericSchema<unknown, T>,
  options: RequestOptions = {},
): Promise<T> {
  let res: Response;
  try {
    const init: RequestInit = {
      method,
      headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
      keepalive: options.keepalive,
    };
    res = await (options.fetch ? options.fetch(path, init) : fetch(path, init));
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiClientError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const parsed = v.safeParse(ApiErrorBodySchema, json);
    if (parsed.success) throw new ApiClientError(res.status, parsed.output.error.code, parsed.output.error.message);
    throw new ApiClientError(res.status, 'http', `The server answered ${res.status}.`);
  }
  if (!schema) return json as T;
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) throw new ApiClientError(res.status, 'bad_response', 'The server sent an unexpected answer.');
  return parsed.output;
}
