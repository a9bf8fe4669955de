import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Cluster, startCluster, waitFor } from '../../deploy/cluster/start-cluster.ts';

/**
 * The cluster from outside, with real parts: PostgreSQL from Debian's binaries, two server
 * processes and Debian's HAProxy with deploy/haproxy.cfg, all on loopback ports (the test fails,
 * never skips, when haproxy or postgresql is missing). Each answer names its node (X-Node).
 */
let cluster: Cluster;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cluster-test-'));
  // PostgreSQL runs as the postgres user when we are root: it must reach its folder inside.
  chmodSync(dir, 0o755);
  cluster = await startCluster({
    port: 0,
    nodes: 3,
    dir,
    durable: false,
    nodeEnv: { PWA_DIR: '', LOG_LEVEL: 'warn', JOIN_TIMEOUT_MS: '120000' },
  });
}, 240_000);

let keep = false;
afterEach(({ task }) => {
  if (task.result?.state === 'fail') keep = true;
});

afterAll(async () => {
  await cluster?.stop();
  // Kept when something failed: logs/ has each node's log and HAProxy's.
  if (!keep) rmSync(dir, { recursive: true, force: true });
  else console.error(`cluster test failed: logs in ${path.join(dir, 'logs')}`);
}, 60_000);

interface Call {
  status: number;
  node: string | null;
  body: any;
  cookie: string | null;
}

