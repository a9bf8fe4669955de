import { describe, expect, it } from 'vitest';
import { DEVICE_ID_HEADER } from '../../shared/api/host-controls';
import { INVITE_HEADER } from '../../shared/api/invites';
import { createTestApp } from '../test-app';

/**
 * Every room and meeting endpoint against every kind of caller: the host, a guest
 * with the shared link, a guest with a personal invite, a guest whose invite was
 * revoked, a stranger, and another signed-in user.
 */
type Who = 'host' | 'linkGuest' | 'invitedGuest' | 'revokedGuest' | 'stranger' | 'otherUser';

async function world() {
  const t = createTestApp();
  const host = await t.signUp('host@example.com', 'Host');
  const other = await t.signUp('other@example.com', 'Other');
  const meeting = await t.createMeeting(host.headers);
  const link = await t.guestLink(host.headers, meeting.id);
  const mk = async (name: string) => {
    const res = await t.json('POST', `/api/meetings/${meeting.id}/invites`, { guestName: name, guestEmail: `${name}@example.org` }, host.headers);
    const invite = await res.json();
    return { id: invite.id as string, token: new URL(invite.url).searchParams.get('invite')! };
  };
  const invited = await mk('invited');
  const revoked = await mk('revoked');
  await t.json('DELETE', `/api/meetings/${meeting.id}/invites/${revoked.id}`, undefined, host.headers);
  const headers: Record<Who, Record<string, string>> = {
    host: host.headers,
    linkGuest: { [INVITE_HEADER]: link },
    invitedGuest: { [INVITE_HEADER]: invited.token },
    revokedGuest: { [INVITE_HEADER]: revoked.token },
    stranger: {},
    otherUser: other.headers,
  };
  return { ...t, meetingId: meeting.id, headers };
}

const ROOM: [string, string, unknown][] = [
  ['GET', '/info', undefined],
  ['POST', '/join', { name: 'Someone' }],
  ['GET', '/participants', undefined],
  ['POST', '/lobby', { name: 'Someone' }],
];
const OWNER: [string, string, unknown][] = [
  ['GET', '', undefined],
  ['PATCH', '', { title: 'Changed' }],
  ['GET', '/invites', undefined],
  ['POST', '/invites', { guestName: 'New', guestEmail: 'new@example.org' }],
  ['POST', '/link', undefined],
  ['DELETE', '', undefined],
];

const roomExpect: Record<Who, number[]> = {
  host: [200, 201],
  linkGuest: [200, 201],
  invitedGuest: [200, 201],
  revokedGuest: [403],
  stranger: [403],
  otherUser: [403],
};
const ownerExpect: Record<Who, number[]> = {
  host: [200, 201, 204],
  linkGuest: [401],
  invitedGuest: [401],
  revokedGuest: [401],
  stranger: [401],
  otherUser: [403],
};

describe('access matrix', () => {
  const whos = Object.keys(roomExpect) as Who[];
  it.each(whos.flatMap((who) => ROOM.map(([m, p, b]) => [who, m, p, b] as const)))('%s %s room%s', async (who, method, path, body) => {
    const { json, meetingId, headers } = await world();
    const res = await json(method, `/api/meetings/${meetingId}${path}`, body, headers[who]);
    expect(roomExpect[who], await res.clone().text()).toContain(res.status);
  });

  it.each(whos.flatMap((who) => OWNER.map(([m, p, b]) => [who, m, p, b] as const)))('%s %s meeting%s', async (who, method, path, body) => {
    const { json, meetingId, headers, store } = await world();
    const before = JSON.stringify(store.read((d) => d));
    const res = await json(method, `/api/meetings/${meetingId}${path}`, body, headers[who]);
    expect(ownerExpect[who], await res.clone().text()).toContain(res.status);
    if (res.status >= 400) expect(JSON.stringify(store.read((d) => d))).toBe(before);
  });
});

/**
 * Every host control, tried by everyone: only the host may, and for anyone else the answer
 * is 403 before anything changes (stored data, who is in the room or waiting, the lock,
 * what the participants' pages were sent).
 */
async function roomInUse() {
  const w = await world();
  const base = `/api/meetings/${w.meetingId}`;
  const sent: string[] = [];
  const socket = { send: (text: string) => void sent.push(text), close: () => undefined };
  const joined = await (await w.json('POST', `${base}/join`, { name: 'Gus' }, w.headers.linkGuest)).json();
  w.hub.connect(w.meetingId, joined.participant.id, socket);
  await w.json('PATCH', base, { waitingRoom: true }, w.headers.host);
  const knocked = await (await w.json('POST', `${base}/lobby`, { name: 'Wanda' }, { ...w.headers.invitedGuest, [DEVICE_ID_HEADER]: 'device-wwwwwwwwwwwwwwww' })).json();
  w.hostControls.lobby.connect(w.meetingId, knocked.waiterId, socket);
  const state = () =>
    JSON.stringify([w.store.read((d) => d), w.hub.participants(w.meetingId), w.hostControls.hostState(w.meetingId), sent]);
  return { ...w, participantId: joined.participant.id as string, waiterId: knocked.waiterId as string, state };
}

type Ids = { participantId: string; waiterId: string };
const HOST: [string, (ids: Ids) => string, unknown][] = [
  ['GET', () => '/lobby', undefined],
  ['POST', ({ waiterId }) => `/lobby/${waiterId}/admit`, undefined],
  ['POST', ({ waiterId }) => `/lobby/${waiterId}/decline`, undefined],
  ['PUT', () => '/lock', { locked: true }],
  ['POST', () => '/end', undefined],
  ...(['ask-unmute', 'mute', 'stop-video', 'stop-share'] as const).map(
    (action) => ['POST', ({ participantId }: Ids) => `/participants/${participantId}/moderate`, { action }] as [string, (ids: Ids) => string, unknown],
  ),
  ['DELETE', ({ participantId }) => `/participants/${participantId}`, undefined],
];

describe('host controls matrix', () => {
  const whos: Who[] = ['host', 'linkGuest', 'invitedGuest', 'revokedGuest', 'stranger', 'otherUser'];
  it.each(whos.flatMap((who) => HOST.map(([m, p, b]) => [who, m, p, b] as const)))('%s %s %s', async (who, method, path, body) => {
    const w = await roomInUse();
    const before = w.state();
    const res = await w.json(method, `/api/meetings/${w.meetingId}${path(w)}`, body, w.headers[who]);
    if (who === 'host') {
      expect([200, 204], await res.clone().text()).toContain(res.status);
      return;
    }
    expect(res.status, await res.clone().text()).toBe(403);
    expect(w.state()).toBe(before);
  });
});
