import { describe, expect, it } from 'vitest';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { createApiWorld } from '../../test/server/api-v1-world.ts';

async function world(config: Parameters<typeof createApiWorld>[0] = {}) {
  const t = await createApiWorld(config);
  const key = await t.makeKey(['meetings:write', 'invites:write']);
  const meeting = (await t.checked(key, 'POST', '/meetings', { title: 'Demo', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 }))
    .body;
  const base = `/meetings/${meeting.id}`;
  const api = (method: string, path: string, payload?: unknown) => t.checked(key, method, path, payload);
  return { ...t, key, meeting, base, api };
}

describe('/api/v1 invitations, the shared link and dial-in', () => {
  it('invites a guest by email with their name and time zone; the personal link lets them in', async () => {
    const t = await world();
    const res = await t.api('POST', `${t.base}/invitations`, {
      guestName: 'Gus Guest',
      guestEmail: 'Gus@Example.org',
      timeZone: 'Europe/Berlin',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ guestName: 'Gus Guest', guestEmail: 'gus@example.org', state: 'sent' });
    expect(t.mailer.sent).toHaveLength(1);
    expect(t.mailer.sent[0]!.to).toMatchObject({ name: 'Gus Guest', address: 'gus@example.org' });
    const token = new URL(res.body.url as string).searchParams.get('invite')!;
    const info = await t.json('GET', `/api/meetings/${t.meeting.id}/info`, undefined, { [INVITE_HEADER]: token });
    expect((await info.json()).guestName).toBe('Gus Guest');
  });

  it('lists invitations with their states, failures with the reason, and revokes one', async () => {
    const t = await world();
    const sent = (await t.api('POST', `${t.base}/invitations`, { guestName: 'Ann', guestEmail: 'ann@example.org' })).body;
    t.mailer.failWith('mailbox unavailable');
    const failed = (await t.api('POST', `${t.base}/invitations`, { guestName: 'Ben', guestEmail: 'ben@example.org' })).body;
    expect(failed).toMatchObject({ state: 'failed', error: expect.stringContaining('mailbox unavailable') });
    expect((await t.api('DELETE', `${t.base}/invitations/${sent.id}`)).status).toBe(204);
    expect((await t.api('DELETE', `${t.base}/invitations/${sent.id}`)).status).toBe(204);
    const list = await t.api('GET', `${t.base}/invitations`);
    expect((list.body.invitations as { guestName: string; state: string }[]).map((i) => [i.guestName, i.state])).toEqual([
      ['Ann', 'revoked'],
      ['Ben', 'failed'],
    ]);
    expect((await t.api('DELETE', `${t.base}/invitations/nosuchinvitation`)).status).toBe(404);
    const token = new URL(sent.url as string).searchParams.get('invite')!;
    expect((await t.json('GET', `/api/meetings/${t.meeting.id}/info`, undefined, { [INVITE_HEADER]: token })).status).toBe(403);
  });

  it.each([
    [{ guestName: '', guestEmail: 'a@example.org' }, /name must not be empty/],
    [{ guestName: 'Al', guestEmail: 'not an address' }, /email is not a valid address/],
    [{ guestName: 'Al', guestEmail: 'a@example.org', timeZone: 'Mars/Olympus' }, /timeZone is not a known IANA time zone/],
  ])('refuses the invitation %j with a 400 that says why, sending nothing', async (payload, message) => {
    const t = await world();
    const res = await t.api('POST', `${t.base}/invitations`, payload);
    expect(res.status).toBe(400);
    expect(res.body.error!.message).toMatch(message);
    expect(t.mailer.sent).toEqual([]);
  });

  it('gives the shared link and renews it: the old one stops working', async () => {
    const t = await world();
    const { link } = (await t.api('GET', `${t.base}/link`)).body as { link: string };
    expect(link).toMatch(new RegExp(`^http://localhost:3000/m/${t.meeting.id}\\?invite=`));
    const renewed = (await t.api('POST', `${t.base}/link`)).body as { link: string };
    expect(renewed.link).not.toBe(link);
    const oldToken = new URL(link).searchParams.get('invite')!;
    const newToken = new URL(renewed.link).searchParams.get('invite')!;
    expect((await t.json('GET', `/api/meetings/${t.meeting.id}/info`, undefined, { [INVITE_HEADER]: oldToken })).status).toBe(403);
    expect((await t.json('GET', `/api/meetings/${t.meeting.id}/info`, undefined, { [INVITE_HEADER]: newToken })).status).toBe(200);
    expect((await t.api('GET', `${t.base}/link`)).body.link).toBe(renewed.link);
  });

  it('gives the dial-in number and PIN when the server has dial-in, and says when it has none', async () => {
    const off = await world();
    expect((await off.api('GET', `${off.base}/dial-in`)).body).toEqual({ enabled: false });
    const on = await world({ dialIn: { number: '+49 30 1234567', authToken: 'secret', maxCalls: 5 } });
    const info = (await on.api('GET', `${on.base}/dial-in`)).body;
    expect(info).toMatchObject({ enabled: true, number: '+49 30 1234567', pin: expect.stringMatching(/^\d{10}$/) });
  });

  it("does not reach another account's meeting (404), whatever the operation", async () => {
    const t = await world();
    const other = await t.signUp('other@example.com', 'Olaf Other');
    const theirs = await t.createMeeting(other.headers, 'Private');
    const before = await t.storage.meetings.byId(theirs.id);
    for (const [method, path, payload] of [
      ['POST', 'invitations', { guestName: 'Eve', guestEmail: 'eve@example.org' }],
      ['GET', 'invitations'],
      ['GET', 'link'],
      ['POST', 'link'],
      ['GET', 'dial-in'],
    ] as const) {
      expect((await t.api(method, `/meetings/${theirs.id}/${path}`, payload)).status, `${method} ${path}`).toBe(404);
    }
    expect(t.mailer.sent).toEqual([]);
    expect(await t.storage.invites.listForMeeting(theirs.id)).toEqual([]);
    expect(await t.storage.meetings.byId(theirs.id)).toEqual(before);
  });
});
