import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testConfig } from '../config.ts';
import { createBackend } from '../create-backend.ts';
import { listenAndSignUp } from '../../test/server/listen-and-sign-up.ts';
import { createMemoryMailer } from '../../test/server/memory-mailer.ts';
import { createMemoryStorage } from '../storage/lowdb/lowdb-storage.ts';

/**
 * A pre-join page's sockets, opened with a reservation before Join (rooms/reservations.ts), on the
 * real server: nobody sees or reaches them until the join, and the join brings them into the room.
 */
describe('reservation sockets', () => {
  const backend = createBackend({ config: testConfig(), storage: createMemoryStorage(), mailer: createMemoryMailer() });
  let base = '';
  let meetingId = '';
  let cookie = '';
  const open: WebSocket[] = [];

  beforeAll(async () => {
    ({ base, cookie } = await listenAndSignUp(backend.server));
    const res = await post('/api/meetings', { title: 'x', startsAt: '2026-12-01T10:00:00Z', durationMinutes: 10 });
    meetingId = (await res.json()).id;
  });
  afterAll(async () => {
    for (const ws of open) ws.terminate();
    await backend.close();
  });

  function post(path: string, body?: unknown) {
    return fetch(`http://${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** A socket that records every text frame it gets. */
  function socket(path: string) {
    const ws = new WebSocket(`ws://${base}${path}`);
    open.push(ws);
    const frames: any[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    const opened = new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    return { ws, frames, opened, closed };
  }
  const roomSocket = (id: string, token: string) => socket(`/ws/rooms/${meetingId}?participantId=${id}&token=${encodeURIComponent(token)}`);
  const peerSocket = (id: string, token: string) =>
    socket(`/peerjs/m/${meetingId}/peerjs?key=peerjs&id=${id}&token=${encodeURIComponent(token)}`);
  const offer = (dst: string) =>
    JSON.stringify({ type: 'OFFER', dst, payload: { sdp: { type: 'offer', sdp: 'v=0' }, connectionId: 'mc_1' } });

  it('is nobody until its join, then a participant on the same sockets', async () => {
    // Ada is in the call.
    const ada = (await (await post(`/api/meetings/${meetingId}/join`, { name: 'Ada' })).json()) as {
      participant: { id: string };
      token: string;
    };
    const adaRoom = roomSocket(ada.participant.id, ada.token);
    const adaPeer = peerSocket(ada.participant.id, ada.token);
    await expect.poll(() => adaRoom.frames.some((f) => f.type === 'welcome')).toBe(true);
    await expect.poll(() => adaPeer.frames.some((f) => f.type === 'OPEN')).toBe(true);

    // Grace's pre-join page holds a place; both its sockets open.
    const held = (await (await post(`/api/meetings/${meetingId}/visit`)).json()).reservation as { participantId: string; token: string };
    const graceRoom = roomSocket(held.participantId, held.token);
    const gracePeer = peerSocket(held.participantId, held.token);
    await graceRoom.opened;
    await expect.poll(() => gracePeer.frames.some((f) => f.type === 'OPEN')).toBe(true);

    // Held: no welcome and no roster, only pongs; what it sends is not read.
    graceRoom.ws.send(JSON.stringify({ type: 'media-state', audioMuted: false, videoMuted: false }));
    graceRoom.ws.send(JSON.stringify({ type: 'chat', text: 'hello?' }));
    graceRoom.ws.send(JSON.stringify({ type: 'ping', at: 7 }));
    await expect.poll(() => graceRoom.frames).toEqual([{ type: 'pong', at: 7 }]);
    // Its PeerJS socket can reach nobody, and nobody can reach it.
    gracePeer.ws.send(offer(ada.participant.id));
    adaPeer.ws.send(offer(held.participantId));
    await expect.poll(() => backend.signalling.stats().recentDrops.length).toBeGreaterThanOrEqual(2);
    const drops = backend.signalling.stats().recentDrops.slice(-2);
    expect(drops.map((d) => d.reason)).toEqual(['OFFER from someone not on the roster yet', 'OFFER to a peer outside this meeting']);
    expect(adaPeer.frames.filter((f) => f.type === 'OFFER')).toEqual([]);
    expect(gracePeer.frames.filter((f) => f.type === 'OFFER')).toEqual([]);
    // Ada's room heard nothing of Grace, and the room holds one person.
    expect(adaRoom.frames.filter((f) => f.type !== 'welcome' && f.type !== 'pong')).toEqual([]);
    expect(backend.hub.headcount(meetingId)).toBe(1);

    // The join takes the place: the held channel gets its welcome, Ada sees Grace, offers flow.
    const joined = await post(`/api/meetings/${meetingId}/join`, {
      name: 'Grace',
      reservation: { participantId: held.participantId, token: held.token },
    });
    expect(joined.status).toBe(201);
    expect((await joined.json()).participant.id).toBe(held.participantId);
    await expect
      .poll(() => graceRoom.frames.find((f) => f.type === 'welcome')?.participants.map((p: any) => p.name))
      .toEqual(['Ada', 'Grace']);
    await expect.poll(() => adaRoom.frames.find((f) => f.type === 'participant-joined')?.participant.name).toBe('Grace');
    gracePeer.ws.send(offer(ada.participant.id));
    await expect.poll(() => adaPeer.frames.filter((f) => f.type === 'OFFER').map((f) => f.src)).toEqual([held.participantId]);
  });

  it("a socket that comes after its join (a slow network) is the participant's while they are in the room, and a made-up token never opens one", async () => {
    const held = (await (await post(`/api/meetings/${meetingId}/visit`)).json()).reservation as { participantId: string; token: string };
    const joined = await (
      await post(`/api/meetings/${meetingId}/join`, { name: 'Late', reservation: { participantId: held.participantId, token: held.token } })
    ).json();
    const late = roomSocket(held.participantId, held.token);
    await expect.poll(() => late.frames.find((f) => f.type === 'welcome')?.participantId).toBe(held.participantId);
    const latePeer = peerSocket(held.participantId, held.token);
    await expect.poll(() => latePeer.frames.some((f) => f.type === 'OPEN')).toBe(true);
    // Gone from the room: the reservation's token opens nothing any more.
    const left = await post(`/api/meetings/${meetingId}/leave`, { participantId: held.participantId, token: joined.token });
    expect(left.status).toBe(204);
    expect(await roomSocket(held.participantId, held.token).closed).toBe(4003);
    const madeUp = roomSocket('AAAAAAAAAAAAAAAAAAAAAA', 'x'.repeat(32));
    expect(await madeUp.closed).toBe(4003);
  });
});
