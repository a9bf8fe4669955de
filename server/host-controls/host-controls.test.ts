import { describe, expect, it } from 'vitest';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { DEVICE_ID_HEADER } from '../../shared/api/host-controls.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { LobbyCloseCode } from '../../shared/lobby-events.ts';
import { createTestApp } from '../../test/server/test-app.ts';

/** A channel or lobby socket that keeps what it was sent. */
function fakeSocket() {
  const socket = {
    events: [] as { type: string; [key: string]: unknown }[],
    closed: null as { code: number; reason: string } | null,
    send(text: string) {
      socket.events.push(JSON.parse(text));
    },
    close(code: number, reason: string) {
      socket.closed = { code, reason };
    },
    last: (type: string) => [...socket.events].reverse().find((e) => e.type === type),
  };
  return socket;
}

const DEVICE_A = 'device-aaaaaaaaaaaaaaaa';
const DEVICE_B = 'device-bbbbbbbbbbbbbbbb';

async function setup({ waitingRoom = true } = {}) {
  const t = createTestApp();
  const host = await t.signUp();
  const meeting = await t.createMeeting(host.headers, 'Call', { waitingRoom });
  const link = await t.guestLink(host.headers, meeting.id);
  const base = `/api/meetings/${meeting.id}`;
  const guest = (device: string | null = DEVICE_A, token = link): Record<string, string> => ({
    [INVITE_HEADER]: token,
    ...(device ? { [DEVICE_ID_HEADER]: device } : {}),
  });
  /** Joins and opens the room channel (so they count as in the call). */
  const enter = async (headers: Record<string, string>, name: string, rejoin?: { participantId: string; token: string }) => {
    const res = await t.json('POST', `${base}/join`, { name, ...(rejoin ? { rejoin } : {}) }, headers);
    if (res.status >= 300) return { status: res.status, body: await res.json() };
    const body = await res.json();
    const socket = fakeSocket();
    t.hub.connect(meeting.id, body.participant.id, socket);
    const auth = { ...headers, [PARTICIPANT_ID_HEADER]: body.participant.id, [PARTICIPANT_TOKEN_HEADER]: body.token };
    return { status: res.status, body, socket, id: body.participant.id as string, token: body.token as string, auth };
  };
  const knock = async (headers: Record<string, string>, name = 'Gus') => {
    const res = await t.json('POST', `${base}/lobby`, { name }, headers);
    return { status: res.status, body: await res.json() };
  };
  return { ...t, host, meetingId: meeting.id, link, base, guest, enter, knock };
}

