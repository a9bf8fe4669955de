import { describe, expect, it } from 'vitest';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { DEVICE_ID_HEADER } from '../../shared/api/host-controls.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { createApiWorld } from '../../test/server/api-v1-world.ts';

async function world(meeting: { waitingRoom?: boolean } = {}) {
  const t = await createApiWorld();
  const key = await t.makeKey(['meetings:write', 'invites:write']);
  const created = await t.checked(key, 'POST', '/meetings', {
    title: 'Mortgage review',
    startsAt: '2026-12-01T09:00:00Z',
    durationMinutes: 30,
    waitingRoom: meeting.waitingRoom ?? false,
  });
  const id = created.body.id as string;
  const link = async (body: Record<string, unknown>) => t.checked(key, 'POST', `/meetings/${id}/join-links`, body);
  /** A request of the guest's page: the link's token and the browser's device id, as the page sends them. */
  const asBrowser = (token: string, device: string, method: string, path: string, body?: unknown) =>
    t.json(method, `/api/meetings/${id}${path}`, body, { [INVITE_HEADER]: token, [DEVICE_ID_HEADER]: device });
  const tokenOf = (url: string) => new URL(url).searchParams.get('invite')!;
  return { ...t, key, id, link, asBrowser, tokenOf };
}

const DEVICE_A = 'device-aaaaaaaaaaaaaaaa';
const DEVICE_B = 'device-bbbbbbbbbbbbbbbb';

