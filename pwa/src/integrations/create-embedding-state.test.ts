import { describe, expect, it } from 'vitest';
import { apiError, createFakeFetch } from '../../../test/pwa/fake-fetch.ts';
import { apiRequest } from '../api/api-client.ts';
import { createEmbeddingState } from './create-embedding-state.ts';

function setup(start: string[] = []) {
  let origins = start;
  const api = createFakeFetch({
    'GET /api/auth/embedding': () => ({ json: { origins } }),
    'PUT /api/auth/embedding': (r) => {
      origins = (r.body as { origins: string[] }).origins;
      return { json: { origins } };
    },
  });
  const state = createEmbeddingState({
    request: (method, p, schema, options) => apiRequest(method, p, schema, { ...options, fetch: api.fetch }),
  });
  return { api, state };
}

describe('the embedding section', () => {
  it('adds an origin (trimmed) to the list and removes one, putting the whole list each time', async () => {
    const { api, state } = setup(['https://a.example.com']);
    await state.load();
    expect(state.origins.value).toEqual(['https://a.example.com']);
    expect(await state.add('  https://crm.example.com ')).toBe(true);
    expect(state.origins.value).toEqual(['https://a.example.com', 'https://crm.example.com']);
    await state.remove('https://a.example.com');
    expect(api.to('PUT /api/auth/embedding').map((r) => r.body)).toEqual([
      { origins: ['https://a.example.com', 'https://crm.example.com'] },
      { origins: ['https://crm.example.com'] },
    ]);
    expect(state.origins.value).toEqual(['https://crm.example.com']);
  });

  it("keeps the list and shows the server's message when it refuses an origin", async () => {
    const { api, state } = setup();
    await state.load();
    const message = 'invalid body: origins.0: an origin is a scheme, a host and a port if any, like https://crm.example.com';
    api.routes['PUT /api/auth/embedding'] = () => apiError(400, 'validation_failed', message);
    expect(await state.add('crm.example.com/path')).toBe(false);
    expect(state.problem.value).toBe(message);
    expect(state.origins.value).toEqual([]);
  });
});
