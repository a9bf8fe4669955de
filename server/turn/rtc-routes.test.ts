import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { createTestApp } from '../../test/server/test-app.ts';

const STUN = { urls: 'stun:stun.example.org:3478' };
// The test app's clock: 2026-11-25T10:00:00Z.
const NOW_S = Date.parse('2026-11-25T10:00:00Z') / 1000;

async function setup() {
  const t = createTestApp({
    iceServers: [STUN],
    turn: { urls: ['turn:127.0.0.1:3478'], stunUrls: [], secret: 'test-secret', ttlSeconds: 600 },
    iceTransportPolicy: 'relay',
  });
  const host = await t.signUp();
  const meeting = await t.createMeeting(host.headers);
  const guest = { [INVITE_HEADER]: await t.guestLink(host.headers, meeting.id) };
  return { ...t, host, guest, meetingId: meeting.id };
}

const hmac = (username: string) => createHmac('sha1', 'test-secret').update(username).digest('base64');

describe('ICE servers with TURN credentials', () => {
  it('gives each participant its own TURN username in the join response, with the policy and expiry', async () => {
    const { json, guest, meetingId } = await setup();
    const joined = await (await json('POST', `/api/meetings/${meetingId}/join`, { name: 'Gus' }, guest)).json();
    const username = `${NOW_S + 600}:${joined.participant.id}`;
    expect(joined.rtc).toEqual({
      iceServers: [STUN, { urls: ['turn:127.0.0.1:3478'], username, credential: hmac(username) }],
      iceTransportPolicy: 'relay',
      expiresAt: (NOW_S + 600) * 1000,
      peerPath: `/peerjs/m/${meetingId}/`,
      peerKey: 'peerjs',
    });
  });

  it('names the pre-join check in the username, or makes up a check id', async () => {
    const { json, guest, meetingId } = await setup();
    const named = await (await json('GET', `/api/meetings/${meetingId}/rtc?checkId=mcheck-1`, undefined, guest)).json();
    expect(named.iceServers[1].username).toBe(`${NOW_S + 600}:mcheck-1`);
    const anonymous = await (await json('GET', `/api/meetings/${meetingId}/rtc`, undefined, guest)).json();
    expect(anonymous.iceServers[1].username).toMatch(new RegExp(`^${NOW_S + 600}:check-[A-Za-z0-9]{12}$`));
    const bad = await json('GET', `/api/meetings/${meetingId}/rtc?checkId=a:b`, undefined, guest);
    expect(bad.status).toBe(400);
  });

  it("refreshes a participant's credentials with its id and token, and refuses a wrong token", async () => {
    const { json, guest, meetingId } = await setup();
    const joined = await (await json('POST', `/api/meetings/${meetingId}/join`, { name: 'Gus' }, guest)).json();
    const as = (token: string) => ({ ...guest, [PARTICIPANT_ID_HEADER]: joined.participant.id, [PARTICIPANT_TOKEN_HEADER]: token });
    const fresh = await (await json('GET', `/api/meetings/${meetingId}/rtc`, undefined, as(joined.token))).json();
    expect(fresh.iceServers[1].username).toBe(`${NOW_S + 600}:${joined.participant.id}`);
    expect(fresh.expiresAt).toBe((NOW_S + 600) * 1000);
    expect((await json('GET', `/api/meetings/${meetingId}/rtc`, undefined, as('wrong'))).status).toBe(403);
  });

  it('needs access to the room', async () => {
    const { json, meetingId } = await setup();
    expect((await json('GET', `/api/meetings/${meetingId}/rtc`)).status).toBe(403);
  });

  it('hands out the static servers alone, without expiry, when no TURN is configured', async () => {
    const t = createTestApp({ iceServers: [STUN] });
    const host = await t.signUp();
    const meeting = await t.createMeeting(host.headers);
    const rtc = await (await t.json('GET', `/api/meetings/${meeting.id}/rtc`, undefined, host.headers)).json();
    expect(rtc).toEqual({ iceServers: [STUN], iceTransportPolicy: 'all' });
  });
});
