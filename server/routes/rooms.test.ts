import { describe, expect, it } from 'vitest';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { createTestApp } from '../../test/server/test-app.ts';

async function setup() {
  const t = createTestApp();
  const host = await t.signUp();
  const meeting = await t.createMeeting(host.headers);
  const invite = await t.guestLink(host.headers, meeting.id);
  const guest = { [INVITE_HEADER]: invite };
  const joinAs = (headers: Record<string, string>, body: unknown) => t.json('POST', `/api/meetings/${meeting.id}/join`, body, headers);
  return { ...t, host, meetingId: meeting.id, guest, joinAs };
}

describe('rooms API', () => {
  it('joins the host as host and a guest with the link as guest', async () => {
    const { joinAs, host, guest, meetingId } = await setup();
    const h = await joinAs(host.headers, { name: 'Hanna' });
    expect(h.status).toBe(201);
    const hb = await h.json();
    expect(hb.participant).toMatchObject({ name: 'Hanna', role: 'host' });
    expect(hb.token.length).toBeGreaterThanOrEqual(43);
    expect(hb.rtc).toEqual({ iceServers: [], iceTransportPolicy: 'all', peerPath: `/peerjs/m/${meetingId}/`, peerKey: 'peerjs' });
    const g = await (await joinAs(guest, { name: '  Gus  ' })).json();
    expect(g.participant).toMatchObject({ name: 'Gus', role: 'guest' });
  });

  it('refuses strangers with 403 and a clear message', async () => {
    const { joinAs, json, meetingId } = await setup();
    const res = await joinAs({}, { name: 'Eve' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/invitation/);
    expect((await json('GET', `/api/meetings/${meetingId}/participants`)).status).toBe(403);
    expect((await json('GET', `/api/meetings/${meetingId}/info`)).status).toBe(403);
  });

  it('lists only participants whose channel is open', async () => {
    const { joinAs, hub, meetingId, host, guest } = await setup();
    const a = await (await joinAs(host.headers, { name: 'A' })).json();
    expect(hub.participants(meetingId)).toEqual([]);
    hub.connect(meetingId, a.participant.id, { send() {}, close() {} });
    const b = await (await joinAs(guest, { name: 'B' })).json();
    expect(b.participants.map((p: { name: string }) => p.name)).toEqual(['A']);
  });

  it('rejoins with the same identity when the token matches, and not otherwise', async () => {
    const { joinAs, guest } = await setup();
    const first = await (await joinAs(guest, { name: 'A' })).json();
    const again = await joinAs(guest, { name: 'A', rejoin: { participantId: first.participant.id, token: first.token } });
    expect(again.status).toBe(200);
    expect((await again.json()).participant.id).toBe(first.participant.id);
    const forged = await (await joinAs(guest, { name: 'Mallory', rejoin: { participantId: first.participant.id, token: 'guess' } })).json();
    expect(forged.participant.id).not.toBe(first.participant.id);
  });

  it.each([
    [{}, /name/],
    [{ name: '' }, /name must not be empty/],
    [{ name: 'x'.repeat(61) }, /at most 60/],
    [{ name: 'a\u0000b' }, /control characters/],
    [{ name: 42 }, /name must be text/],
  ])('rejects a bad join body %j', async (body, message) => {
    const { joinAs, guest } = await setup();
    const res = await joinAs(guest, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
  });

  it('404s joining an unknown meeting', async () => {
    const { json, host } = await setup();
    const res = await json('POST', '/api/meetings/AAAAAAAAAAAAAAAAAAAAAA/join', { name: 'A' }, host.headers);
    expect(res.status).toBe(404);
  });

  it('leaves with the participant token only', async () => {
    const { joinAs, json, hub, meetingId, guest } = await setup();
    const a = await (await joinAs(guest, { name: 'A' })).json();
    hub.connect(meetingId, a.participant.id, { send() {}, close() {} });
    const wrong = await json('POST', `/api/meetings/${meetingId}/leave`, { participantId: a.participant.id, token: 'x' });
    expect(wrong.status).toBe(403);
    expect(hub.participants(meetingId)).toHaveLength(1);
    const ok = await json('POST', `/api/meetings/${meetingId}/leave`, { participantId: a.participant.id, token: a.token });
    expect(ok.status).toBe(204);
    expect(hub.participants(meetingId)).toHaveLength(0);
  });

  describe('visits and reservations (a pre-join page opens its sockets before Join)', () => {
    const visit = async (
      t: { json: ReturnType<typeof createTestApp>['json'] },
      meetingId: string,
      headers: Record<string, string> = {},
    ) => {
      const res = await t.json('POST', `/api/meetings/${meetingId}/visit`, undefined, headers);
      return { status: res.status, body: await res.json() };
    };

    it('answers the info and holds a place for whoever may walk in, which only its own join takes', async () => {
      const t = await setup();
      const { joinAs, hub, meetingId, guest, json } = t;
      const { status, body } = await visit(t, meetingId, guest);
      expect(status).toBe(200);
      expect(body.info).toMatchObject({ id: meetingId, isHost: false, entersDirectly: true });
      const held = body.reservation;
      expect(held).toMatchObject({ participantId: expect.any(String), token: expect.any(String), expiresInMs: 600_000 });
      expect(held.rtc).toMatchObject({ peerPath: `/peerjs/m/${meetingId}/`, peerKey: 'peerjs' });
      // Nobody in the room, and its token is no participant's: no roster, no chat.
      expect(hub.headcount(meetingId)).toBe(0);
      expect(hub.authenticate(meetingId, held.participantId, held.token)).toBeNull();
      const as = { ...guest, [PARTICIPANT_ID_HEADER]: held.participantId, [PARTICIPANT_TOKEN_HEADER]: held.token };
      for (const path of ['participants', 'chat'])
        expect((await json('GET', `/api/meetings/${meetingId}/${path}`, undefined, as)).status).toBe(403);
      // A wrong token is no reservation: the join goes on with a new id, and the place stays held.
      const forged = await (
        await joinAs(guest, { name: 'Mallory', reservation: { participantId: held.participantId, token: 'x'.repeat(32) } })
      ).json();
      expect(forged.participant.id).not.toBe(held.participantId);
      const joined = await joinAs(guest, { name: 'Gus', reservation: { participantId: held.participantId, token: held.token } });
      expect(joined.status).toBe(201);
      const answer = await joined.json();
      expect(answer.participant).toMatchObject({ id: held.participantId, name: 'Gus', role: 'guest' });
      expect(answer.token).not.toBe(held.token);
      expect(hub.authenticate(meetingId, held.participantId, answer.token)).not.toBeNull();
      // Taken once: the same reservation again is a new participant.
      const again = await (
        await joinAs(guest, { name: 'Gus', reservation: { participantId: held.participantId, token: held.token } })
      ).json();
      expect(again.participant.id).not.toBe(held.participantId);
    });

    it("is another's access's: a join with other credentials does not take it", async () => {
      const t = await setup();
      const held = (await visit(t, t.meetingId, t.host.headers)).body.reservation;
      const joined = await (
        await t.joinAs(t.guest, { name: 'Gus', reservation: { participantId: held.participantId, token: held.token } })
      ).json();
      expect(joined.participant.id).not.toBe(held.participantId);
      expect(joined.participant.role).toBe('guest');
    });

    it('holds no place for those the join would refuse: strangers get nothing, the waiting room and an end only the info', async () => {
      const t = createTestApp();
      const host = await t.signUp();
      const meeting = await t.createMeeting(host.headers, 'Waiting', { waitingRoom: true });
      const invite = await t.guestLink(host.headers, meeting.id);
      expect((await visit(t, meeting.id)).status).toBe(403);
      const waiting = await visit(t, meeting.id, { [INVITE_HEADER]: invite });
      expect(waiting.status).toBe(200);
      expect(waiting.body).toMatchObject({ info: { entersDirectly: false }, reservation: null });
      expect((await visit(t, meeting.id, host.headers)).body.reservation).not.toBeNull();
      // Ended: the guest sees the ended notice (the info says so), with no place held.
      const open = await t.createMeeting(host.headers, 'Open');
      const openInvite = await t.guestLink(host.headers, open.id);
      expect((await t.json('POST', `/api/meetings/${open.id}/end`, undefined, host.headers)).status).toBeLessThan(300);
      const ended = await visit(t, open.id, { [INVITE_HEADER]: openInvite });
      expect(ended.body.info.closed).toBe('ended');
      expect(ended.body.reservation).toBeNull();
    });

    it('is bounded per meeting: past the cap the page gets the info and no place', async () => {
      const t = await setup();
      for (let i = 0; i < 32; i++) expect((await visit(t, t.meetingId, t.host.headers)).body.reservation).not.toBeNull();
      const full = await visit(t, t.meetingId, t.host.headers);
      expect(full.status).toBe(200);
      expect(full.body).toMatchObject({ info: { id: t.meetingId }, reservation: null });
    });
  });
});
