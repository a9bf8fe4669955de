import { describe, expect, it } from 'vitest';
import { LIMITS as AUTH_LIMITS } from '../limits/limits.ts';
import { createTestApp, TEST_PASSWORD } from '../../test/server/test-app.ts';

describe('auth API', () => {
  it('signs up with a hashed password and an HttpOnly SameSite cookie', async () => {
    const { json, storage } = createTestApp();
    const res = await json('POST', '/api/auth/signup', { email: ' Ada@Example.com ', password: TEST_PASSWORD, name: 'Ada' });
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http here
    const { user } = await res.json();
    expect(user).toEqual({
      id: expect.any(String),
      email: 'ada@example.com',
      name: 'Ada',
      features: { backgroundBlur: false, recording: false },
      operator: false,
    });
    const stored = (await storage.dump()).users[0]!;
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain(TEST_PASSWORD);
    expect((await storage.dump()).sessions[0]!.tokenHash).not.toBe(cookie.split(';')[0]!.slice(4));
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const { app } = createTestApp();
    const res = await app.request('https://meet.example.com/api/auth/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com', password: TEST_PASSWORD, name: 'A' }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('signs in, tells who is signed in, and signs out', async () => {
    const { json, signUp } = createTestApp();
    await signUp('ada@example.com', 'Ada');
    const wrong = await json('POST', '/api/auth/signin', { email: 'ada@example.com', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).toBe('wrong email or password');
    const unknown = await json('POST', '/api/auth/signin', { email: 'nobody@example.com', password: TEST_PASSWORD });
    expect(unknown.status).toBe(401);
    const ok = await json('POST', '/api/auth/signin', { email: 'ADA@example.com', password: TEST_PASSWORD });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    const me = await json('GET', '/api/auth/me', undefined, { cookie });
    expect((await me.json()).user.name).toBe('Ada');
    expect((await json('POST', '/api/auth/signout', undefined, { cookie })).status).toBe(204);
    expect((await json('GET', '/api/auth/me', undefined, { cookie })).status).toBe(401);
  });

  it('hands a bearer token to API clients that ask for one', async () => {
    const { json, signUp } = createTestApp();
    await signUp('ada@example.com', 'Ada');
    const res = await json('POST', '/api/auth/signin', { email: 'ada@example.com', password: TEST_PASSWORD, wantToken: true });
    const { token } = await res.json();
    expect(typeof token).toBe('string');
    const me = await json('GET', '/api/auth/me', undefined, { authorization: `Bearer ${token}` });
    expect(me.status).toBe(200);
    expect((await json('GET', '/api/auth/me', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it.each([
    [{ email: 'not-an-email', password: TEST_PASSWORD, name: 'A' }, /email/],
    [{ email: 'a@example.com', password: 'short', name: 'A' }, /at least 8/],
    [{ email: 'a@example.com', password: TEST_PASSWORD, name: '' }, /name/],
    [{ email: 'a@example.com', password: TEST_PASSWORD }, /name/],
  ])('rejects a bad sign-up %j', async (body, message) => {
    const { json, storage } = createTestApp();
    const res = await json('POST', '/api/auth/signup', body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
    expect((await storage.dump()).users).toEqual([]);
  });

  it('refuses a second account with the same email', async () => {
    const { json, signUp } = createTestApp();
    await signUp('ada@example.com');
    const res = await json('POST', '/api/auth/signup', { email: 'ada@example.com', password: TEST_PASSWORD, name: 'X' });
    expect(res.status).toBe(409);
  });

  it('counts wrong passwords per account: the 11th try at one account waits, others do not', async () => {
    const { json, signUp } = createTestApp();
    await signUp('ada@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_LIMITS.failedSignInsPerAccount.max + 1; i++) {
      statuses.push((await json('POST', '/api/auth/signin', { email: 'ada@example.com', password: 'whatever1' })).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    const locked = await json('POST', '/api/auth/signin', { email: 'ada@example.com', password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    await signUp('bob@example.com', 'Bob');
    expect((await json('POST', '/api/auth/signin', { email: 'bob@example.com', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('counts wrong passwords per address across accounts', async () => {
    const { json } = createTestApp();
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_LIMITS.failedSignInsPerIp.max + 1; i++) {
      statuses.push((await json('POST', '/api/auth/signin', { email: `x${i}@example.com`, password: 'whatever1' })).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('never locks out an office whose people sign in right, many times, from one address', async () => {
    const { json, signUp } = createTestApp();
    await signUp('ada@example.com');
    // More right sign-ins than either limit on wrong ones allows (each is a real scrypt: give it time).
    for (let i = 0; i <= AUTH_LIMITS.failedSignInsPerIp.max; i++) {
      expect((await json('POST', '/api/auth/signin', { email: 'ada@example.com', password: TEST_PASSWORD })).status).toBe(200);
    }
  }, 60_000);

  it('limits new accounts per address', async () => {
    const { json } = createTestApp();
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_LIMITS.signUpsPerIp.max + 1; i++) {
      statuses.push((await json('POST', '/api/auth/signup', { email: `new${i}@example.com`, password: TEST_PASSWORD, name: 'N' })).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('no longer lets users switch their own add-ons and betas (403 with a message; nothing changes)', async () => {
    const { json, signUp, storage } = createTestApp();
    const { headers } = await signUp();
    const before = await storage.dump();
    for (const body of [{ backgroundBlur: true }, { recording: true }, { recording: 'yes' }, {}]) {
      const res = await json('PATCH', '/api/auth/features', body, headers);
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toMatch(/administrator/);
    }
    expect((await json('PATCH', '/api/auth/features', { recording: true })).status).toBe(401);
    expect(await storage.dump()).toEqual(before);
    expect((await (await json('GET', '/api/auth/me', undefined, headers)).json()).user.features).toEqual({
      backgroundBlur: false,
      recording: false,
    });
  });

  it('gives new accounts the NEW_ACCOUNT_FEATURES', async () => {
    const { signUp, storage } = createTestApp({ newAccountFeatures: { recording: true, backgroundBlur: false } });
    const { user } = await signUp('ada@example.com', 'Ada');
    expect(user.features).toEqual({ recording: true, backgroundBlur: false });
    expect((await storage.dump()).users[0]!.features).toEqual({ recording: true, backgroundBlur: false });
    // Defaults are not changes: no audit line.
    expect((await storage.dump()).audit).toEqual([]);
  });

  it('says who is an operator (ADMIN_EMAILS, any case) in /me and the sign-up and sign-in answers', async () => {
    const { json, signUp } = createTestApp({ adminEmails: ['olga@example.com'] });
    const olga = await signUp('Olga@Example.com', 'Olga');
    expect(olga.user.operator).toBe(true);
    const ada = await signUp('ada@example.com', 'Ada');
    expect(ada.user.operator).toBe(false);
    expect((await (await json('GET', '/api/auth/me', undefined, olga.headers)).json()).user.operator).toBe(true);
    expect((await (await json('GET', '/api/auth/me', undefined, ada.headers)).json()).user.operator).toBe(false);
    const signIn = await json('POST', '/api/auth/signin', { email: 'olga@example.com', password: TEST_PASSWORD });
    expect((await signIn.json()).user.operator).toBe(true);
  });
});
