import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { API_SCOPES } from '../../shared/api/api-keys.ts';
import { ApiErrorBodySchema } from '../../shared/api/errors.ts';
import type { AnyOperation } from './operation.ts';

type JsonSchema = Record<string, unknown>;

/**
 * The schemas as JSON Schema 2020-12 (OpenAPI 3.1's dialect). Query values are text, so a pipe is
 * described up to its first transformation (`typeMode: 'input'`); checks JSON Schema cannot say
 * (a known time zone, scopes that do not repeat) are left to the server's answer.
 */
export function jsonSchemaOf(schema: v.GenericSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = toJsonSchema(schema, {
    target: 'draft-2020-12',
    errorMode: 'ignore',
    typeMode: 'input',
  }) as JsonSchema;
  return rest;
}

const ERRORS: Record<number, string> = {
  400: 'Invalid input: `{ error: { code, message } }` says which field and why',
  401: 'No API key, or an unknown or revoked one',
  403: 'The key lacks the scope this needs, or acts for another account',
  404: 'No such meeting (or not one this key reaches), account, invitation or recording',
  409: 'Not now: the recording is still running',
  413: 'The body is larger than 64 KiB',
  429: "Over the key's rate limit; `Retry-After` says when to come back",
};

/** `{meetingId}`-style parameters of an object schema, in the path or the query. */
function parametersOf(schema: v.GenericSchema | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

function responsesOf(op: AnyOperation) {
  const responses: Record<string, unknown> = {};
  for (const [status, doc] of Object.entries(op.responses)) {
    const content = doc.schema
      ? { 'application/json': { schema: jsonSchemaOf(doc.schema) } }
      : doc.mediaType
        ? { [doc.mediaType]: { schema: { type: 'string', contentMediaType: doc.mediaType } } }
        : undefined;
    responses[status] = { description: doc.description, ...(content ? { content } : {}) };
  }
  const errors = new Set([
    ...(op.body || op.query ? [400] : []),
    401,
    403,
    ...(op.params ? [404] : []),
    ...(op.errors ?? []),
    ...(op.body ? [413] : []),
    429,
  ]);
  for (const status of errors) responses[status] = { $ref: `#/components/responses/E${status}` };
  return responses;
}

/** The OpenAPI 3.1 document of `/api/v1`, generated from the operations the server mounts. */
export function openApiDocument(operations: readonly AnyOperation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      security: [{ apiKey: [op.scope] }],
      'x-scope': op.scope,
      parameters: [...parametersOf(op.params, 'path'), ...parametersOf(op.query, 'query')],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(op.body) } } } } : {}),
      responses: responsesOf(op),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Meeting room API',
      version: '1',
      description:
        'Create meetings, invite guests, follow calls and fetch recordings. Every request carries an API key ' +
        '(`Authorization: Bearer mrk_…`) made on the account page, with the scopes it needs. Errors are ' +
        '`{ "error": { "code", "message" } }`. Webhooks: see docs/api.md.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: `An API key. Scopes: ${API_SCOPES.join(', ')}.` },
      },
      schemas: { Error: jsonSchemaOf(ApiErrorBodySchema) },
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([status, description]) => [
          `E${status}`,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
    paths,
  };
}
