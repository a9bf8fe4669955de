import { describe, expect, it, vi } from 'vitest';
import { createTestApp, TEST_PASSWORD } from '../../../test/server/test-app.ts';
import { createAuthService } from '../auth/auth-service.ts';
import { calendarHealthNotice } from '../calendar-health/calendar-health.ts';
import { createPopupState } from '../popup/create-popup-state.ts';
import { createMeetingsService } from '../meetings/meetings-service.ts';
import { sendMessage } from '../messaging/protocol.ts';
import { sessionItem, serverOriginItem } from '../storage/items.ts';
import { createTabShareService } from '../tab-share/tab-share-service.ts';
import { registerMessageHandlers } from './message-handlers.ts';

const ORIGIN = 'https://meet.example.com';

/**
 * The background's message handlers, driven through the fake browser's runtime messaging, against
 * the real server app (in memory): `fetch` goes to `app.request`.
 */
function setup({ hostAccess = true, now = new Date('2026-11-25T10:00:00Z') } = {}) {
  const server = createTestApp();
  const fetchFn = vi.fn((input: RequestInfo | URL, init?: RequestInit) => server.app.request(String(input), init));
  const auth = createAuthService({ fetch: fetchFn as typeof fetch, hasHostAccess: async () => hostAccess });
  const meetings = createMeetingsService(auth, () => now);
  const getMediaStreamId = vi.fn(async () => 'stream-1');
  const tabShare = createTabShareService({ getMediaStreamId });
  registerMessageHandlers({ auth, meetings, tabShare });
  return { server, fetchFn };
}

const signIn = (password = TEST_PASSWORD, serverAddress = 'meet.example.com') =>
  sendMessage('signIn', { serverAddress, email: 'host@example.com', password });

