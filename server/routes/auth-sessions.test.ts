import { describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD } from '../../test/server/test-app.ts';
import { hashToken } from '../auth/sessions.ts';

async function signIn(t: ReturnType<typeof createTestApp>, email: string) {
  const res = await t.json('POST', '/api/auth/signin', { email, password: TEST_PASSWORD });
  expect(res.status).toBe(200);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'sec-fetch-site': 'same-origin' };
}

describe('a user’s sessions', () => {
  it('lists the user’s own live sign-ins, newest first, marking this one, without any secret', async () => {
    const t = createTestApp();
    const first = await t.signUp('ann@example.com', 'Ann');
    const second = await signIn(t, 'ann@example.com');
    await t.signUp('bob@example.com', 'Bob');
    // One that expired yesterday is not listed (the sweep deletes it soon anyway).
    await t.storage.sessions.create({
      tokenHash: hashToken('old'),
      userId: first.user.id,
      createdAt: '2026-10-01T10:00:00.000Z',
      expiresAt: '2026-11-24T10:00:00.000Z',
    });
    const res = await t.json('GET', '/api/auth/sessions', undefined, second);
    expect(res.status).toBe(200);
    const { sessions } = await res.json();
    expect(sessions).toHaveLength(2);
    expect(sessions.map((s: { current: boolean }) => s.current)).toEqual([true, false]);
    expect(sessions[0]).toEqual({
      id: expect.any(String),
      createdAt: '2026-11-25T10:00:00.000Z',
      expiresAt: '2026-12-25T10:00:00.000Z',
      current: true,
    });
    const text = JSON.stringify(sessions);
    for (const s of (await t.storage.dump()).sessions) expect(text).not.toContain(s.tokenHash);
    expect(text).not.toContain(second.cookie.split('=')[1]!);
  });

  it('signs out everywhere: every session of this user goes (this one too), no one else’s', async () => {
    const t = createTestApp();
    const first = await t.signUp('ann@example.com', 'Ann');
    const second = await signIn(t, 'ann@example.com');
    const bob = await t.signUp('bob@example.com', 'Bob');
    const res = await t.json('DELETE', '/api/auth/sessions', undefined, second);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ signedOut: 2 });
    expect(res.headers.get('set-cookie')).toMatch(/^sid=;.*Max-Age=0/i);
    for (const headers of [first.headers, second]) expect((await t.json('GET', '/api/auth/me', undefined, headers)).status).toBe(401);
    expect((await t.json('GET', '/api/auth/me', undefined, bob.headers)).status).toBe(200);
  });

  it('refuses strangers (401) and a cross-site request (403)', async () => {
    const t = createTestApp();
    const ann = await t.signUp('ann@example.com', 'Ann');
    expect((await t.json('GET', '/api/auth/sessions')).status).toBe(401);
    expect((await t.json('DELETE', '/api/auth/sessions')).status).toBe(401);
    const crossSite = await t.app.request('/api/auth/sessions', {
      method: 'DELETE',
      headers: { cookie: ann.headers.cookie!, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect((await t.json('GET', '/api/auth/me', undefined, ann.headers)).status).toBe(200);
  });
});
