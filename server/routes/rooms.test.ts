import { describe, expect, it } from 'vitest';
import { createTestApp } from '../test-app';

async function setup() {
  const t = createTestApp();
  const meeting = await (
    await t.json('POST', '/api/meetings', { title: 'Call', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 })
  ).json();
  return { ...t, meetingId: meeting.id as string };
}

describe('rooms API', () => {
  it('joins with a fresh identity and the ICE configuration', async () => {
    const { json, meetingId } = await setup();
    const res = await json('POST', `/api/meetings/${meetingId}/join`, { name: '  Ada  ' });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.participant).toMatchObject({ name: 'Ada', audioMuted: false, videoMuted: false });
    expect(body.token.length).toBeGreaterThanOrEqual(43);
    expect(body.participants).toEqual([]);
    expect(body.rtc).toEqual({ iceServers: [], peerPath: '/peerjs', peerKey: 'peerjs' });
  });

  it('lists only participants whose channel is open', async () => {
    const { json, hub, meetingId } = await setup();
    const a = await (await json('POST', `/api/meetings/${meetingId}/join`, { name: 'A' })).json();
    expect(hub.participants(meetingId)).toEqual([]);
    hub.connect(meetingId, a.participant.id, { send() {}, close() {} });
    const b = await (await json('POST', `/api/meetings/${meetingId}/join`, { name: 'B' })).json();
    expect(b.participants.map((p: { name: string }) => p.name)).toEqual(['A']);
  });

  it('rejoins with the same identity when the token matches, and not otherwise', async () => {
    const { json, meetingId } = await setup();
    const first = await (await json('POST', `/api/meetings/${meetingId}/join`, { name: 'A' })).json();
    const again = await json('POST', `/api/meetings/${meetingId}/join`, {
      name: 'A',
      rejoin: { participantId: first.participant.id, token: first.token },
    });
    expect(again.status).toBe(200);
    expect((await again.json()).participant.id).toBe(first.participant.id);
    const forged = await (
      await json('POST', `/api/meetings/${meetingId}/join`, {
        name: 'Mallory',
        rejoin: { participantId: first.participant.id, token: 'guess' },
      })
    ).json();
    expect(forged.participant.id).not.toBe(first.participant.id);
  });

  it.each([
    [{}, /name/],
    [{ name: '' }, /name must not be empty/],
    [{ name: 'x'.repeat(61) }, /at most 60/],
    [{ name: 'a\u0000b' }, /control characters/],
    [{ name: 42 }, /name must be text/],
  ])('rejects a bad join body %j', async (body, message) => {
    const { json, meetingId } = await setup();
    const res = await json('POST', `/api/meetings/${meetingId}/join`, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
  });

  it('404s joining an unknown meeting', async () => {
    const { json } = await setup();
    const res = await json('POST', '/api/meetings/AAAAAAAAAAAAAAAAAAAAAA/join', { name: 'A' });
    expect(res.status).toBe(404);
  });

  it('leaves with the participant token only', async () => {
    const { json, hub, meetingId } = await setup();
    const a = await (await json('POST', `/api/meetings/${meetingId}/join`, { name: 'A' })).json();
    hub.connect(meetingId, a.participant.id, { send() {}, close() {} });
    const wrong = await json('POST', `/api/meetings/${meetingId}/leave`, { participantId: a.participant.id, token: 'x' });
    expect(wrong.status).toBe(403);
    expect(hub.participants(meetingId)).toHaveLength(1);
    const ok = await json('POST', `/api/meetings/${meetingId}/leave`, { participantId: a.participant.id, token: a.token });
    expect(ok.status).toBe(204);
    expect(hub.participants(meetingId)).toHaveLength(0);
  });
});
