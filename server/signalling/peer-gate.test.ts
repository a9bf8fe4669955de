import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { testConfig } from '../config.ts';
import { createBackend } from '../create-backend.ts';
import { createMemoryMailer } from '../../test/server/memory-mailer.ts';
import { createMemoryStorage } from '../storage/lowdb/lowdb-storage.ts';
import { createPeerGate } from './peer-gate.ts';

/**
 * The PeerServer gate attacked over real sockets, as an outsider would: a participant of one
 * meeting trying to signal a participant of another, sockets opened with borrowed paths, old
 * sockets kept open, messages PeerServer should never relay.
 */
describe('PeerServer gate', () => {
  const backend = createBackend({
    config: testConfig(),
    storage: createMemoryStorage(),
    mailer: createMemoryMailer(),
  });
  let base = '';
  const open: WebSocket[] = [];

  const post = async (path: string, body: unknown, cookie = '') => {
    const res = await fetch(`http://${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://${base}`, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
  };
  async function meetingOf(email: string) {
    const signup = await post('/api/auth/signup', { email, password: 'long enough password', name: email });
    const cookie = signup.headers.get('set-cookie')!.split(';')[0]!;
    const meeting = await post(
      '/api/meetings',
      { title: 'x', startsAt: '2026-12-01T10:00:00Z', durationMinutes: 10, waitingRoom: false },
      cookie,
    );
    /** Joins and opens the room channel: on everyone's roster, as a page in the call is. */
    const join = async (name: string) => {
      const who = await joinOnly(name);
      await roomChannel(meeting.body.id, who);
      return who;
    };
    /** Joins over the API only: in the meeting, but never on anyone's roster. */
    const joinOnly = async (name: string) => {
      const res = await post(`/api/meetings/${meeting.body.id}/join`, { name }, cookie);
      return { id: res.body.participant.id as string, token: res.body.token as string };
    };
    return { id: meeting.body.id as string, join, joinOnly };
  }

  async function roomChannel(meetingId: string, who: { id: string; token: string }) {
    const ws = new WebSocket(`ws://${base}/ws/rooms/${meetingId}?participantId=${who.id}&token=${encodeURIComponent(who.token)}`);
    open.push(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.on('message', (d) => JSON.parse(d.toString()).type === 'welcome' && resolve());
    });
  }

  /** A PeerJS client's socket, with every message it receives. */
  async function peerSocket(meetingId: string, who: { id: string; token: string }) {
    const ws = new WebSocket(`ws://${base}/peerjs/m/${meetingId}/peerjs?key=peerjs&id=${who.id}&token=${who.token}&version=1.5.5`);
    open.push(ws);
    const received: any[] = [];
    ws.on('message', (d) => received.push(JSON.parse(d.toString())));
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.on('message', (d) => JSON.parse(d.toString()).type === 'OPEN' && resolve());
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    return { ws, received, closed, send: (m: object) => ws.send(JSON.stringify(m)) };
  }
  const offerTo = (dst: string) => ({
    type: 'OFFER',
    dst,
    payload: { sdp: { type: 'offer', sdp: 'v=0' }, type: 'media', connectionId: 'mc_attack' },
  });
  /** What the gate dropped, as `<from> <reason>` lines. */
  const drops = () => backend.signalling.stats().recentDrops.map((d) => `from ${d.from} in ${d.meetingId}: ${d.reason}`);
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((r) => setTimeout(r, 5));
  };

  beforeAll(async () => {
    await new Promise<void>((resolve) => backend.server.listen(0, '127.0.0.1', resolve));
    base = `127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const ws of open) ws.terminate();
    await backend.close();
  });

  it('never relays an OFFER, ANSWER, CANDIDATE or LEAVE to a participant of another meeting', async () => {
    const a = await meetingOf('victim@example.com');
    const b = await meetingOf('attacker@example.com');
    const victim = await peerSocket(a.id, await a.join('Host A'));
    const colleague = await a.join('Guest A');
    const colleagueSocket = await peerSocket(a.id, colleague);
    const attacker = await b.join('Attacker');
    const attackerSocket = await peerSocket(b.id, attacker);
    const victimId = new URL(victim.ws.url).searchParams.get('id')!;

    for (const type of ['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE']) attackerSocket.send({ ...offerTo(victimId), type });
    await until(() => drops().filter((w) => w.includes(`from ${attacker.id}`) && w.includes('outside this meeting')).length >= 3);
    // The same meeting still works, and it is the only thing the victim ever received.
    colleagueSocket.send(offerTo(victimId));
    await until(() => victim.received.some((m) => m.type === 'OFFER'));
    expect(victim.received.filter((m) => m.type !== 'OPEN')).toEqual([{ ...offerTo(victimId), src: colleague.id }]);
    expect(backend.signalling.stats().dropped).toBeGreaterThanOrEqual(4);
  });

  it('relays nothing from or to someone who joined but stays off the roster (no room channel)', async () => {
    const a = await meetingOf('hidden@example.com');
    const host = await a.join('Host');
    const hostSocket = await peerSocket(a.id, host);
    const hidden = await a.joinOnly('Invisible');
    const hiddenSocket = await peerSocket(a.id, hidden);
    hiddenSocket.send(offerTo(host.id));
    await until(() => drops().some((w) => w.includes(`from ${hidden.id}`) && w.includes('not on the roster')));
    hostSocket.send(offerTo(hidden.id));
    await until(() => drops().some((w) => w.includes(`from ${host.id}`) && w.includes('outside this meeting')));
    expect(hostSocket.received.filter((m) => m.type !== 'OPEN')).toEqual([]);
    expect(hiddenSocket.received.filter((m) => m.type !== 'OPEN')).toEqual([]);
  });

  it("refuses a socket on another meeting's path, even with a valid participant id and token", async () => {
    const a = await meetingOf('victim2@example.com');
    const b = await meetingOf('attacker2@example.com');
    const attacker = await b.join('Attacker');
    const ws = new WebSocket(`ws://${base}/peerjs/m/${a.id}/peerjs?key=peerjs&id=${attacker.id}&token=${attacker.token}`);
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });

  it('keeps one socket per participant: a newer one closes the older, which can no longer send', async () => {
    const a = await meetingOf('one-socket@example.com');
    const host = await a.join('Host');
    const guest = await a.join('Guest');
    const hostSocket = await peerSocket(a.id, host);
    const sockets = [];
    for (let i = 0; i < 5; i++) sockets.push(await peerSocket(a.id, guest));
    const older = sockets.slice(0, -1);
    await Promise.all(older.map((s) => s.closed));
    expect(older.every((s) => s.ws.readyState === WebSocket.CLOSED)).toBe(true);
    const newest = sockets.at(-1)!;
    expect(newest.ws.readyState).toBe(WebSocket.OPEN);
    newest.send(offerTo(host.id));
    await until(() => hostSocket.received.some((m) => m.type === 'OFFER'));
    expect(hostSocket.received.filter((m) => m.type === 'OFFER')).toHaveLength(1);
  });

  it("closes a participant's socket when they leave, and drops what is not PeerJS signalling", async () => {
    const a = await meetingOf('leaver@example.com');
    const host = await a.join('Host');
    const guest = await a.join('Guest');
    const hostSocket = await peerSocket(a.id, host);
    const guestSocket = await peerSocket(a.id, guest);
    guestSocket.send({ type: 'EXPIRE', dst: host.id });
    guestSocket.send({ type: 'ID-TAKEN', dst: host.id });
    guestSocket.send({ type: 'OFFER' });
    await until(() => drops().filter((w) => w.includes(`from ${guest.id}`)).length >= 3);
    expect(hostSocket.received.filter((m) => m.type !== 'OPEN')).toEqual([]);

    expect((await post(`/api/meetings/${a.id}/leave`, { participantId: guest.id, token: guest.token })).status).toBe(204);
    expect(await guestSocket.closed).toBe(1000);
  });
});

