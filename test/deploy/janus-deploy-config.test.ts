import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectJanus, createSession, JanusError } from '../../server/sfu/janus-client.ts';
import { freeTcpPort, JANUS_BIN, waitForJanus } from '../../server/sfu/janus-supervisor.ts';
import { DEFAULT_RTP_PORT_RANGE, ephemeralOverlap, parseRtpPortRange } from '../../server/sfu/rtp-port-range.ts';
import { VIDEOROOM } from '../../server/sfu/sfu-rooms.ts';

const DEPLOY = path.join(import.meta.dirname, '../../deploy/janus');
const FILES = ['janus.jcfg', 'janus.transport.websockets.jcfg', 'janus.plugin.videoroom.jcfg'];

/** deploy/janus as the operator guide says to install it, on free loopback ports: Debian's Janus takes it. */
describe('the production Janus config (deploy/janus)', () => {
  let dir = '';
  let stop: () => Promise<void> = async () => undefined;
  const secrets = { api: 'api-secret-for-the-test', admin: 'admin-secret-for-the-test', room: 'room-admin-key-for-the-test' };
  let wsUrl = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'janus-deploy-'));
    const wsPort = await freeTcpPort();
    let adminPort = await freeTcpPort();
    while (adminPort === wsPort) adminPort = await freeTcpPort();
    for (const file of FILES) {
      const text = (await readFile(path.join(DEPLOY, file), 'utf8'))
        .replace('configs_folder = "/etc/janus"', `configs_folder = "${dir}"`)
        .replace('CHANGE-ME-api-secret', secrets.api)
        .replace('CHANGE-ME-admin-secret', secrets.admin)
        .replace('CHANGE-ME-room-admin-key', secrets.room)
        .replace('ws_port = 8188', `ws_port = ${wsPort}`)
        .replace('admin_ws_port = 7188', `admin_ws_port = ${adminPort}`)
        .replace(`rtp_port_range = "${DEFAULT_RTP_PORT_RANGE}"`, 'rtp_port_range = "24000-24999"');
      expect(text).not.toContain('CHANGE-ME');
      await writeFile(path.join(dir, file), text);
    }
    const child = spawn(JANUS_BIN, ['-C', path.join(dir, 'janus.jcfg'), '-F', dir, '-o'], { stdio: 'ignore' });
    stop = () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      });
    wsUrl = `ws://127.0.0.1:${wsPort}/`;
    await waitForJanus({ wsUrl, apiSecret: secrets.api }, 15_000, () => child.exitCode !== null);
  }, 30_000);
  afterAll(async () => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("opens the server's default media ports, outside Linux's default ephemeral ports", async () => {
    const jcfg = await readFile(path.join(DEPLOY, 'janus.jcfg'), 'utf8');
    const range = /rtp_port_range = "([^"]+)"/.exec(jcfg)?.[1];
    expect(range).toBe(DEFAULT_RTP_PORT_RANGE);
    expect(ephemeralOverlap(parseRtpPortRange(range!), { low: 32768, high: 60999 })).toBeNull();
  });

  it('runs only the VideoRoom plugin, answers only with the API secret, and creates rooms only with the admin key', async () => {
    const stranger = await connectJanus({ url: wsUrl });
    // (`info` is public in Janus; everything else needs the secret.)
    await expect(stranger.request({ janus: 'create' })).rejects.toMatchObject({ code: 403 });
    stranger.close();
    const ours = await connectJanus({ url: wsUrl, secret: secrets.api });
    expect(Object.keys((await ours.request({ janus: 'info' })).plugins as object)).toEqual([VIDEOROOM]);
    const handle = await (await createSession(ours)).attach(VIDEOROOM);
    await expect(handle.request({ request: 'create', room: 'meeting-x' })).rejects.toBeInstanceOf(JanusError);
    expect(await handle.request({ request: 'create', room: 'meeting-x', admin_key: secrets.room, secret: 's' })).toMatchObject({
      videoroom: 'created',
      room: 'meeting-x',
    });
    ours.close();
  });
});
