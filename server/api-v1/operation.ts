import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import type { ApiScope } from '../../shared/api/api-keys.ts';
import { ErrorCode } from '../../shared/api/errors.ts';
import { ApiError, notFound } from '../lib/api-error.ts';
import { describeIssues } from '../lib/validate.ts';
import { requireScope } from './v1-auth.ts';
import type { V1Env } from './v1-env.ts';

type Schema = v.GenericSchema;
type Out<S> = S extends Schema ? v.InferOutput<S> : undefined;

/** One answer an operation documents: a JSON body (`schema`), another type (`mediaType`), or none. */
export interface ResponseDoc {
  description: string;
  schema?: Schema;
  mediaType?: string;
}

/**
 * One operation of the public API, described once: the route is mounted from it (scope checked,
 * path, query and body parsed with its schemas before the handler runs) and the OpenAPI document
 * is generated from it (openapi.ts), so the two cannot drift apart.
 */
export interface Operation<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
> {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** OpenAPI style: `/meetings/{meetingId}`. */
  path: `/${string}`;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** The scope a key needs; without it: 403 before anything is read or changed. */
  scope: ApiScope;
  /** An object schema of the path's parameters; a value that does not fit is a 404. */
  params?: P;
  /** An object schema of the query's parameters (strings in, as sent); a value that does not fit is a 400. */
  query?: Q;
  /** The JSON body; one that does not fit is a 400 naming the fields. */
  body?: B;
  responses: Record<number, ResponseDoc>;
  /** Error answers beyond those every operation may give (400 with input, 401, 403, 404 with a path, 429). */
  errors?: (404 | 409)[];
  handle(c: Context<V1Env>, input: { params: Out<P>; query: Out<Q>; body: Out<B> }): Promise<Response>;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of operations holds every kind of input.
export type AnyOperation = Operation<any, any, any>;

/** Checks an operation's handler against its own schemas, then lets it into a list with the others. */
export const operation = <P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>(
  op: Operation<P, Q, B>,
): AnyOperation => op;

/** `/meetings/{meetingId}` → `/meetings/:meetingId`. */
export const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError(ErrorCode.UnsupportedMediaType, 'send the body as JSON (Content-Type: application/json)');
  }
  try {
    return await c.req.json();
  } catch {
    throw new ApiError(ErrorCode.BadRequest, 'the body is not valid JSON');
  }
}

/** Mounts every operation on `router`, each behind its scope and its schemas. */
export function mountOperations(router: Hono<V1Env>, operations: readonly AnyOperation[]) {
  for (const op of operations) {
    router.on(op.method.toUpperCase(), honoPath(op.path), requireScope(op.scope), async (c) => {
      const params = op.params ? v.safeParse(op.params, c.req.param()) : null;
      if (params && !params.success) throw notFound(describeIssues('path', params.issues).replace(/^invalid path: /, ''));
      const query = op.query ? v.safeParse(op.query, c.req.query()) : null;
      if (query && !query.success) throw new ApiError(ErrorCode.ValidationFailed, describeIssues('query', query.issues));
      const body = op.body ? v.safeParse(op.body, await readJson(c)) : null;
      if (body && !body.success) throw new ApiError(ErrorCode.ValidationFailed, describeIssues('json', body.issues));
      return op.handle(c, { params: params?.output, query: query?.output, body: body?.output });
    });
  }
  return router;
}