/**
 * The gate on its own HTTP server, everyone present in one meeting: what PeerServer sends to a
 * socket the server is closing (`ws` drops it) is kept for that peer's next socket.
 */
describe('PeerServer gate: a socket that is closing', () => {
  const server = createServer();
  const gate = createPeerGate(server, { key: 'peerjs', isAllowed: () => true, presence: () => 'present', log: () => undefined });
  server.on('upgrade', (req, socket, head) => gate.handleUpgrade(req, socket, head));
  let base = '';
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((r) => setTimeout(r, 5));
  };
  const path = (id: string) => `/peerjs/m/m1/peerjs?key=peerjs&id=${id}&token=t-${id}&version=1.5.5`;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    gate.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function peerSocket(id: string) {
    const ws = new WebSocket(`ws://${base}${path(id)}`);
    const received: { type: string; src?: string }[] = [];
    ws.on('message', (d) => received.push(JSON.parse(d.toString())));
    await until(() => received.some((m) => m.type === 'OPEN'));
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    return { ws, received, closed, send: (m: object) => ws.send(JSON.stringify(m)) };
  }

  /** A socket made by hand that answers nothing, not even a close: closed by the server, it stays closing there. */
  async function silentPeerSocket(id: string) {
    const socket = connect(Number(base.split(':')[1]), '127.0.0.1');
    let bytes = '';
    socket.on('data', (d) => (bytes += d.toString('latin1')));
    socket.write(
      `GET ${path(id)} HTTP/1.1\r\nHost: ${base}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await until(() => bytes.includes('"OPEN"'));
    return socket;
  }

  const offer = (dst: string, connectionId: string) => ({
    type: 'OFFER',
    dst,
    payload: { sdp: { type: 'offer', sdp: 'v=0' }, type: 'media', connectionId },
  });

  /** `host` sends an OFFER, a CANDIDATE and a LEAVE to `guest` while the server closes the guest's socket. */
  async function sentWhileClosing(hostId: string, guestId: string) {
    const old = await silentPeerSocket(guestId);
    const first = await peerSocket(hostId);
    gate.closeAll(1012, 'moving');
    await first.closed;
    const host = await peerSocket(hostId);
    const kept = gate.stats().keptForNextSocket;
    host.send(offer(guestId, 'mc_1'));
    host.send({ type: 'CANDIDATE', dst: guestId, payload: { candidate: { candidate: 'c1' }, type: 'media', connectionId: 'mc_1' } });
    host.send({ type: 'LEAVE', dst: guestId });
    await until(() => gate.stats().keptForNextSocket === kept + 2);
    return { old, host };
  }

  /** What the guest's next socket gets, up to an OFFER the host sends once it is open (all sent before it are in). */
  async function nextSocketGets(host: Awaited<ReturnType<typeof peerSocket>>, guestId: string) {
    const fresh = await peerSocket(guestId);
    host.send(offer(guestId, 'mc_after'));
    await until(() => fresh.received.some((m) => (m as { payload?: { connectionId?: string } }).payload?.connectionId === 'mc_after'));
    return fresh.received;
  }

  it('keeps the OFFER and CANDIDATE relayed meanwhile for the peer’s next socket (a page reloading), not a LEAVE', async () => {
    const { old, host } = await sentWhileClosing('host-1', 'guest-1');
    const got = await nextSocketGets(host, 'guest-1');
    expect(got.map((m) => m.type)).toEqual(['OPEN', 'OFFER', 'CANDIDATE', 'OFFER']);
    expect(got[1]).toMatchObject({ type: 'OFFER', src: 'host-1', dst: 'guest-1', payload: { connectionId: 'mc_1' } });
    old.destroy();
  });

  it('forgets what it kept for a peer who left the meeting, or whose next socket did not come within 30 s', async () => {
    const left = await sentWhileClosing('host-2', 'guest-2');
    gate.disconnect('guest-2');
    expect((await nextSocketGets(left.host, 'guest-2')).map((m) => m.type)).toEqual(['OPEN', 'OFFER']);
    left.old.destroy();
    const late = await sentWhileClosing('host-3', 'guest-3');
    expect(gate.sweep()).toBe(0);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 30_001);
      expect(gate.sweep()).toBe(1);
    } finally {
      vi.useRealTimers();
    }
    expect((await nextSocketGets(late.host, 'guest-3')).map((m) => m.type)).toEqual(['OPEN', 'OFFER']);
    late.old.destroy();
  });
});