describe('background: account', () => {
  it('signs in with a bearer token kept in extension storage, and reports it', async () => {
    const { server } = setup();
    await server.signUp('host@example.com', 'Hanna Host');
    const user = await signIn();
    expect(user).toMatchObject({ email: 'host@example.com', name: 'Hanna Host' });
    expect(await serverOriginItem.getValue()).toBe(ORIGIN);
    const session = await sessionItem.getValue();
    expect(session).toMatchObject({ origin: ORIGIN, user: { email: 'host@example.com' } });
    expect(session!.token.length).toBeGreaterThan(20);
    // The token is a real session on the server.
    const me = await server.app.request('/api/auth/me', { headers: { authorization: `Bearer ${session!.token}` } });
    expect(me.status).toBe(200);
    expect(await sendMessage('getAuthStatus')).toEqual({ serverOrigin: ORIGIN, user });
  });

  it('says "Wrong email or password" for a wrong password, and stores nothing', async () => {
    const { server } = setup();
    await server.signUp('host@example.com');
    await expect(signIn('not the password')).rejects.toThrow('Wrong email or password.');
    expect(await sessionItem.getValue()).toBeNull();
  });

  it('tells a wrong address apart: nothing answers, or not a meeting server', async () => {
    setup();
    const unreachable = createAuthService({
      fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch,
      hasHostAccess: async () => true,
    });
    await expect(unreachable.signIn({ serverAddress: 'https://nothing.example.com', email: 'a@b.co', password: 'x' })).rejects.toThrow(
      'Nothing answers at https://nothing.example.com',
    );
    const notOurs = createAuthService({
      fetch: (async () => new Response('<html>hello</html>', { status: 200 })) as typeof fetch,
      hasHostAccess: async () => true,
    });
    await expect(notOurs.signIn({ serverAddress: 'https://www.example.com', email: 'a@b.co', password: 'x' })).rejects.toThrow(
      'https://www.example.com answered (HTTP 200), but it is not a meeting server',
    );
    await expect(signIn(TEST_PASSWORD, 'not a url at all')).rejects.toThrow(/is not a web address/);
    await expect(signIn(TEST_PASSWORD, 'http://meet.example.com')).rejects.toThrow(/Use https:\/\//);
  });

  it('asks for the host permission first when the extension may not contact the server', async () => {
    setup({ hostAccess: false });
    await expect(signIn()).rejects.toThrow(/may not contact https:\/\/meet.example.com yet/);
  });

  it('signs out: forgets the token and ends the session on the server', async () => {
    const { server, fetchFn } = setup();
    await server.signUp('host@example.com');
    await signIn();
    await sendMessage('signOut');
    expect(await sessionItem.getValue()).toBeNull();
    expect(fetchFn.mock.calls.at(-1)![0]).toBe(`${ORIGIN}/api/auth/signout`);
    expect((await sendMessage('getAuthStatus')).user).toBeNull();
  });
});

describe('background: meetings', () => {
  it("lists today's meetings with their room links, and creates meetings", async () => {
    const at = (day: number, hour: number) => new Date(2026, 11, day, hour).toISOString(); // local time
    const { server } = setup({ now: new Date(2026, 11, 1, 12) });
    await server.signUp('host@example.com');
    await signIn();
    const created = await sendMessage('createMeeting', { title: 'Calendar event', startsAt: at(1, 15), durationMinutes: 45 });
    expect(created).toMatchObject({ title: 'Calendar event', durationMinutes: 45, url: `${ORIGIN}/m/${created.id}` });
    await sendMessage('createMeeting', { title: 'Next week', startsAt: at(8, 15), durationMinutes: 30 });
    await sendMessage('createMeeting', { title: 'Today at nine', startsAt: at(1, 9), durationMinutes: 30 });
    const today = await sendMessage('todaysMeetings');
    expect(today.map((m) => m.title)).toEqual(['Today at nine', 'Calendar event']);
    expect(today.every((m) => m.url === `${ORIGIN}/m/${m.id}`)).toBe(true);
  });

  it('"New meeting now" starts now for half an hour', async () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const { server } = setup({ now });
    await server.signUp('host@example.com');
    await signIn();
    const meeting = await sendMessage('createMeetingNow');
    expect(meeting).toMatchObject({ startsAt: now.toISOString(), durationMinutes: 30, url: `${ORIGIN}/m/${meeting.id}` });
  });

  it('needs a sign-in, and drops a token the server no longer accepts', async () => {
    const { server } = setup();
    await expect(sendMessage('todaysMeetings')).rejects.toThrow(/not signed in/);
    await server.signUp('host@example.com');
    await signIn();
    const session = (await sessionItem.getValue())!;
    await sessionItem.setValue({ ...session, token: 'revoked-token' });
    await expect(sendMessage('todaysMeetings')).rejects.toThrow(/sign-in has expired/);
    expect(await sessionItem.getValue()).toBeNull();
  });

  it('a session for another server address is no session', async () => {
    const { server } = setup();
    await server.signUp('host@example.com');
    await signIn();
    await serverOriginItem.setValue('https://other.example.com');
    expect((await sendMessage('getAuthStatus')).user).toBeNull();
    await expect(sendMessage('createMeetingNow')).rejects.toThrow(/not signed in/);
  });
});

describe('background: calendar health', () => {
  it('keeps a calendar that changed its page until it reports again that all is fine; the popup says so', async () => {
    setup();
    expect(calendarHealthNotice(await sendMessage('getCalendarHealth'))).toBeNull();
    await sendMessage('reportCalendarHealth', { calendar: 'google', name: 'Google Calendar', state: 'missing' });
    const notice = calendarHealthNotice(await sendMessage('getCalendarHealth'));
    expect(notice).toBe('Google Calendar changed its page; Enter call may be missing — open the meeting from here.');

    // The popup shows it above today's meetings.
    const popup = createPopupState({
      send: sendMessage,
      activeTab: async () => null,
      openRoom: () => undefined,
      openOptions: () => undefined,
      close: () => undefined,
    });
    await popup.load();
    expect(popup.calendarNotice.value).toBe(notice);

    await sendMessage('reportCalendarHealth', { calendar: 'outlook', name: 'Outlook', state: 'missing' });
    await sendMessage('reportCalendarHealth', { calendar: 'google', name: 'Google Calendar', state: 'ok' });
    expect(calendarHealthNotice(await sendMessage('getCalendarHealth'))).toMatch(/^Outlook changed its page/);
  });
});
