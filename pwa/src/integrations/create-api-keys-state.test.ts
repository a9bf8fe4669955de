import { describe, expect, it } from 'vitest';
import { apiError, createFakeFetch } from '../../../test/pwa/fake-fetch.ts';
import type { ApiKey } from '../../../shared/api/api-keys.ts';
import { apiRequest } from '../api/api-client.ts';
import { createApiKeysState, SERVER_API_KEYS } from './create-api-keys-state.ts';

const KEY: ApiKey = {
  id: 'k1',
  name: 'CRM',
  prefix: 'mrk_abcdefgh',
  scopes: ['meetings:write'],
  createdAt: '2026-11-25T10:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};
const SECRET = `mrk_${'x'.repeat(43)}`;

function setup(base?: string) {
  const path = base ?? '/api/auth/api-keys';
  let keys: ApiKey[] = [];
  const api = createFakeFetch({
    [`GET ${path}`]: () => ({ json: { keys } }),
    [`POST ${path}`]: () => {
      keys = [KEY];
      return { status: 201, json: { apiKey: KEY, key: SECRET } };
    },
    [`DELETE ${path}/k1`]: () => {
      keys = [{ ...KEY, revokedAt: '2026-11-25T11:00:00.000Z' }];
      return { status: 204 };
    },
  });
  const copies: string[] = [];
  const state = createApiKeysState({
    base,
    request: (method, p, schema, options) => apiRequest(method, p, schema, { ...options, fetch: api.fetch }),
    copy: async (text) => copies.push(text) > 0,
  });
  return { api, state, copies };
}

describe('the API keys section', () => {
  it('makes a key, shows it once with Copy, and lists it; dismissing forgets the key', async () => {
    const { api, state, copies } = setup();
    await state.load();
    expect(state.keys.value).toEqual([]);
    expect(await state.create({ name: 'CRM', scopes: ['meetings:write'] })).toBe(true);
    expect(api.to('POST /api/auth/api-keys')[0]!.body).toEqual({ name: 'CRM', scopes: ['meetings:write'] });
    expect(state.created.item.value).toEqual({ apiKey: KEY, key: SECRET });
    expect(state.keys.value).toEqual([KEY]);
    await state.created.copy();
    expect(copies).toEqual([SECRET]);
    expect(state.created.copied.value).toBe(true);
    state.created.dismiss();
    expect(state.created.item.value).toBeNull();
    expect(state.created.copied.value).toBe(false);
  });

  it('revokes a key: it stays listed, revoked', async () => {
    const { state } = setup();
    await state.create({ name: 'CRM', scopes: ['meetings:write'] });
    await state.revoke('k1');
    expect(state.keys.value?.map((k) => k.revokedAt)).toEqual(['2026-11-25T11:00:00.000Z']);
    expect(state.busy.value).toBe(false);
  });

  it("works the server's keys the same at the operators' path", async () => {
    const { api, state } = setup(SERVER_API_KEYS);
    await state.create({ name: 'Provisioning', scopes: ['meetings:write'] });
    await state.revoke('k1');
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/admin/api-keys',
      'GET /api/admin/api-keys',
      'DELETE /api/admin/api-keys/k1',
      'GET /api/admin/api-keys',
    ]);
  });

  it("shows the server's refusal in its words, and what it is when the server cannot be reached", async () => {
    const { api, state } = setup();
    api.routes['POST /api/auth/api-keys'] = () => apiError(400, 'validation_failed', 'invalid body: name: name must not be empty');
    expect(await state.create({ name: '', scopes: ['meetings:read'] })).toBe(false);
    expect(state.problem.value).toBe('invalid body: name: name must not be empty');
    expect(state.created.item.value).toBeNull();
    api.routes['GET /api/auth/api-keys'] = () => 'network';
    await state.load();
    expect(state.problem.value).toMatch(/reach|connection|network/i);
  });
});