describe('/api/v1 one-time join links for a named guest', () => {
  it('opens the meeting under the fixed name, whatever name the page sends, and is listed with the invitations', async () => {
    const t = await world();
    const res = await t.link({ guestName: 'Ada Lovelace' });
    expect(res.status).toBe(201);
    // By default open until a day after the meeting's end.
    expect(res.body).toMatchObject({
      guestName: 'Ada Lovelace',
      guestEmail: '',
      kind: 'link',
      state: 'sent',
      expiresAt: '2026-12-02T09:30:00.000Z',
    });
    const token = t.tokenOf(res.body.url as string);
    const info = await (await t.asBrowser(token, DEVICE_A, 'GET', '/info')).json();
    expect(info).toMatchObject({ guestName: 'Ada Lovelace', nameFixed: true });
    const join = await t.asBrowser(token, DEVICE_A, 'POST', '/join', { name: 'Someone Else' });
    expect(join.status).toBe(201);
    expect((await join.json()).participant.name).toBe('Ada Lovelace');
    const list = await t.checked(t.key, 'GET', `/meetings/${t.id}/invitations`);
    expect(list.body.invitations).toEqual([expect.objectContaining({ id: res.body.id, kind: 'link', state: 'joined' })]);
  });

  it('is kept by the first browser that enters: it may come back, another browser is refused with join_link_used', async () => {
    const t = await world();
    const token = t.tokenOf((await t.link({ guestName: 'Ada' })).body.url as string);
    // Looking is not entering: both browsers may see the meeting before either joins.
    expect((await t.asBrowser(token, DEVICE_B, 'GET', '/info')).status).toBe(200);
    expect((await t.asBrowser(token, DEVICE_A, 'POST', '/join', { name: 'Ada' })).status).toBe(201);
    const other = await t.asBrowser(token, DEVICE_B, 'POST', '/join', { name: 'Ada' });
    expect(other.status).toBe(403);
    expect((await other.json()).error).toMatchObject({ code: 'join_link_used', message: expect.stringContaining('another browser') });
    expect((await t.asBrowser(token, DEVICE_B, 'GET', '/info')).status).toBe(403);
    // The browser that has it comes back (a reload, a closed tab reopened).
    expect((await t.asBrowser(token, DEVICE_A, 'POST', '/join', { name: 'Ada' })).status).toBe(201);
    // Without a device id it is no browser's: refused, and the link stays with its browser.
    const bare = await t.json('POST', `/api/meetings/${t.id}/join`, { name: 'Ada' }, { [INVITE_HEADER]: token });
    expect(bare.status).toBe(403);
  });

  it('binds at the knock when the meeting has a waiting room, so a second browser cannot wait with it', async () => {
    const t = await world({ waitingRoom: true });
    const token = t.tokenOf((await t.link({ guestName: 'Ada' })).body.url as string);
    const knock = await t.asBrowser(token, DEVICE_A, 'POST', '/lobby', { name: 'Not Ada' });
    expect(knock.status).toBe(202);
    const waiting = await t.json('GET', `/api/meetings/${t.id}/lobby`, undefined, t.host.headers);
    expect(JSON.stringify(await waiting.json())).toContain('"name":"Ada"');
    expect((await t.asBrowser(token, DEVICE_B, 'POST', '/lobby', { name: 'Ada' })).status).toBe(403);
  });

  it('stops letting anyone new in at expiresAt (join_link_expired); a guest already in keeps the chat and rejoins after a reload', async () => {
    const t = await world();
    const made = (await t.link({ guestName: 'Ada', validForMinutes: 5 })).body;
    expect(made.expiresAt).toBe('2026-11-25T10:05:00.000Z');
    const token = t.tokenOf(made.url as string);
    const joined = await (await t.asBrowser(token, DEVICE_A, 'POST', '/join', { name: 'Ada' })).json();
    const participant = { [PARTICIPANT_ID_HEADER]: joined.participant.id, [PARTICIPANT_TOKEN_HEADER]: joined.token };
    t.advance(5 * 60_000);
    // In the call: the chat goes on, and a reload rejoins with its ticket.
    const chat = await t.json('GET', `/api/meetings/${t.id}/chat`, undefined, {
      [INVITE_HEADER]: token,
      [DEVICE_ID_HEADER]: DEVICE_A,
      ...participant,
    });
    expect(chat.status).toBe(200);
    const rejoin = await t.asBrowser(token, DEVICE_A, 'POST', '/join', {
      name: 'Ada',
      rejoin: { participantId: joined.participant.id, token: joined.token },
    });
    expect(rejoin.status).toBe(200);
    // Entering anew (its page opened again later, without the ticket) is over.
    const info = await t.asBrowser(token, DEVICE_A, 'GET', '/info');
    expect(info.status).toBe(403);
    expect((await info.json()).error.code).toBe('join_link_expired');
    const late = await t.asBrowser(token, DEVICE_A, 'POST', '/join', { name: 'Ada' });
    expect(late.status).toBe(403);
    expect((await late.json()).error.code).toBe('join_link_expired');
  });

  it('stops working when revoked', async () => {
    const t = await world();
    const made = (await t.link({ guestName: 'Ben' })).body;
    expect((await t.checked(t.key, 'DELETE', `/meetings/${t.id}/invitations/${made.id}`)).status).toBe(204);
    expect((await t.asBrowser(t.tokenOf(made.url as string), DEVICE_A, 'GET', '/info')).status).toBe(403);
  });

  it.each([
    [{}, /guestName/],
    [{ guestName: '' }, /name must not be empty/],
    [{ guestName: 'Ada', validForMinutes: 1 }, /validForMinutes/],
    [{ guestName: 'Ada', validForMinutes: 30 * 24 * 60 + 1 }, /validForMinutes/],
    [{ guestName: 'Ada', guestEmail: 'a@example.org' }, /guestEmail/],
  ])('refuses %j with a 400 that says why, making no link', async (payload, message) => {
    const t = await world();
    const res = await t.link(payload);
    expect(res.status).toBe(400);
    expect(res.body.error!.message).toMatch(message);
    expect((await t.checked(t.key, 'GET', `/meetings/${t.id}/invitations`)).body.invitations).toEqual([]);
  });

  it('cannot be sent again by email', async () => {
    const t = await world();
    const made = (await t.link({ guestName: 'Ada' })).body;
    const res = await t.json('POST', `/api/meetings/${t.id}/invites/${made.id}/resend`, undefined, t.host.headers);
    expect(res.status).toBe(400);
    expect(t.mailer.sent).toEqual([]);
  });
});