async function call(method: string, url: string, { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${cluster.url}${url}`, {
    method,
    headers: { origin: cluster.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? null;
  const result: Call = { status: res.status, node: res.headers.get('x-node'), body: parsed, cookie };
  return result;
}

let hosts = 0;
async function newHost() {
  const n = ++hosts;
  const signup = await call('POST', '/api/auth/signup', {
    body: { email: `host${n}-${Date.now()}@example.org`, password: 'correct horse battery staple', name: `Host ${n}` },
  });
  expect(signup.status, JSON.stringify(signup.body)).toBe(201);
  return { cookie: signup.cookie! };
}

async function newMeeting(cookie: string, waitingRoom: boolean) {
  const startsAt = new Date(Date.now() + 60_000).toISOString();
  const res = await call('POST', '/api/meetings', {
    body: { title: 'Cluster', startsAt, durationMinutes: 60, waitingRoom },
    headers: { cookie },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

/** The guest link's token, from the link the owner hands out (`/m/<id>?invite=<token>`). */
async function linkTokenOf(meetingId: string, cookie: string): Promise<string> {
  const res = await call('GET', `/api/meetings/${meetingId}/invites`, { headers: { cookie } });
  return new URL(res.body.link).searchParams.get('invite')!;
}

describe('cluster behind HAProxy', () => {
  it('sends every request of one meeting to one node, and spreads meetings over the nodes', async () => {
    const { cookie } = await newHost();
    const byMeeting = new Map<string, Set<string>>();
    for (let i = 0; i < 12; i++) {
      const meeting = await newMeeting(cookie, false);
      const nodes = new Set<string>();
      for (const url of [
        `/api/meetings/${meeting.id}`,
        `/api/meetings/${meeting.id}/info`,
        `/m/${meeting.id}`,
        `/peerjs/m/${meeting.id}/peerjs/id`,
        `/api/meetings/${meeting.id}`,
      ]) {
        const res = await call('GET', url, { headers: { cookie } });
        expect(res.node, url).toMatch(/^node\d$/);
        nodes.add(res.node!);
      }
      byMeeting.set(meeting.id, nodes);
    }
    for (const [id, nodes] of byMeeting) expect([...nodes], id).toHaveLength(1);
    const used = new Set([...byMeeting.values()].map((s) => [...s][0]));
    expect(used.size).toBeGreaterThan(1);
  }, 120_000);

  it('drains a node on SIGTERM: its meetings answer all along, its pages hear "moving" and reconnect at once on another node', async () => {
    const { cookie } = await newHost();
    const meeting = await newMeeting(cookie, false);
    const link = await linkTokenOf(meeting.id, cookie);
    const host = await call('POST', `/api/meetings/${meeting.id}/join`, { body: { name: 'Host' }, headers: { cookie } });
    const guest = await call('POST', `/api/meetings/${meeting.id}/join`, {
      body: { name: 'Guest' },
      headers: { 'x-invite-token': link, 'x-device-id': 'device-drained-0001' },
    });
    expect([host.status, guest.status]).toEqual([201, 201]);
    const home = host.node!;
    const pages = [host.body, guest.body].map((b) => openRoomSocket(meeting.id, b.participant.id, b.token));
    await Promise.all(pages.map((p) => p.welcome));

    // Requests for the meeting go on through the whole drain: none fails.
    const failures: string[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const res = await call('GET', `/api/meetings/${meeting.id}/info`, { headers: { 'x-invite-token': link } }).catch((e: Error) => ({
          status: 0,
          body: e.message,
        }));
        if (res.status !== 200) failures.push(`${res.status} ${JSON.stringify(res.body)}`);
        // Densely: a request under way as HAProxy takes the node out must finish too (when the
        // meetings' requests and sockets shared a backend with `shutdown-sessions`, polling every
        // 5 ms found one cut in one drain of five; deploy/haproxy.cfg).
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const node = cluster.nodes.find((n) => n.name === home)!;
    const termAt = Date.now();
    const exited = node.kill('SIGTERM');
    for (const page of pages) {
      // Told at once…
      await waitFor('moving', async () => page.events.some((e) => e.type === 'moving'), 10_000);
      // …then the socket goes (HAProxy cuts it as it takes the node out, or the node closes it with 1012).
      const closed = await page.closed;
      expect([1006, 1012], `close ${closed.code} ${closed.reason}`).toContain(closed.code);
    }
    const movedMs = Date.now() - termAt;
    // The page reconnects at once, with the same ticket, and lands on another node, where both are in the room.
    const again = [host.body, guest.body].map((b) => openRoomSocket(meeting.id, b.participant.id, b.token));
    const welcomes = await Promise.all(again.map((p) => p.welcome));
    const reconnectedMs = Date.now() - termAt;
    await waitFor('both back in the room', async () => {
      const res = await call('GET', `/api/meetings/${meeting.id}/participants`, { headers: { cookie } });
      return res.status === 200 && res.node !== home && res.body.participants.length === 2;
    });
    expect(welcomes.map((w) => w.participantId)).toEqual([host.body.participant.id, guest.body.participant.id]);
    await exited;
    polling = false;
    await poller;
    expect(node.exitCode).toBe(0);
    expect(failures).toEqual([]);
    for (const p of again) p.socket.close();
    console.info(`cluster drain: pages moved ${movedMs} ms and back in ${reconnectedMs} ms after SIGTERM to ${home}`);
  }, 120_000);

  it('moves a meeting to the other node when its node dies: tokens, admissions and the lock survive', async () => {
    const { cookie } = await newHost();
    const meeting = await newMeeting(cookie, true);
    const owned = await call('GET', `/api/meetings/${meeting.id}`, { headers: { cookie } });
    const link = await linkTokenOf(meeting.id, cookie);
    const home = owned.node!;
    const guest = { 'x-invite-token': link, 'x-device-id': 'device-guest-000001' };
    const stranger = { 'x-invite-token': link, 'x-device-id': 'device-stranger-0001' };

    // The host is in; a guest knocks and is let in (the waiting room's answer comes over its socket).
    const host = await call('POST', `/api/meetings/${meeting.id}/join`, { body: { name: 'Host' }, headers: { cookie } });
    expect(host.status, JSON.stringify(host.body)).toBe(201);
    const knock = await call('POST', `/api/meetings/${meeting.id}/lobby`, { body: { name: 'Guest' }, headers: guest });
    expect(knock.status, JSON.stringify(knock.body)).toBe(202);
    const admit = await call('POST', `/api/meetings/${meeting.id}/lobby/${knock.body.waiterId}/admit`, { headers: { cookie } });
    expect(admit.status).toBe(204);
    const admitted = await lobbyOutcome(meeting.id, knock.body.waiterId, knock.body.token);
    expect(admitted.type).toBe('admitted');
    const lock = await call('PUT', `/api/meetings/${meeting.id}/lock`, { body: { locked: true }, headers: { cookie } });
    expect(lock.status).toBe(204);
    expect((await call('POST', `/api/meetings/${meeting.id}/join`, { body: { name: 'Late' }, headers: stranger })).body.error.code).toBe(
      'meeting_locked',
    );

    // The meeting's node dies without a word.
    const killedAt = Date.now();
    await cluster.nodes.find((n) => n.name === home)!.kill('SIGKILL');
    const moved = await waitFor('the meeting on the other node', async () => {
      const res = await call('GET', `/api/meetings/${meeting.id}/info`, { headers: guest }).catch(() => null);
      return res?.status === 200 && res.node !== home ? res : null;
    });
    const failoverMs = Date.now() - killedAt;
    console.info(`cluster failover: the meeting answered from ${moved.node} ${failoverMs} ms after ${home} was killed`);

    // The guest's page comes back with its rejoin ticket: same participant, no waiting room.
    const rejoin = await call('POST', `/api/meetings/${meeting.id}/join`, {
      body: { name: 'Guest', rejoin: { participantId: admitted.participantId, token: admitted.token } },
      headers: guest,
    });
    expect(rejoin.status, JSON.stringify(rejoin.body)).toBe(200);
    expect(rejoin.node).toBe(moved.node);
    expect(rejoin.body.participant.id).toBe(admitted.participantId);
    // …and its room channel opens on the new node with the same token.
    const welcome = await roomWelcome(meeting.id, admitted.participantId, admitted.token);
    expect(welcome.participantId).toBe(admitted.participantId);
    // A ticket that was never issued is refused.
    const forged = await call('POST', `/api/meetings/${meeting.id}/join`, {
      body: { name: 'Guest', rejoin: { participantId: admitted.participantId, token: `${admitted.token.slice(0, -2)}AA` } },
      headers: stranger,
    });
    expect(forged.body.error?.code).toBe('meeting_locked');

    // Still locked on the new node, for the host and for newcomers.
    const lobby = await call('GET', `/api/meetings/${meeting.id}/lobby`, { headers: { cookie } });
    expect(lobby.body.locked).toBe(true);
    expect((await call('POST', `/api/meetings/${meeting.id}/lobby`, { body: { name: 'Late' }, headers: stranger })).body.error.code).toBe(
      'meeting_locked',
    );
    // Unlocked: the admitted browser walks straight in, a new one waits.
    expect((await call('PUT', `/api/meetings/${meeting.id}/lock`, { body: { locked: false }, headers: { cookie } })).status).toBe(204);
    expect((await call('POST', `/api/meetings/${meeting.id}/lobby`, { body: { name: 'Guest' }, headers: guest })).body.state).toBe(
      'admitted',
    );
    expect((await call('POST', `/api/meetings/${meeting.id}/lobby`, { body: { name: 'New' }, headers: stranger })).body.state).toBe(
      'waiting',
    );

    // The dead node comes back: the meeting stays where its pages are now (no call split in two).
    const dead = cluster.nodes.find((n) => n.name === home)!;
    await dead.restart();
    await waitFor('HAProxy to use the restarted node again', async () => {
      for (let i = 0; i < 6; i++) if ((await call('GET', '/api/health')).node === home) return true;
      return false;
    });
    for (let i = 0; i < 5; i++) expect((await call('GET', `/api/meetings/${meeting.id}/info`, { headers: guest })).node).toBe(moved.node);
  }, 180_000);
});

function wsUrl(pathAndQuery: string) {
  return `${cluster.url.replace(/^http/, 'ws')}${pathAndQuery}`;
}

/** The first message of a socket that answers `type`. */
function firstOfType(url: string, type: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { origin: cluster.url } });
    const timer = setTimeout(() => reject(new Error(`no ${type} on ${url}`)), 20_000);
    ws.on('message', (data) => {
      const event = JSON.parse(data.toString());
      if (event.type !== type) return;
      clearTimeout(timer);
      ws.close();
      resolve(event);
    });
    ws.on('close', (code, reason) => reject(new Error(`${url} closed: ${code} ${reason}`)));
    ws.on('error', reject);
  });
}

/** A room channel socket as the page keeps it: every event, the welcome, and how it closed. */
function openRoomSocket(meetingId: string, participantId: string, token: string) {
  const url = wsUrl(`/ws/rooms/${meetingId}?participantId=${participantId}&token=${encodeURIComponent(token)}`);
  const socket = new WebSocket(url, { headers: { origin: cluster.url } });
  const events: any[] = [];
  let welcomed: (event: any) => void = () => undefined;
  const welcome = new Promise<any>((resolve, reject) => {
    welcomed = resolve;
    setTimeout(() => reject(new Error(`no welcome on ${url}`)), 20_000).unref();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  socket.on('error', () => undefined);
  socket.on('message', (data) => {
    const event = JSON.parse(data.toString());
    events.push(event);
    if (event.type === 'welcome') welcomed(event);
  });
  return { socket, events, welcome, closed };
}

const lobbyOutcome = (meetingId: string, waiterId: string, token: string) =>
  firstOfType(wsUrl(`/ws/lobby/${meetingId}?waiterId=${waiterId}&token=${encodeURIComponent(token)}`), 'admitted');

const roomWelcome = (meetingId: string, participantId: string, token: string) =>
  firstOfType(wsUrl(`/ws/rooms/${meetingId}?participantId=${participantId}&token=${encodeURIComponent(token)}`), 'welcome');