describe('waiting room', () => {
  it('is on for a new meeting unless the host turns it off', async () => {
    const { json, host } = await setup();
    const made = await (
      await json('POST', '/api/meetings', { title: 'T', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 }, host.headers)
    ).json();
    expect(made.waitingRoom).toBe(true);
    const changed = await (await json('PATCH', `/api/meetings/${made.id}`, { waitingRoom: false }, host.headers)).json();
    expect(changed.waitingRoom).toBe(false);
  });

  it('tells the page whether this viewer may join in one request (entersDirectly), as the join itself would judge', async () => {
    const info = async (headers: Record<string, string>) =>
      (await (await t.json('GET', `${t.base}/info`, undefined, headers)).json()).entersDirectly;
    let t = await setup({ waitingRoom: false });
    expect(await info(t.guest())).toBe(true);
    expect(await info(t.host.headers)).toBe(true);
    t = await setup({ waitingRoom: true });
    expect(await info(t.guest())).toBe(false);
    expect(await info(t.host.headers)).toBe(true);
    // Removed from a room without a waiting room: no longer direct (the join would refuse).
    t = await setup({ waitingRoom: false });
    await t.enter(t.host.headers, 'Hanna');
    const gus = await t.enter(t.guest(DEVICE_A), 'Gus');
    await t.json('DELETE', `${t.base}/participants/${gus.id}`, undefined, t.host.headers);
    expect(await info(t.guest(DEVICE_A))).toBe(false);
    expect(await info(t.guest(DEVICE_B))).toBe(true);
  });

  it('keeps a guest out until the host admits them, then lets them in as that participant', async () => {
    const t = await setup();
    const hostIn = await t.enter(t.host.headers, 'Hanna');
    // Joining straight away is refused: the server, not the page, enforces the waiting room.
    const direct = await t.json('POST', `${t.base}/join`, { name: 'Gus' }, t.guest());
    expect(direct.status).toBe(403);
    expect((await direct.json()).error.code).toBe('admission_required');

    const knocked = await t.knock(t.guest());
    expect(knocked.status).toBe(202);
    expect(knocked.body).toMatchObject({ state: 'waiting', hostPresent: true, removedBefore: false });
    const { waiterId, token } = knocked.body;
    // The host hears of it (list and bot note), the guest is nobody in the room.
    expect(hostIn.socket!.last('lobby')).toMatchObject({ waiting: [{ id: waiterId, name: 'Gus', removedBefore: false }] });
    expect(hostIn.socket!.last('chat-message')).toMatchObject({
      message: { kind: 'bot', text: expect.stringContaining('Gus is waiting to join') },
    });
    expect(t.hub.authenticate(t.meetingId, waiterId, token)).toBeNull();
    const asParticipant = { ...t.guest(), [PARTICIPANT_ID_HEADER]: waiterId, [PARTICIPANT_TOKEN_HEADER]: token };
    expect((await t.json('POST', `${t.base}/chat`, { text: 'hi' }, asParticipant)).status).toBe(403);
    expect((await t.json('GET', `${t.base}/chat`, undefined, asParticipant)).status).toBe(403);
    expect((await t.json('GET', `${t.base}/chat`, undefined, t.guest())).status).toBe(403);

    const lobbySocket = fakeSocket();
    t.hostControls.lobby.connect(t.meetingId, waiterId, lobbySocket);
    expect(lobbySocket.events).toEqual([{ type: 'lobby-status', hostPresent: true }]);
    expect((await t.json('POST', `${t.base}/lobby/${waiterId}/admit`, undefined, t.host.headers)).status).toBe(204);
    const admitted = lobbySocket.last('admitted') as unknown as { participantId: string; token: string };
    expect(admitted).toBeTruthy();
    expect(lobbySocket.closed?.code).toBe(LobbyCloseCode.Done);
    expect(hostIn.socket!.last('lobby')).toEqual({ type: 'lobby', waiting: [] });

    const rejoin = { participantId: admitted.participantId, token: admitted.token };
    const inside = await t.enter(t.guest(), 'Gus', rejoin);
    expect(inside.status).toBe(200);
    expect(inside.id).toBe(admitted.participantId);
    expect(t.hub.authenticate(t.meetingId, inside.id!, inside.token!)).not.toBeNull();
    expect(hostIn.socket!.last('participant-joined')).toMatchObject({ participant: { id: inside.id, name: 'Gus' } });
    expect((await t.json('GET', `${t.base}/chat`, undefined, inside.auth)).status).toBe(200);
  });

  it('lets a browser that was admitted once come back without waiting, and not another one', async () => {
    const t = await setup();
    await t.enter(t.host.headers, 'Hanna');
    const { waiterId } = (await t.knock(t.guest())).body;
    await t.json('POST', `${t.base}/lobby/${waiterId}/admit`, undefined, t.host.headers);
    expect((await t.knock(t.guest(DEVICE_A))).body).toEqual({ state: 'admitted' });
    expect((await t.enter(t.guest(DEVICE_A), 'Gus again')).status).toBe(201);
    expect((await t.knock(t.guest(DEVICE_B))).status).toBe(202);
    expect((await t.enter(t.guest(DEVICE_B), 'Someone')).status).toBe(403);
  });

  it('tells a waiting guest whether the host is there, and when they arrive', async () => {
    const t = await setup();
    const knocked = await t.knock(t.guest());
    expect(knocked.body.hostPresent).toBe(false);
    const lobbySocket = fakeSocket();
    t.hostControls.lobby.connect(t.meetingId, knocked.body.waiterId, lobbySocket);
    const hostIn = await t.enter(t.host.headers, 'Hanna');
    expect(lobbySocket.last('lobby-status')).toEqual({ type: 'lobby-status', hostPresent: true });
    // The host's page asks for the list when it arrives (the knock came before it).
    expect((await (await t.json('GET', `${t.base}/lobby`, undefined, t.host.headers)).json()).waiting).toHaveLength(1);
    t.hub.leave(t.meetingId, hostIn.id!, 'left');
    expect(lobbySocket.last('lobby-status')).toEqual({ type: 'lobby-status', hostPresent: false });
  });

  it('declines: the guest is told, gets no participant, and the ticket is gone', async () => {
    const t = await setup();
    const hostIn = await t.enter(t.host.headers, 'Hanna');
    const { waiterId, token } = (await t.knock(t.guest())).body;
    const lobbySocket = fakeSocket();
    t.hostControls.lobby.connect(t.meetingId, waiterId, lobbySocket);
    expect((await t.json('POST', `${t.base}/lobby/${waiterId}/decline`, undefined, t.host.headers)).status).toBe(204);
    expect(lobbySocket.last('declined')).toEqual({ type: 'declined', reason: 'declined' });
    expect(lobbySocket.closed?.code).toBe(LobbyCloseCode.Done);
    expect(t.hub.participants(t.meetingId).map((p) => p.name)).toEqual(['Hanna']);
    expect(t.hostControls.lobby.authenticate(t.meetingId, waiterId, token)).toBe(false);
    expect((await t.json('POST', `${t.base}/lobby/${waiterId}/admit`, undefined, t.host.headers)).status).toBe(404);
    expect(hostIn.socket!.last('lobby')).toEqual({ type: 'lobby', waiting: [] });
  });

  it('replaces a waiting ticket when the same browser knocks again (a reload while waiting)', async () => {
    const t = await setup();
    const first = (await t.knock(t.guest())).body;
    const firstSocket = fakeSocket();
    t.hostControls.lobby.connect(t.meetingId, first.waiterId, firstSocket);
    const second = (await t.knock(t.guest())).body;
    expect(firstSocket.closed?.code).toBe(LobbyCloseCode.Replaced);
    expect((await t.hostControls.hostState(t.meetingId)).waiting.map((w) => w.id)).toEqual([second.waiterId]);
  });

  it('does not admit a guest whose link was replaced while they waited', async () => {
    const t = await setup();
    const { waiterId } = (await t.knock(t.guest())).body;
    const lobbySocket = fakeSocket();
    t.hostControls.lobby.connect(t.meetingId, waiterId, lobbySocket);
    await t.json('POST', `${t.base}/link`, undefined, t.host.headers);
    await t.json('POST', `${t.base}/lobby/${waiterId}/admit`, undefined, t.host.headers);
    expect(lobbySocket.last('declined')).toBeTruthy();
    expect(t.hub.participants(t.meetingId)).toEqual([]);
  });
});

