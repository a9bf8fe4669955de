import { describe, expect, it } from 'vitest';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { createTestApp } from '../../test/server/test-app.ts';

async function setup() {
  const t = createTestApp();
  const host = await t.signUp('hanna@example.com', 'Hanna Host');
  const meeting = await t.createMeeting(host.headers, 'Mortgage review');
  const invite = (body: unknown) => t.json('POST', `/api/meetings/${meeting.id}/invites`, body, host.headers);
  return { ...t, host, meeting, invite };
}

describe('invites API', () => {
  it('sends a personalised email with the join link and records it as sent', async () => {
    const { invite, mailer, json, host, meeting } = await setup();
    const res = await invite({ guestName: 'Gus Guest', guestEmail: 'gus@example.org', timeZone: 'America/New_York' });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ guestName: 'Gus Guest', guestEmail: 'gus@example.org', state: 'sent' });
    expect(created.url).toMatch(new RegExp(`^http://localhost:3000/m/${meeting.id}\\?invite=[A-Za-z0-9_-]{43}$`));
    const mail = mailer.sent[0]!;
    expect(mail.subject).toContain('Mortgage review');
    expect(mail.text).toContain('Hello Gus Guest');
    expect(mail.text).toContain('Hanna Host invites you');
    expect(mail.text).toContain(created.url);
    expect(mail.text).toContain('Tuesday, 1 December 2026, 04:00 – 04:30 GMT-5 (America/New_York)'); // 09:00 UTC in New York
    const list = await (await json('GET', `/api/meetings/${meeting.id}/invites`, undefined, host.headers)).json();
    expect(list.invites).toHaveLength(1);
    expect(list.link).toMatch(/\?invite=/);
  });

  it('lets the invited guest in with their personal link, prefills their name, and marks the invite joined', async () => {
    const { invite, json, meeting, host } = await setup();
    const created = await (await invite({ guestName: 'Gus Guest', guestEmail: 'gus@example.org' })).json();
    const token = new URL(created.url).searchParams.get('invite')!;
    const info = await (await json('GET', `/api/meetings/${meeting.id}/info?invite=${token}`)).json();
    expect(info).toMatchObject({ title: 'Mortgage review', hostName: 'Hanna Host', isHost: false, guestName: 'Gus Guest' });
    const join = await json('POST', `/api/meetings/${meeting.id}/join`, { name: 'Gus' }, { [INVITE_HEADER]: token });
    expect(join.status).toBe(201);
    const list = await (await json('GET', `/api/meetings/${meeting.id}/invites`, undefined, host.headers)).json();
    expect(list.invites[0].state).toBe('joined');
  });

  it.each([
    ['nl', 'Beste Gus Guest', 'Hanna Host nodigt u uit', 'dinsdag 1 december 2026, 10:00 – 10:30 CET (Europe/Amsterdam)', 'Uitnodiging: '],
    ['de', 'Guten Tag Gus Guest', 'Hanna Host lädt Sie', 'Dienstag, 1. Dezember 2026, 10:00 – 10:30 MEZ (Europe/Amsterdam)', 'Einladung: '],
  ])('writes the email in the language the host chose (%s), and a resend keeps it', async (language, hello, invites, when, subject) => {
    const { invite, mailer, json, meeting, host } = await setup();
    mailer.failWith('connection refused');
    const created = await (
      await invite({ guestName: 'Gus Guest', guestEmail: 'gus@example.org', timeZone: 'Europe/Amsterdam', language })
    ).json();
    mailer.failWith(null);
    await json('POST', `/api/meetings/${meeting.id}/invites/${created.id}/resend`, undefined, host.headers);
    const mail = mailer.sent.at(-1)!;
    expect(mail.text).toContain(hello);
    expect(mail.text).toContain(invites);
    expect(mail.text).toContain(when);
    expect(mail.subject?.startsWith(subject)).toBe(true);
    expect(mail.html).toContain(hello);
  });

  it('refuses a language it does not ship', async () => {
    const { invite } = await setup();
    expect((await invite({ guestName: 'Gus', guestEmail: 'gus@example.org', language: 'fr' })).status).toBe(400);
  });

  it('records a failed send with the reason, and can resend', async () => {
    const { invite, mailer, json, meeting, host } = await setup();
    mailer.failWith('connection refused');
    const created = await (await invite({ guestName: 'Gus', guestEmail: 'gus@example.org' })).json();
    expect(created.state).toBe('failed');
    expect(created.error).toMatch(/connection refused/);
    mailer.failWith(null);
    const resent = await (await json('POST', `/api/meetings/${meeting.id}/invites/${created.id}/resend`, undefined, host.headers)).json();
    expect(resent.state).toBe('sent');
    expect(resent.error).toBeUndefined();
  });

  it.each([
    [{ guestName: 'Gus', guestEmail: 'not an email' }, /email/],
    [{ guestName: '', guestEmail: 'gus@example.org' }, /name/],
    [{ guestName: 'Gus', guestEmail: 'gus@example.org', timeZone: 'Mars/Olympus' }, /time zone/],
    [{ guestName: 'Gus\u202e', guestEmail: 'gus@example.org' }, /control characters/],
  ])('rejects a bad invitation %j and sends nothing', async (body, message) => {
    const { invite, mailer, storage } = await setup();
    const res = await invite(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
    expect(mailer.sent).toHaveLength(0);
    expect((await storage.dump()).invites).toEqual([]);
  });

  it('revokes a personal invite and replaces the shared link', async () => {
    const { invite, json, meeting, host, guestLink } = await setup();
    const created = await (await invite({ guestName: 'Gus', guestEmail: 'gus@example.org' })).json();
    const personal = new URL(created.url).searchParams.get('invite')!;
    const shared = await guestLink(host.headers, meeting.id);
    expect((await json('DELETE', `/api/meetings/${meeting.id}/invites/${created.id}`, undefined, host.headers)).status).toBe(204);
    expect((await json('GET', `/api/meetings/${meeting.id}/info`, undefined, { [INVITE_HEADER]: personal })).status).toBe(403);
    const renewed = await (await json('POST', `/api/meetings/${meeting.id}/link`, undefined, host.headers)).json();
    expect(renewed.link).not.toContain(shared);
    const old = await json('GET', `/api/meetings/${meeting.id}/info`, undefined, { [INVITE_HEADER]: shared });
    expect(old.status).toBe(403);
    expect((await old.json()).error.message).toMatch(/no longer valid/);
  });

  it('rate-limits invitations per user', async () => {
    const { invite } = await setup();
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await invite({ guestName: `G${i}`, guestEmail: `g${i}@example.org` })).status;
    expect(last).toBe(429);
  });
});

describe('dial-in details in invitations', () => {
  it('puts the number and PIN into the invite panel, the email and the meeting card', async () => {
    const t = createTestApp({ dialIn: { number: '+1 555 010 0199', authToken: 'secret', maxCalls: 5 } });
    const host = await t.signUp();
    const meeting = await t.createMeeting(host.headers, 'Phone friendly');
    const list = await (await t.json('GET', `/api/meetings/${meeting.id}/invites`, undefined, host.headers)).json();
    expect(list.dialIn).toEqual({ number: '+1 555 010 0199', pin: expect.stringMatching(/^\d{3} \d{3} \d{4}$/) });
    await t.json('POST', `/api/meetings/${meeting.id}/invites`, { guestName: 'Gus', guestEmail: 'gus@example.org' }, host.headers);
    expect(t.mailer.sent[0]!.text).toContain(`Dial +1 555 010 0199 and enter the PIN ${list.dialIn.pin}#`);
    const token = new URL(list.link).searchParams.get('invite')!;
    const info = await (await t.json('GET', `/api/meetings/${meeting.id}/info`, undefined, { [INVITE_HEADER]: token })).json();
    expect(info.dialIn).toEqual(list.dialIn);
  });
});
