import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaTracks, readMjrHeader } from '../recording/server-side/janus-files.ts';
import { DEFAULT_TOOLS, postProcess } from '../recording/server-side/post-process.ts';
import { connectJanus, createSession, JanusError, type JanusConnection } from './janus-client.ts';
import { type JanusSupervisor, startJanus } from './janus-supervisor.ts';
import { createSfuRooms, roomSecret, type SfuRooms, VIDEOROOM } from './sfu-rooms.ts';
import { publishWithWerift } from '../../test/server/sfu/werift-publisher.ts';

// Debian's Janus, started for these tests: a missing janus fails them (CI installs it).
describe('SFU rooms on a real Janus', () => {
  let janus: JanusSupervisor;
  let rooms: SfuRooms;
  const connections: JanusConnection[] = [];
  const connect = async (secret?: string) => {
    const connection = await connectJanus({ url: janus.endpoint.wsUrl, secret, timeoutMs: 5_000 });
    connections.push(connection);
    return connection;
  };

  beforeAll(async () => {
    janus = await startJanus({ iceEnforceList: '127.0.0.1', rtpPortRange: '41000-41999' });
    rooms = createSfuRooms({ endpoint: janus.endpoint, maxPublishers: 10 });
  }, 30_000);
  afterAll(async () => {
    for (const connection of connections) connection.close();
    rooms?.close();
    await janus?.stop();
  });

  it('answers only requests that carry the API secret', async () => {
    const stranger = await connect();
    await expect(stranger.request({ janus: 'create' })).rejects.toMatchObject({ code: 403 });
    const ours = await connect(janus.endpoint.apiSecret);
    const info = await ours.request({ janus: 'info' });
    expect(Object.keys(info.plugins as object)).toEqual([VIDEOROOM]);
  });

  it('creates a meeting room once, with a secret, and destroys it', async () => {
    await Promise.all([rooms.ensure('meeting-a'), rooms.ensure('meeting-a')]);
    expect(rooms.has('meeting-a')).toBe(true);
    expect(await rooms.publishers('meeting-a')).toEqual([]);
    await rooms.destroy('meeting-a');
    expect(rooms.has('meeting-a')).toBe(false);
    await expect(rooms.publishers('meeting-a')).rejects.toMatchObject({ code: 426 });
  });

  it('refuses to create or destroy rooms without the admin key and the secret', async () => {
    const session = await createSession(await connect(janus.endpoint.apiSecret));
    const handle = await session.attach(VIDEOROOM);
    await expect(handle.request({ request: 'create', room: 'sneaky' })).rejects.toBeInstanceOf(JanusError);
    await rooms.ensure('meeting-b');
    await expect(handle.request({ request: 'destroy', room: 'meeting-b', secret: 'guess' })).rejects.toMatchObject({ code: 433 });
    // Our server after a restart: the same secret, so the room is still ours.
    const again = createSfuRooms({ endpoint: janus.endpoint, maxPublishers: 10 });
    await again.ensure('meeting-b');
    await again.destroy('meeting-b');
    again.close();
    expect(roomSecret('k', 'm1')).not.toBe(roomSecret('k', 'm2'));
  });

  it('werift publishers reach the room, and a kick takes out the participant’s camera and screen feeds', async () => {
    await rooms.ensure('meeting-c');
    const publish = (feedId: string) =>
      publishWithWerift({ url: janus.endpoint.wsUrl, secret: janus.endpoint.apiSecret, room: 'meeting-c', feedId });
    const publishers = [await publish('participant-1'), await publish('participant-1~screen'), await publish('participant-2')];
    try {
      for (const publisher of publishers) await expect.poll(() => publisher.connected(), { timeout: 10_000 }).toBe(true);
      expect((await rooms.publishers('meeting-c')).sort()).toEqual(['participant-1', 'participant-1~screen', 'participant-2']);
      await rooms.kick('meeting-c', 'participant-1');
      await expect.poll(() => rooms.publishers('meeting-c'), { timeout: 5_000 }).toEqual(['participant-2']);
    } finally {
      for (const publisher of publishers) await publisher.close();
      await rooms.destroy('meeting-c');
    }
  });

  it('has Janus record a room into the folder asked, until told to stop; a publisher cannot switch it', async () => {
    await rooms.ensure('meeting-d');
    const publisher = await publishWithWerift({
      url: janus.endpoint.wsUrl,
      secret: janus.endpoint.apiSecret,
      room: 'meeting-d',
      feedId: 'participant-2',
    });
    const dir = await mkdtemp(path.join(tmpdir(), 'janus-rec-'));
    try {
      await expect.poll(() => publisher.connected(), { timeout: 10_000 }).toBe(true);
      // Recording cannot be switched without the room's secret (and the proxy strips `record` from a page's configure).
      const session = await createSession(await connect(janus.endpoint.apiSecret));
      const handle = await session.attach(VIDEOROOM);
      await expect(handle.request({ request: 'enable_recording', room: 'meeting-d', secret: 'guess', record: true })).rejects.toMatchObject(
        { code: 433 },
      );
      const startedAt = Date.now();
      await rooms.record('meeting-d', dir);
      // Opus silence every 20 ms: the file grows past its header.
      const audioFile = async () => {
        const [track] = mediaTracks(await readdir(dir));
        return track ? { track, header: await readMjrHeader(path.join(dir, track.name)) } : null;
      };
      await expect.poll(async () => (await audioFile())?.header?.c, { timeout: 10_000 }).toBe('opus');
      await expect
        .poll(async () => (await stat(path.join(dir, (await audioFile())!.track.name))).size, { timeout: 10_000 })
        .toBeGreaterThan(4_000);
      await rooms.record('meeting-d', null);
      const endedAt = Date.now();
      const { track, header } = (await audioFile())!;
      expect(track).toMatchObject({ room: 'meeting-d', feed: 'participant-2', kind: 'audio' });
      expect(header!.u / 1000).toBeGreaterThanOrEqual(startedAt - 1_000);
      // Stopped: the file no longer grows.
      const size = (await stat(path.join(dir, track.name))).size;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await stat(path.join(dir, track.name))).size).toBe(size);
      // …and post-processing makes it a WebM as long as the recording ran (a black picture: no camera).
      const out = path.join(dir, '..', `${path.basename(dir)}.webm`);
      const done = await postProcess({ dir, startedAtMs: startedAt, endedAtMs: endedAt, out, tools: DEFAULT_TOOLS });
      expect(done.durationMs).toBe(endedAt - startedAt);
      expect(existsSync(dir)).toBe(false);
      const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', out]);
      expect(Math.abs(Number(stdout) * 1000 - done.durationMs)).toBeLessThan(150);
    } finally {
      await publisher.close();
      await rooms.destroy('meeting-d');
    }
  }, 60_000);

  it('starts Janus again after a crash', async () => {
    let restarted = false;
    const own = await startJanus({ restartDelayMs: 50, onRestart: () => (restarted = true) });
    try {
      process.kill(own.pid!, 'SIGKILL');
      await expect.poll(() => restarted, { timeout: 15_000 }).toBe(true);
      const connection = await connectJanus({ url: own.endpoint.wsUrl, secret: own.endpoint.apiSecret });
      await connection.request({ janus: 'info' });
      connection.close();
    } finally {
      await own.stop();
    }
  }, 30_000);
});