describe('removing a participant', () => {
  it('takes a guest out at once and keeps that browser out until the host readmits it', async () => {
    const t = await setup({ waitingRoom: false });
    const hostIn = await t.enter(t.host.headers, 'Hanna');
    const gus = await t.enter(t.guest(DEVICE_A), 'Gus');
    expect((await t.json('DELETE', `${t.base}/participants/${gus.id}`, undefined, t.host.headers)).status).toBe(204);
    expect(gus.socket!.closed).toEqual({ code: 4000, reason: 'removed' });
    expect(hostIn.socket!.last('participant-left')).toEqual({ type: 'participant-left', participantId: gus.id, reason: 'removed' });
    expect(t.hub.authenticate(t.meetingId, gus.id!, gus.token!)).toBeNull();
    // The same link from the same browser: refused, also with the old rejoin ticket.
    const again = await t.json('POST', `${t.base}/join`, { name: 'Gus' }, t.guest(DEVICE_A));
    expect(again.status).toBe(403);
    expect((await again.json()).error).toEqual({ code: 'removed_by_host', message: expect.stringMatching(/removed you/) });
    expect((await t.enter(t.guest(DEVICE_A), 'Gus', { participantId: gus.id!, token: gus.token! })).status).toBe(403);
    // Another browser with the shared link is someone else (the waiting room is what stops that).
    expect((await t.enter(t.guest(DEVICE_B), 'Bea')).status).toBe(201);
    // Asking again puts them in the waiting room, even with it off; the host can readmit.
    const knocked = await t.knock(t.guest(DEVICE_A));
    expect(knocked.body).toMatchObject({ state: 'waiting', removedBefore: true });
    expect(hostIn.socket!.last('lobby')).toMatchObject({ waiting: [{ name: 'Gus', removedBefore: true }] });
    await t.json('POST', `${t.base}/lobby/${knocked.body.waiterId}/admit`, undefined, t.host.headers);
    expect((await t.storage.dump()).meetings[0]!.removedGuests).toEqual([]);
    expect((await t.enter(t.guest(DEVICE_A), 'Gus')).status).toBe(201);
  });

  it('remembers a removal against a personal invitation, whatever the browser', async () => {
    const t = await setup({ waitingRoom: false });
    const res = await t.json('POST', `${t.base}/invites`, { guestName: 'Ivy', guestEmail: 'ivy@example.org' }, t.host.headers);
    const personal = new URL((await res.json()).url).searchParams.get('invite')!;
    const ivy = await t.enter(t.guest(DEVICE_A, personal), 'Ivy');
    await t.json('DELETE', `${t.base}/participants/${ivy.id}`, undefined, t.host.headers);
    expect((await t.enter(t.guest(DEVICE_B, personal), 'Ivy')).status).toBe(403);
    expect((await t.enter(t.guest(null, personal), 'Ivy')).status).toBe(403);
  });

  it('cannot remove or mute the host, and 404s for someone not in the room', async () => {
    const t = await setup({ waitingRoom: false });
    const hostIn = await t.enter(t.host.headers, 'Hanna');
    expect((await t.json('DELETE', `${t.base}/participants/${hostIn.id}`, undefined, t.host.headers)).status).toBe(409);
    expect((await t.json('POST', `${t.base}/participants/${hostIn.id}/moderate`, { action: 'mute' }, t.host.headers)).status).toBe(409);
    expect((await t.json('DELETE', `${t.base}/participants/AAAAAAAAAAAAAAAAAAAAAA`, undefined, t.host.headers)).status).toBe(404);
    expect((await t.json('DELETE', `${t.base}/participants/..%2Fx`, undefined, t.host.headers)).status).toBe(404);
  });
});

