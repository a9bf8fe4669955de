import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LobbyCloseCode } from '../../shared/lobby-events.ts';
import { RoomCloseCode } from '../../shared/room-events.ts';
import { testConfig } from '../config.ts';
import { createBackend } from '../create-backend.ts';
import { listenAndSignUp } from '../../test/server/listen-and-sign-up.ts';
import { createMemoryMailer } from '../../test/server/memory-mailer.ts';
import { createMemoryStorage } from '../storage/lowdb/lowdb-storage.ts';

/** The real HTTP server with its upgrade routing: PeerServer gate and room channel. */
describe('HTTP server and WebSocket routing', () => {
  const backend = createBackend({
    config: testConfig(),
    storage: createMemoryStorage(),
    mailer: createMemoryMailer(),
  });
  const { server } = backend;
  let base = '';
  let meetingId = '';
  let cookie = '';

  beforeAll(async () => {
    ({ base, cookie } = await listenAndSignUp(server));
    const res = await fetch(`http://${base}/api/meetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie },
      body: JSON.stringify({ title: 'x', startsAt: '2026-12-01T10:00:00Z', durationMinutes: 10 }),
    });
    meetingId = (await res.json()).id;
  });
  afterAll(() => backend.close());

  const join = async (name: string) =>
    (await fetch(`http://${base}/api/meetings/${meetingId}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie },
      body: JSON.stringify({ name }),
    }).then((r) => r.json())) as { participant: { id: string }; token: string };

  const firstMessage = (ws: WebSocket) =>
    new Promise<any>((resolve, reject) => {
      ws.once('message', (d) => resolve(JSON.parse(d.toString())));
      ws.once('error', reject);
    });
  const upgradeStatus = (ws: WebSocket) =>
    new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });

  it('lets a participant open their PeerJS socket with their token', async () => {
    const a = await join('A');
    const ws = new WebSocket(`ws://${base}/peerjs/m/${meetingId}/peerjs?key=peerjs&id=${a.participant.id}&token=${a.token}`);
    expect(await firstMessage(ws)).toEqual({ type: 'OPEN' });
    ws.close();
  });

  it("refuses a PeerJS socket with someone else's id (403)", async () => {
    const a = await join('A');
    const ws = new WebSocket(`ws://${base}/peerjs/m/${meetingId}/peerjs?key=peerjs&id=${a.participant.id}&token=forged`);
    expect(await upgradeStatus(ws)).toBe(403);
    const stranger = new WebSocket(`ws://${base}/peerjs/m/${meetingId}/peerjs?key=peerjs&id=madeup123&token=whatever`);
    expect(await upgradeStatus(stranger)).toBe(403);
    // The old meeting-less path is gone.
    const global = new WebSocket(`ws://${base}/peerjs/peerjs?key=peerjs&id=${a.participant.id}&token=${a.token}`);
    expect(await upgradeStatus(global)).toBe(404);
  });

  it('opens the room channel with a welcome, and refuses a bad token with 4003', async () => {
    const a = await join('A');
    const ws = new WebSocket(`ws://${base}/ws/rooms/${meetingId}?participantId=${a.participant.id}&token=${a.token}`);
    const welcome = await firstMessage(ws);
    expect(welcome.type).toBe('welcome');
    ws.send('not json');
    expect((await firstMessage(ws)).type).toBe('error');
    ws.close();
    const bad = new WebSocket(`ws://${base}/ws/rooms/${meetingId}?participantId=${a.participant.id}&token=nope`);
    const code = await new Promise<number>((resolve) => bad.once('close', (c) => resolve(c)));
    expect(code).toBe(4003);
  });

  it('closes a room channel or waiting-room socket whose path is not valid percent-encoding, and lives on', async () => {
    for (const [path, code] of [
      ['/ws/rooms/%zz?participantId=a&token=b', RoomCloseCode.NotFound],
      ['/ws/lobby/%zz?waiterId=a&token=b', LobbyCloseCode.Unknown],
    ] as const) {
      const ws = new WebSocket(`ws://${base}${path}`);
      expect(await new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)))).toBe(code);
    }
    expect((await fetch(`http://${base}/api/health`)).status).toBe(200);
  });

  it('serves no PeerServer HTTP routes: our 404 in our error shape, and no CORS for any origin', async () => {
    for (const path of ['/peerjs', '/peerjs/%zz/id', '/peerjs/peerjs/id', '/peerjs/peerjs/peers', `/peerjs/m/${meetingId}/peerjs`]) {
      const res = await fetch(`http://${base}${path}`, { headers: { origin: 'https://evil.example' } });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
      expect(text).not.toMatch(/node_modules|at /);
    }
  });

  it('answers a request it cannot read (a backslash in the path) with a 400 in our error shape', async () => {
    const { connect } = await import('node:net');
    const [host, port] = base.split(':') as [string, string];
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), host, () => socket.write('GET /api/\\ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('close', () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('"code":"bad_request"');
  });

  it('answers other upgrade paths with 404', async () => {
    const ws = new WebSocket(`ws://${base}/elsewhere`);
    expect(await upgradeStatus(ws)).toBe(404);
  });
});
