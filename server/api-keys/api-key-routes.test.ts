import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_KEYS_MAX } from '../../shared/api/api-keys.ts';
import { createTestApp } from '../../test/server/test-app.ts';

const OPERATOR = 'ops@example.com';
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

describe('API keys of an account (/api/auth/api-keys)', () => {
  it('makes a named key with scopes, shows it once and stores only its hash', async () => {
    const t = createTestApp();
    const { headers } = await t.signUp();
    const res = await t.json('POST', '/api/auth/api-keys', { name: 'CRM', scopes: ['meetings:read', 'invites:write'] }, headers);
    expect(res.status).toBe(201);
    const { apiKey, key } = await res.json();
    expect(key).toMatch(/^mrk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toEqual({
      id: expect.any(String),
      name: 'CRM',
      prefix: key.slice(0, 12),
      scopes: ['meetings:read', 'invites:write'],
      createdAt: '2026-11-25T10:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    });
    const dump = await t.storage.dump();
    expect(dump.apiKeys.map((k) => k.keyHash)).toEqual([sha256(key)]);
    expect(JSON.stringify(dump)).not.toContain(key);

    const list = await (await t.json('GET', '/api/auth/api-keys', undefined, headers)).json();
    expect(list).toEqual({ keys: [apiKey] });
    expect(JSON.stringify(list)).not.toContain(key);
  });

  it('revokes a key: it stays listed with the time, and only its owner can revoke it', async () => {
    const t = createTestApp();
    const ada = await t.signUp('ada@example.com');
    const bob = await t.signUp('bob@example.com');
    const { apiKey } = await (await t.json('POST', '/api/auth/api-keys', { name: 'k', scopes: ['meetings:read'] }, ada.headers)).json();
    expect((await t.json('DELETE', `/api/auth/api-keys/${apiKey.id}`, undefined, bob.headers)).status).toBe(404);
    expect((await t.json('DELETE', `/api/auth/api-keys/${apiKey.id}`, undefined, ada.headers)).status).toBe(204);
    expect((await t.json('DELETE', `/api/auth/api-keys/${apiKey.id}`, undefined, ada.headers)).status).toBe(404);
    const { keys } = await (await t.json('GET', '/api/auth/api-keys', undefined, ada.headers)).json();
    expect(keys.map((k: { revokedAt: string | null }) => k.revokedAt)).toEqual(['2026-11-25T10:00:00.000Z']);
    expect(await (await t.json('GET', '/api/auth/api-keys', undefined, bob.headers)).json()).toEqual({ keys: [] });
  });

  it.each([
    [{ name: '', scopes: ['meetings:read'] }, /name must not be empty/],
    [{ name: 'k', scopes: [] }, /at least one scope/],
    [{ name: 'k', scopes: ['meetings:admin'] }, /a scope is one of meetings:read/],
    [{ name: 'k', scopes: ['meetings:read', 'meetings:read'] }, /must not repeat/],
    [{ name: 'k' }, /scopes/],
    [{ name: 'k', scopes: ['meetings:read'], extra: 1 }, /extra/],
  ])('refuses %j with a 400 that says why, writing nothing', async (body, message) => {
    const t = createTestApp();
    const { headers } = await t.signUp();
    const res = await t.json('POST', '/api/auth/api-keys', body, headers);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
    expect((await t.storage.dump()).apiKeys).toEqual([]);
  });

  it(`holds at most ${API_KEYS_MAX} keys in use (409), revoked ones not counted`, async () => {
    const t = createTestApp();
    const { headers } = await t.signUp();
    const ids: string[] = [];
    for (let i = 0; i < API_KEYS_MAX; i++) {
      ids.push(
        (await (await t.json('POST', '/api/auth/api-keys', { name: `k${i}`, scopes: ['meetings:read'] }, headers)).json()).apiKey.id,
      );
    }
    const over = await t.json('POST', '/api/auth/api-keys', { name: 'one more', scopes: ['meetings:read'] }, headers);
    expect(over.status).toBe(409);
    await t.json('DELETE', `/api/auth/api-keys/${ids[0]}`, undefined, headers);
    expect((await t.json('POST', '/api/auth/api-keys', { name: 'one more', scopes: ['meetings:read'] }, headers)).status).toBe(201);
  });

  it('is for a signed-in user only: signed out 401, and a key cannot make keys', async () => {
    const t = createTestApp();
    const { headers } = await t.signUp();
    const { key } = await (await t.json('POST', '/api/auth/api-keys', { name: 'k', scopes: ['meetings:write'] }, headers)).json();
    expect((await t.json('GET', '/api/auth/api-keys')).status).toBe(401);
    expect((await t.json('POST', '/api/auth/api-keys', { name: 'x', scopes: ['meetings:read'] })).status).toBe(401);
    const withKey = { authorization: `Bearer ${key}` };
    expect((await t.json('GET', '/api/auth/api-keys', undefined, withKey)).status).toBe(401);
    expect((await t.json('POST', '/api/auth/api-keys', { name: 'x', scopes: ['meetings:read'] }, withKey)).status).toBe(401);
  });

  it('refuses a cookie request from another site (CSRF) before making a key', async () => {
    const t = createTestApp();
    const { headers } = await t.signUp();
    const res = await t.json(
      'POST',
      '/api/auth/api-keys',
      { name: 'k', scopes: ['meetings:read'] },
      { ...headers, 'sec-fetch-site': 'cross-site' },
    );
    expect(res.status).toBe(403);
    expect((await t.storage.dump()).apiKeys).toEqual([]);
  });
});

describe("the server's API keys (/api/admin/api-keys)", () => {
  it('are made and revoked by operators, apart from any account', async () => {
    const t = createTestApp({ adminEmails: [OPERATOR] });
    const ops = await t.signUp(OPERATOR, 'Olga Ops');
    const res = await t.json('POST', '/api/admin/api-keys', { name: 'Provisioning', scopes: ['meetings:write'] }, ops.headers);
    expect(res.status).toBe(201);
    const { apiKey } = await res.json();
    expect((await t.storage.dump()).apiKeys.map((k) => k.userId)).toEqual([null]);
    expect(await (await t.json('GET', '/api/auth/api-keys', undefined, ops.headers)).json()).toEqual({ keys: [] });
    expect((await (await t.json('GET', '/api/admin/api-keys', undefined, ops.headers)).json()).keys).toEqual([apiKey]);
    expect((await t.json('DELETE', `/api/auth/api-keys/${apiKey.id}`, undefined, ops.headers)).status).toBe(404);
    expect((await t.json('DELETE', `/api/admin/api-keys/${apiKey.id}`, undefined, ops.headers)).status).toBe(204);
  });

  it('are refused to other users (403) and the signed-out (401)', async () => {
    const t = createTestApp({ adminEmails: [OPERATOR] });
    const user = await t.signUp('someone@example.com');
    expect((await t.json('POST', '/api/admin/api-keys', { name: 'x', scopes: ['meetings:read'] }, user.headers)).status).toBe(403);
    expect((await t.json('GET', '/api/admin/api-keys', undefined, user.headers)).status).toBe(403);
    expect((await t.json('GET', '/api/admin/api-keys')).status).toBe(401);
    expect((await t.storage.dump()).apiKeys).toEqual([]);
  });
});
