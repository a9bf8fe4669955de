import { describe, expect, it } from 'vitest';
import { newId } from '../lib/ids.ts';
import { createTestApp } from '../../test/server/test-app.ts';

const OPERATOR = 'olga@ops.example';

/** An app with one operator (signed up in another case than configured) and one ordinary user. */
async function setup() {
  const t = createTestApp({ adminEmails: [OPERATOR] });
  const operator = await t.signUp('Olga@Ops.example', 'Olga Operator');
  const user = await t.signUp('ada@example.com', 'Ada Lovelace');
  /** Accounts written straight to the storage (sign-up is rate-limited to 10 per client). */
  const addAccounts = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const k = String(i).padStart(3, '0');
      await t.storage.users.create({
        id: newId(),
        email: `user${k}@example.org`,
        name: `User ${k}`,
        passwordHash: 'scrypt$x',
        createdAt: t.clock().toISOString(),
        features: { recording: false, backgroundBlur: false },
      });
    }
  };
  const features = (path: string, body: unknown, headers = operator.headers) => t.json('PATCH', path, body, headers);
  return { ...t, operator, user, addAccounts, features };
}

describe('operator API: who may use it', () => {
  it('answers 401 when signed out and 403 to any other user, and changes nothing', async () => {
    const t = await setup();
    const before = await t.storage.dump();
    const calls = [
      ['GET', '/api/admin/accounts'],
      ['GET', '/api/admin/accounts?search=ada'],
      ['PATCH', `/api/admin/accounts/${t.user.user.id}/features`, { recording: true }],
      ['PATCH', `/api/admin/accounts/${t.operator.user.id}/features`, { recording: true }],
      ['PATCH', `/api/admin/accounts/${t.user.user.id}/features`, { recording: 'not even valid' }],
      ['GET', '/api/admin/audit'],
    ] as const;
    for (const [method, path, body] of calls) {
      const signedOut = await t.json(method, path, body);
      expect(signedOut.status, `${method} ${path} signed out`).toBe(401);
      const asUser = await t.json(method, path, body, t.user.headers);
      expect(asUser.status, `${method} ${path} as a user`).toBe(403);
      expect((await asUser.json()).error).toEqual({ code: 'forbidden', message: expect.stringMatching(/only operators/) });
    }
    expect(await t.storage.dump()).toEqual(before);
  });

  it('works for an operator signed in with a bearer token too', async () => {
    const t = await setup();
    const signIn = await t.json('POST', '/api/auth/signin', { email: OPERATOR, password: 'correct horse battery', wantToken: true });
    const { token } = await signIn.json();
    expect((await t.json('GET', '/api/admin/accounts', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
  });
});

describe('operator API: accounts', () => {
  it('lists accounts by email with id, name, email, created and features, never a password hash', async () => {
    const t = await setup();
    const res = await t.json('GET', '/api/admin/accounts', undefined, t.operator.headers);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      accounts: [
        {
          id: t.user.user.id,
          email: 'ada@example.com',
          name: 'Ada Lovelace',
          createdAt: '2026-11-25T10:00:00.000Z',
          features: { recording: false, backgroundBlur: false },
          operator: false,
        },
        {
          id: t.operator.user.id,
          email: OPERATOR,
          name: 'Olga Operator',
          createdAt: '2026-11-25T10:00:00.000Z',
          features: { recording: false, backgroundBlur: false },
          operator: true,
        },
      ],
      total: 2,
      offset: 0,
      limit: 25,
    });
    expect(JSON.stringify(body)).not.toMatch(/scrypt|passwordHash/);
  });

  it('pages (offset, limit up to 100) and searches email or name', async () => {
    const t = await setup();
    await t.addAccounts(120);
    const page = async (query: string) => (await t.json('GET', `/api/admin/accounts${query}`, undefined, t.operator.headers)).json();
    const first = await page('');
    expect(first.accounts).toHaveLength(25);
    expect(first.total).toBe(122);
    const big = await page('?limit=100&offset=20');
    expect(big.accounts).toHaveLength(100);
    expect(big.accounts[0].email).toBe('user018@example.org'); // ada, olga, then user000…
    expect((await page('?offset=120&limit=10')).accounts.map((a: { email: string }) => a.email)).toEqual([
      'user118@example.org',
      'user119@example.org',
    ]);
    expect((await page('?offset=500')).accounts).toEqual([]);
    const found = await page('?search=USER10');
    expect(found.total).toBe(10);
    expect(found.accounts[0].email).toBe('user100@example.org');
    expect((await page(`?search=${encodeURIComponent(' lovelace ')}`)).accounts.map((a: { email: string }) => a.email)).toEqual([
      'ada@example.com',
    ]);
    expect((await page('?search=nobody-at-all')).accounts).toEqual([]);
  });

  it.each([
    ['?limit=101', /limit must be at most 100/],
    ['?limit=0', /limit must be at least 1/],
    ['?limit=ten', /limit must be a whole number/],
    ['?offset=-1', /offset must be a whole number/],
    ['?offset=1&offset=2', /offset/],
    [`?search=${'x'.repeat(255)}`, /search must be at most 254/],
  ])('refuses the query %s (400 with a message)', async (query, message) => {
    const t = await setup();
    const res = await t.json('GET', `/api/admin/accounts${query}`, undefined, t.operator.headers);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
  });
});

describe('operator API: switching', () => {
  it('switches an add-on and a beta; the user sees it at once, and each change writes an audit line naming the operator', async () => {
    const t = await setup();
    const path = `/api/admin/accounts/${t.user.user.id}/features`;
    const on = await t.features(path, { recording: true });
    expect(on.status).toBe(200);
    const body = await on.json();
    expect(body.account).toMatchObject({ id: t.user.user.id, features: { recording: true, backgroundBlur: false } });
    expect(body.audit).toEqual([
      {
        id: expect.any(String),
        at: '2026-11-25T10:00:00.000Z',
        actor: OPERATOR,
        accountId: t.user.user.id,
        accountEmail: 'ada@example.com',
        change: { feature: 'recording', from: false, to: true },
      },
    ]);
    const me = await (await t.json('GET', '/api/auth/me', undefined, t.user.headers)).json();
    expect(me.user.features).toEqual({ recording: true, backgroundBlur: false });

    await t.features(path, { backgroundBlur: true, recording: true }); // recording already on: one line, for blur
    await t.features(path, { recording: false });
    const audit = await (await t.json('GET', '/api/admin/audit', undefined, t.operator.headers)).json();
    expect(audit.total).toBe(3);
    expect(audit.entries.map((e: { change: unknown }) => e.change)).toEqual([
      { feature: 'recording', from: true, to: false },
      { feature: 'backgroundBlur', from: false, to: true },
      { feature: 'recording', from: false, to: true },
    ]);
    expect(new Set(audit.entries.map((e: { actor: string }) => e.actor))).toEqual(new Set([OPERATOR]));
    const older = await (await t.json('GET', '/api/admin/audit?offset=1&limit=1', undefined, t.operator.headers)).json();
    expect(older).toMatchObject({ total: 3, offset: 1, limit: 1, entries: [{ change: { feature: 'backgroundBlur' } }] });
    expect((await t.storage.dump()).audit).toHaveLength(3);
  });

  it('answers 404 for an unknown account, and changes nothing', async () => {
    const t = await setup();
    const before = await t.storage.dump();
    for (const id of [newId(), 'x', 'not%20an%20id', 'a'.repeat(65)]) {
      const res = await t.features(`/api/admin/accounts/${id}/features`, { recording: true });
      expect(res.status, id).toBe(404);
      expect((await res.json()).error.message).toBe('account not found');
    }
    expect(await t.storage.dump()).toEqual(before);
  });

  it.each([
    [{}, /name at least one of recording, backgroundBlur/],
    [{ recording: 'yes' }, /recording must be true or false/],
    [{ backgroundBlur: 1 }, /backgroundBlur must be true or false/],
    [{ recording: true, admin: true }, /admin/],
    [[true], /invalid body/],
    ['{"recording": tru', /malformed|JSON|invalid/i],
  ])('refuses the body %j (400 with a message), and changes nothing', async (body, message) => {
    const t = await setup();
    const before = await t.storage.dump();
    const res = await t.features(`/api/admin/accounts/${t.user.user.id}/features`, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
    expect(await t.storage.dump()).toEqual(before);
  });
});
