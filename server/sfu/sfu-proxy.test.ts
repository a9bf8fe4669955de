import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEVICE_ID_HEADER } from '../../shared/api/host-controls.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { SfuCloseCode } from '../../shared/sfu/sfu-proxy.ts';
import { listenAndSignUp } from '../../test/server/listen-and-sign-up.ts';
import { createMemoryMailer } from '../../test/server/memory-mailer.ts';
import { publishWithWerift } from '../../test/server/sfu/werift-publisher.ts';
import { testConfig } from '../config.ts';
import { createBackend } from '../create-backend.ts';
import { createMemoryStorage } from '../storage/lowdb/lowdb-storage.ts';
import { connectJanus, createSession } from './janus-client.ts';
import { testSfuSettings } from './sfu-config.ts';
import { VIDEOROOM } from './sfu-rooms.ts';

type Joined = { participant: { id: string }; token: string };
const METRICS_TOKEN = 'metrics-token-0123456789';

/**
 * The real server with Debian's Janus beside it (SFU=janus, MESH_MAX=2): the third participant
 * moves the meeting to the SFU, and the browser's only way to Janus is the proxy.
 */
describe('SFU switch and the Janus proxy', () => {
  const backend = createBackend({
    config: testConfig({
      metricsToken: METRICS_TOKEN,
      sfu: testSfuSettings({ mode: 'janus', meshMax: 2, iceEnforceList: '127.0.0.1', rtpPortRange: '43000-43999' }),
    }),
    storage: createMemoryStorage(),
    mailer: createMemoryMailer(),
  });
  const { server, hub, deps } = backend;
  let base = '';
  let cookie = '';
  const sockets: WebSocket[] = [];

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { cookie }) => {
    const res = await fetch(`http://${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  const newMeeting = async (mediaMode?: 'auto' | 'mesh' | 'sfu') =>
    (
      await api('POST', '/api/meetings', {
        title: 'x',
        startsAt: '2026-12-01T10:00:00Z',
        durationMinutes: 10,
        waitingRoom: false,
        mediaMode,
      })
    ).body.id as string;
  /** Joins and opens the room channel; the events it hears. */
  const enter = async (meetingId: string, name: string, asGuest = false) => {
    const link = asGuest ? (await api('GET', `/api/meetings/${meetingId}/invites`)).body.link : '';
    const headers: Record<string, string> = asGuest
      ? { [INVITE_HEADER]: new URL(link).searchParams.get('invite')!, [DEVICE_ID_HEADER]: `device-${name}` }
      : { cookie };
    const joined = (await api('POST', `/api/meetings/${meetingId}/join`, { name }, headers)).body as Joined;
    const events: { type: string; mode?: string; mediaMode?: string }[] = [];
    const channel = new WebSocket(`ws://${base}/ws/rooms/${meetingId}?participantId=${joined.participant.id}&token=${joined.token}`);
    sockets.push(channel);
    channel.on('message', (data) => events.push(JSON.parse(String(data))));
    await expect.poll(() => events.some((e) => e.type === 'welcome')).toBe(true);
    return {
      ...joined,
      id: joined.participant.id,
      events,
      proxyUrl: `ws://${base}/ws/sfu/${meetingId}?participantId=${joined.participant.id}&token=${joined.token}`,
    };
  };
  /** One sample of /metrics, e.g. `metric('meeting_sfu_up')`. */
  const metric = async (line: string) => {
    const text = await (await fetch(`http://${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    return Number(new RegExp(`^${line.replace(/[{}"=]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
  };
  const closeCode = (url: string) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(url, 'janus-protocol');
      ws.on('close', (code) => resolve(code));
      ws.on('error', () => undefined);
    });

  beforeAll(async () => {
    ({ base, cookie } = await listenAndSignUp(server));
    const deadline = Date.now() + 20_000;
    while (!deps.sfu.running() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (!deps.sfu.running()) throw new Error('Janus did not start (is it installed? apt install janus)');
  }, 30_000);
  afterAll(async () => {
    for (const ws of sockets) ws.close();
    await backend.close();
  });

  it('keeps a meeting on the mesh up to MESH_MAX, then moves everyone to the SFU; the cap is 50 with it', async () => {
    const meetingId = await newMeeting();
    const a = await enter(meetingId, 'A');
    const b = await enter(meetingId, 'B');
    expect(a.events[0]).toMatchObject({ type: 'welcome', mediaMode: 'mesh' });
    expect(await closeCode(a.proxyUrl)).toBe(SfuCloseCode.NoSfu);
    const c = await enter(meetingId, 'C');
    for (const p of [a, b, c]) await expect.poll(() => p.events.some((e) => e.type === 'media-mode' && e.mode === 'sfu')).toBe(true);
    expect(deps.mediaModes.modeOf(meetingId)).toBe('sfu');
    expect(deps.capacity.max()).toBe(50);
    // A latecomer hears it in the welcome.
    const d = await enter(meetingId, 'D');
    expect(d.events[0]).toMatchObject({ type: 'welcome', mediaMode: 'sfu' });
    // Everyone gone: the room on Janus goes too.
    for (const p of [a, b, c, d]) hub.leave(meetingId, p.id, 'left');
    await expect.poll(() => deps.sfu.rooms()!.has(meetingId)).toBe(false);
    expect(deps.mediaModes.modeOf(meetingId)).toBe('mesh');
  });

  it('follows a meeting pinned to the SFU from its first participant, and one pinned to the mesh never', async () => {
    const onSfu = await newMeeting('sfu');
    const alone = await enter(onSfu, 'Solo');
    await expect.poll(() => alone.events.some((e) => e.type === 'media-mode' && e.mode === 'sfu')).toBe(true);
    const onMesh = await newMeeting('mesh');
    const people = [await enter(onMesh, 'A'), await enter(onMesh, 'B'), await enter(onMesh, 'C')];
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(deps.mediaModes.modeOf(onMesh)).toBe('mesh');
    expect(people.flatMap((p) => p.events).some((e) => e.type === 'media-mode')).toBe(false);
    expect(deps.capacity.max('mesh')).toBe(6);
  });

  it('shows in /metrics that Janus is up, how many meetings are on it and how many sockets go through the proxy', async () => {
    expect(await metric('meeting_sfu_enabled')).toBe(1);
    expect(await metric('meeting_sfu_up')).toBe(1);
    const meetingsBefore = await metric('meeting_sfu_meetings');
    const meetingId = await newMeeting();
    const [a] = [await enter(meetingId, 'A'), await enter(meetingId, 'B'), await enter(meetingId, 'C')];
    await expect.poll(() => deps.mediaModes.modeOf(meetingId)).toBe('sfu');
    expect(await metric('meeting_sfu_meetings')).toBe(meetingsBefore + 1);
    const socketsBefore = await metric('meeting_sockets{kind="sfu"}');
    const proxied = new WebSocket(a.proxyUrl, 'janus-protocol');
    sockets.push(proxied);
    await new Promise((resolve) => proxied.once('open', resolve));
    await expect.poll(() => metric('meeting_sockets{kind="sfu"}')).toBe(socketsBefore + 1);
    proxied.close();
    await expect.poll(() => metric('meeting_sockets{kind="sfu"}')).toBe(socketsBefore);
  });

  it('lets only the meeting’s participants through, and only to their own room', async () => {
    const meetingId = await newMeeting();
    const [a] = [await enter(meetingId, 'A'), await enter(meetingId, 'B'), await enter(meetingId, 'C')];
    await expect.poll(() => deps.mediaModes.modeOf(meetingId)).toBe('sfu');
    expect(await closeCode(`ws://${base}/ws/sfu/${meetingId}?participantId=${a.id}&token=forged`)).toBe(SfuCloseCode.Unauthorized);
    expect(await closeCode(`ws://${base}/ws/sfu/${meetingId}?participantId=stranger&token=x`)).toBe(SfuCloseCode.Unauthorized);
    const other = await newMeeting();
    const elsewhere = await enter(other, 'E');
    expect(await closeCode(`ws://${base}/ws/sfu/${meetingId}?participantId=${elsewhere.id}&token=${elsewhere.token}`)).toBe(
      SfuCloseCode.Unauthorized,
    );

    const connection = await connectJanus({ url: a.proxyUrl });
    const session = await createSession(connection);
    const handle = await session.attach(VIDEOROOM);
    await expect(handle.request({ request: 'create', room: 'mine' })).rejects.toMatchObject({ code: 403 });
    await expect(handle.request({ request: 'destroy', room: meetingId })).rejects.toMatchObject({ code: 403 });
    await expect(handle.message({ request: 'join', ptype: 'subscriber', room: other, streams: [] })).rejects.toMatchObject({ code: 403 });
    await expect(session.attach('janus.plugin.streaming')).rejects.toMatchObject({ code: 403 });
    await expect(connection.request({ janus: 'info' })).rejects.toMatchObject({ code: 403 });
    // A publisher joins as themselves or their screen, never as anyone else.
    await expect(handle.message({ request: 'join', ptype: 'publisher', room: meetingId, id: 'someone-else' })).rejects.toMatchObject({
      code: 403,
    });
    const joined = await handle.message({ request: 'join', ptype: 'publisher', room: meetingId });
    expect(joined.data).toMatchObject({ videoroom: 'joined', room: meetingId, id: a.id });
    const screen = await (await session.attach(VIDEOROOM)).message({ request: 'join', ptype: 'publisher', id: `${a.id}~screen` });
    expect(screen.data).toMatchObject({ videoroom: 'joined', room: meetingId, id: `${a.id}~screen` });
    connection.close();
  });

  it('carries a werift publisher’s media to Janus, and closes a removed participant’s sessions', async () => {
    const meetingId = await newMeeting();
    const [a, b] = [await enter(meetingId, 'A'), await enter(meetingId, 'B', true), await enter(meetingId, 'C', true)];
    await expect.poll(() => deps.mediaModes.modeOf(meetingId)).toBe('sfu');
    const publisher = await publishWithWerift({ url: b.proxyUrl, room: meetingId, feedId: b.id });
    const screen = await publishWithWerift({ url: b.proxyUrl, room: meetingId, feedId: `${b.id}~screen` });
    try {
      await expect.poll(() => publisher.connected() && screen.connected(), { timeout: 10_000 }).toBe(true);
      expect((await deps.sfu.rooms()!.publishers(meetingId)).sort()).toEqual([b.id, `${b.id}~screen`].sort());
      const removed = await api('DELETE', `/api/meetings/${meetingId}/participants/${b.id}`);
      expect(removed.status).toBe(204);
      await expect.poll(() => deps.sfu.rooms()!.publishers(meetingId), { timeout: 5_000 }).toEqual([]);
      await expect.poll(() => backend.sfuProxy.openFor(b.id)).toBe(0);
      expect(a.events.some((e) => e.type === 'participant-left')).toBe(true);
    } finally {
      await publisher.close();
      await screen.close();
    }
  });

  it('survives a Janus crash: the meeting gets its room back and pages reconnect through the proxy', async () => {
    const meetingId = await newMeeting();
    const [a] = [await enter(meetingId, 'A'), await enter(meetingId, 'B'), await enter(meetingId, 'C')];
    await expect.poll(() => deps.mediaModes.modeOf(meetingId)).toBe('sfu');
    const before = new WebSocket(a.proxyUrl, 'janus-protocol');
    sockets.push(before);
    const closed = new Promise<number>((resolve) => before.on('close', (code) => resolve(code)));
    await new Promise((resolve) => before.once('open', resolve));
    const pid = deps.sfu.pid()!;
    const restartsBefore = await metric('meeting_sfu_restarts_total');
    process.kill(pid, 'SIGKILL');
    expect(await closed).toBe(1011);
    // The proxy's socket can close before the supervisor hears of the exit (which comes first varies with load).
    await expect.poll(() => !deps.sfu.running() || deps.sfu.pid() !== pid, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => deps.sfu.running() && deps.sfu.pid() !== pid, { timeout: 20_000 }).toBe(true);
    await expect.poll(() => deps.sfu.rooms()!.has(meetingId), { timeout: 10_000 }).toBe(true);
    expect(await metric('meeting_sfu_restarts_total')).toBe(restartsBefore + 1);
    expect(await metric('meeting_sfu_up')).toBe(1);
    const connection = await connectJanus({ url: a.proxyUrl });
    const handle = await (await createSession(connection)).attach(VIDEOROOM);
    const joined = await handle.message({ request: 'join', ptype: 'publisher', room: meetingId });
    expect(joined.data).toMatchObject({ videoroom: 'joined', id: a.id });
    connection.close();
  }, 40_000);
});
