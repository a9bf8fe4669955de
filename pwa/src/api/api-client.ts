import * as v from 'valibot';
import { ApiErrorBodySchema } from '../../../shared/api/errors.ts';
import { errorText } from './error-text.ts';

/**
 * An error answer of our API, or a network failure (status 0). `message` is for the reader, in the
 * page's language: the text of `errors.<code>` (error-text.ts); `serverMessage` is what the server said.
 */
export class ApiClientError extends Error {
  readonly status: number;
  readonly code: string;
  readonly serverMessage: string;
  constructor(status: number, code: string, serverMessage: string) {
    super(errorText(code, serverMessage));
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
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
    throw new ApiClientError(0, 'network', '');
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
    throw new ApiClientError(res.status, 'http', String(res.status));
  }
  if (!schema) return json as T;
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) throw new ApiClientError(res.status, 'bad_response', '');
  return parsed.output;
}