describe('moderation', () => {
  it.each([
    ['mute', { audioMuted: true, videoMuted: false, screenSharing: true }],
    ['stop-video', { audioMuted: false, videoMuted: true, screenSharing: true }],
    ['stop-share', { audioMuted: false, videoMuted: false, screenSharing: false }],
    ['ask-unmute', { audioMuted: false, videoMuted: false, screenSharing: true }],
  ])('%s: the participant is told and the room state follows for everyone', async (action, state) => {
    const t = await setup({ waitingRoom: false });
    const hostIn = await t.enter(t.host.headers, 'Hanna');
    const gus = await t.enter(t.guest(), 'Gus');
    t.hub.handleMessage(t.meetingId, gus.id!, { type: 'screen-share', active: true });
    const res = await t.json('POST', `${t.base}/participants/${gus.id}/moderate`, { action }, t.host.headers);
    expect(res.status).toBe(204);
    expect(gus.socket!.last('moderation')).toEqual({ type: 'moderation', action });
    expect(hostIn.socket!.events.some((e) => e.type === 'moderation')).toBe(false);
    expect(t.hub.participants(t.meetingId).find((p) => p.id === gus.id)).toMatchObject(state);
    expect(hostIn.socket!.last('participant-updated')).toMatchObject({ participant: { id: gus.id, ...state } });
  });

  it('refuses an unknown action', async () => {
    const t = await setup({ waitingRoom: false });
    const gus = await t.enter(t.guest(), 'Gus');
    const res = await t.json('POST', `${t.base}/participants/${gus.id}/moderate`, { action: 'unmute' }, t.host.headers);
    expect(res.status).toBe(400);
  });
});

