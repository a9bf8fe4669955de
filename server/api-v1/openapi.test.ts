import { describe, expect, it } from 'vitest';
import { API_SCOPES } from '../../shared/api/api-keys.ts';
import { createApiWorld } from '../../test/server/api-v1-world.ts';
import { type OpenApiDoc, schemaValidator } from '../../test/server/openapi-conformance.ts';
import { honoPath } from './operation.ts';

const t = await createApiWorld();
const res = await t.call(null, 'GET', '/openapi.json');
const doc = (await res.json()) as OpenApiDoc;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.keys(ops).map((method) => `${method.toUpperCase()} /api/v1${honoPath(path)}`),
);
/** What the app really answers under /api/v1 (middleware excepted). */
const mounted = t.app.routes
  .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL' && r.path !== '/api/v1/openapi.json')
  .map((r) => `${r.method} ${r.path}`);

describe('the OpenAPI document at /api/v1/openapi.json', () => {
  it('is served to anyone, as JSON, in OpenAPI 3.1', () => {
    expect(res.status).toBe(200);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('documents every route the server mounts under /api/v1, and nothing it does not', () => {
    expect(documented.length).toBeGreaterThan(10);
    expect([...new Set(mounted)].sort()).toEqual([...documented].sort());
  });

  it('names each operation once, with a known scope, its path parameters and its answers', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const [path, ops] of Object.entries(doc.paths)) {
      const inTemplate = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(ops)) {
        expect(METHODS).toContain(method);
        const declared = op.parameters.filter((p) => p.in === 'path');
        expect(declared.map((p) => p.name).sort(), `${op.operationId}'s path parameters`).toEqual(inTemplate);
        expect(declared.every((p) => p.required)).toBe(true);
        expect(API_SCOPES).toContain((op as unknown as { 'x-scope': string })['x-scope']);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
        expect(Object.keys(op.responses).some((s) => s.startsWith('2'))).toBe(true);
      }
    }
  });

  it('holds only valid JSON Schemas (2020-12), and every reference resolves', () => {
    const validator = schemaValidator(doc);
    const schemas: unknown[] = [];
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        schemas.push(...op.parameters.map((p) => p.schema));
        if (op.requestBody) schemas.push(...Object.values(op.requestBody.content).map((c) => c.schema));
        for (const answer of Object.values(op.responses)) {
          if (answer.$ref) expect(doc.components.responses[answer.$ref.replace('#/components/responses/', '')]).toBeDefined();
          schemas.push(...Object.values(answer.content ?? {}).map((c) => c.schema));
        }
      }
    }
    for (const schema of schemas) expect(() => validator.compile(schema)).not.toThrow();
    for (const answer of Object.values(doc.components.responses))
      expect(() =>
        validator.compile((answer as { content: { 'application/json': { schema: unknown } } }).content['application/json'].schema),
      ).not.toThrow();
  });

  it('describes the bodies with the limits the server enforces', () => {
    const create = doc.paths['/meetings']!.post!.requestBody!.content['application/json']!.schema as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(create.required.sort()).toEqual(['durationMinutes', 'startsAt', 'title']);
    expect(create.properties.durationMinutes).toMatchObject({ type: 'integer', minimum: 1, maximum: 1440 });
    expect(create.properties.startsAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(create.additionalProperties).toBe(false);
    const list = doc.paths['/meetings']!.get!.parameters;
    expect(list.map((p) => [p.name, p.in, p.required])).toEqual(
      expect.arrayContaining([
        ['limit', 'query', false],
        ['from', 'query', false],
      ]),
    );
  });
});
