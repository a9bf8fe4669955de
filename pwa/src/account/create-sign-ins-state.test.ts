import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSessionState } from './create-session-state.ts';
import { createSignInsState } from './create-sign-ins-state.ts';

const SESSIONS = [
  { id: 'a1', createdAt: '2026-11-25T10:00:00.000Z', expiresAt: '2026-12-25T10:00:00.000Z', current: true },
  { id: 'b2', createdAt: '2026-11-20T10:00:00.000Z', expiresAt: '2026-12-20T10:00:00.000Z', current: false },
];

function server(answers: Record<string, () => Response>) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const key = `${init?.method ?? 'GET'} ${url}`;
    calls.push(key);
    const answer = answers[key];
    if (!answer) throw new TypeError('Failed to fetch');
    return answer();
  });
  return calls;
}
const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('the account page’s sign-ins', () => {
  it('lists the sessions, then signs out everywhere and leaves the user signed out', async () => {
    const calls = server({
      'GET /api/auth/me': json({
        user: { id: 'u', email: 'a@example.com', name: 'Ann', features: { backgroundBlur: false, recording: false }, operator: false },
      }),
      'GET /api/auth/sessions': json({ sessions: SESSIONS }),
      'DELETE /api/auth/sessions': json({ signedOut: 2 }),
    });
    const session = createSessionState();
    await session.refresh();
    const state = createSignInsState(session);
    await state.load();
    expect(state.sessions.value).toEqual(SESSIONS);
    await state.signOutEverywhere();
    expect(calls).toContain('DELETE /api/auth/sessions');
    expect(session.user.value).toBeNull();
    expect(state.sessions.value).toEqual([]);
    expect(state.busy.value).toBe(false);
  });

  it('says so when the server cannot be reached, and stays signed in when signing out failed', async () => {
    server({
      'GET /api/auth/me': json({
        user: { id: 'u', email: 'a@example.com', name: 'Ann', features: { backgroundBlur: false, recording: false }, operator: false },
      }),
    });
    const session = createSessionState();
    await session.refresh();
    const state = createSignInsState(session);
    await state.load();
    expect(state.problem.value).toMatch(/cannot be reached/);
    await state.signOutEverywhere();
    expect(session.user.value).not.toBeNull();
    expect(state.problem.value).toMatch(/cannot be reached/);
  });
});