describe('lock', () => {
  it('keeps everyone new out, lets those inside come back, and opens again on unlock', async () => {
    const t = await setup({ waitingRoom: false });
    const hostIn = await t.enter(t.host.headers, 'Hanna');
    const gus = await t.enter(t.guest(DEVICE_A), 'Gus');
    expect((await t.json('PUT', `${t.base}/lock`, { locked: true }, t.host.headers)).status).toBe(204);
    expect(hostIn.socket!.last('room-state')).toEqual({ type: 'room-state', locked: true });
    expect(gus.socket!.last('room-state')).toEqual({ type: 'room-state', locked: true });
    const refused = await t.json('POST', `${t.base}/join`, { name: 'Bea' }, t.guest(DEVICE_B));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toEqual({
      code: 'meeting_locked',
      message: 'The meeting is locked: the host is not letting anyone new in.',
    });
    expect((await t.knock(t.guest(DEVICE_B))).status).toBe(403);
    expect((await (await t.json('GET', `${t.base}/info`, undefined, t.guest(DEVICE_B))).json()).closed).toBe('locked');
    // Gus reloads his page: he is already in.
    expect((await t.enter(t.guest(DEVICE_A), 'Gus', { participantId: gus.id!, token: gus.token! })).status).toBe(200);
    expect((await (await t.json('GET', `${t.base}/lobby`, undefined, t.host.headers)).json()).locked).toBe(true);
    await t.json('PUT', `${t.base}/lock`, { locked: false }, t.host.headers);
    expect((await t.enter(t.guest(DEVICE_B), 'Bea')).status).toBe(201);
  });

  it('is lifted when the last person leaves', async () => {
    const t = await setup({ waitingRoom: false });
    const hostIn = await t.enter(t.host.headers, 'Hanna');
    await t.json('PUT', `${t.base}/lock`, { locked: true }, t.host.headers);
    t.hub.leave(t.meetingId, hostIn.id!, 'left');
    expect((await t.enter(t.guest(), 'Gus')).status).toBe(201);
  });
});

describe('end call for everyone', () => {
  it('ends every page, finalises the recording, keeps guests out until the host enters again', async () => {
    const t = await setup({ waitingRoom: true });
    const hostIn = await t.enter(t.host.headers, 'Hanna');
    const { waiterId } = (await t.knock(t.guest(DEVICE_A))).body;
    await t.json('POST', `${t.base}/lobby/${waiterId}/admit`, undefined, t.host.headers);
    const admitted = await t.enter(t.guest(DEVICE_A), 'Gus');
    const waiting = (await t.knock(t.guest(DEVICE_B), 'Bea')).body;
    const beaSocket = fakeSocket();
    t.hostControls.lobby.connect(t.meetingId, waiting.waiterId, beaSocket);
    await t.recordings.start(t.meetingId, t.host.user.id, { id: hostIn.id!, name: 'Hanna' });

    expect((await t.json('POST', `${t.base}/end`, undefined, t.host.headers)).status).toBe(204);
    for (const socket of [hostIn.socket!, admitted.socket!]) {
      expect(socket.last('meeting-ended')).toEqual({ type: 'meeting-ended', by: 'Hanna Host' });
      expect(socket.closed).toEqual({ code: 4000, reason: 'ended' });
    }
    expect(beaSocket.last('declined')).toEqual({ type: 'declined', reason: 'ended' });
    expect(t.hub.participants(t.meetingId)).toEqual([]);
    // The recording is over (it had no bytes, so it is forgotten rather than kept empty).
    expect(await t.recordings.list(t.meetingId)).toEqual([]);

    // The link refuses entry, with a clear answer, even for a browser admitted before.
    const refused = await t.json('POST', `${t.base}/join`, { name: 'Gus' }, t.guest(DEVICE_A));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('meeting_ended');
    expect((await t.knock(t.guest(DEVICE_A))).status).toBe(403);
    expect((await (await t.json('GET', `${t.base}/info`, undefined, t.guest())).json()).closed).toBe('ended');
    expect((await (await t.json('GET', `${t.base}/info`, undefined, t.host.headers)).json()).closed).toBeUndefined();

    // The host enters again: the meeting is open (with its waiting room) once more.
    await t.enter(t.host.headers, 'Hanna');
    expect((await t.storage.dump()).meetings[0]!.endedAt).toBeUndefined();
    expect((await t.knock(t.guest(DEVICE_A))).status).toBe(202);
  });
});
