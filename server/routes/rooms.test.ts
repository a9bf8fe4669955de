import { describe, expect, it } from 'vitest';
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
});
