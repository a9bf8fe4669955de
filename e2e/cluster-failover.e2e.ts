import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../deploy/cluster/start-cluster.ts';
import { createMeeting, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, type ParticipantPage } from './harness/browser.ts';
import { joinAs, waitForCount, waitForRemoteVideos, withPageState } from './harness/room.ts';
import type { RunningServer } from './harness/server.ts';

/** The remote video of one participant has frames and its time moves on. */
async function videoFlows(page: Page, participantId: string, timeout: number) {
  const sel = `[data-participant-id="${participantId}"] video`;
  const opts = { polling: 100, timeout };
  await page.waitForFunction((s) => ((document.querySelector(s) as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, opts, sel);
  const t0 = await page.$eval(sel, (v) => (v as HTMLVideoElement).currentTime);
  await page.waitForFunction((s, t) => (document.querySelector(s) as HTMLVideoElement).currentTime > t + 0.5, opts, sel, t0);
}

/** Counts, from before the page loads, the room-channel sockets that opened. */
async function countRoomSockets(page: Page) {
  await page.evaluateOnNewDocument(() => {
    const Original = window.WebSocket;
    const w = window as unknown as { __roomOpens: number };
    w.__roomOpens = 0;
    window.WebSocket = class extends Original {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        if (String(url).includes('/ws/rooms/')) this.addEventListener('open', () => void w.__roomOpens++);
      }
    } as typeof WebSocket;
  });
}
const roomOpens = (page: Page) => page.evaluate(() => (window as unknown as { __roomOpens: number }).__roomOpens);

const selfId = (page: Page) => page.$eval('[data-self]', (e) => e.getAttribute('data-participant-id')) as Promise<string>;

/**
 * Failover in real Chromium: two participants in one meeting behind HAProxy over two nodes and
 * PostgreSQL (deploy/cluster/); the meeting's node is killed with SIGKILL; both pages come back on
 * the other node by themselves — back in the room (count 2, no "reconnecting") with video flowing
 * both ways — without a click.
 */
describe('failover behind HAProxy, in real Chromium', () => {
  let dir: string;
  let cluster: Cluster;
  let browser: Browser;
  let server: RunningServer;
  let host: ParticipantPage;
  let guest: ParticipantPage;
  let meetingId = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cluster-e2e-'));
    chmodSync(dir, 0o755);
    cluster = await startCluster({
      port: 0,
      nodes: 2,
      dir,
      durable: false,
      nodeEnv: { PWA_DIR: path.resolve('dist/pwa'), LOG_LEVEL: 'warn' },
    });
    // The harness's helpers speak to "a server": here HAProxy, under the name the cookies use.
    server = { url: `http://localhost:${cluster.port}`, port: cluster.port, dataDir: cluster.dataDir } as RunningServer;
    browser = await launchBrowser();
    const account = await signUpHost(server);
    const meeting = await createMeeting(server, account, 'Failover');
    meetingId = meeting.id;
    host = await openParticipant(browser, meeting.hostUrl, {
      prepare: (c) => signInContext(c, server, account),
      beforeLoad: countRoomSockets,
    });
    await joinAs(host.page, 'Hanna Host');
    guest = await openParticipant(browser, meeting.guestUrl, { beforeLoad: countRoomSockets });
    await joinAs(guest.page, 'Gus Guest');
    await waitForCount(host.page, 2);
    await Promise.all([waitForRemoteVideos(host.page, 1), waitForRemoteVideos(guest.page, 1)]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('brings both participants back in video on the other node after a SIGKILL, without a click', async () => {
    const [hostId, guestId] = [await selfId(host.page), await selfId(guest.page)];
    const res = await fetch(`${cluster.url}/api/meetings/${meetingId}/info`, { headers: { 'x-invite-token': 'none' } });
    const home = res.headers.get('x-node')!;
    expect(home).toMatch(/^node\d$/);
    const opensBefore = [await roomOpens(host.page), await roomOpens(guest.page)];
    const killedAt = Date.now();
    await cluster.nodes.find((n) => n.name === home)!.kill('SIGKILL');
    const back = async (page: Page, otherId: string, before: number) => {
      try {
        // Its room channel opened again (on the other node), then the room is whole and video flows.
        await page.waitForFunction(
          (n) => (window as unknown as { __roomOpens: number }).__roomOpens > n,
          { polling: 100, timeout: 60_000 },
          before,
        );
        await page.waitForFunction(() => !document.querySelector('.room__status'), { polling: 100, timeout: 60_000 });
        await waitForCount(page, 2);
        await videoFlows(page, otherId, 60_000);
      } catch (error) {
        throw await withPageState(page, error as Error);
      }
    };
    await Promise.all([back(host.page, guestId, opensBefore[0]!), back(guest.page, hostId, opensBefore[1]!)]);
    const after = await fetch(`${cluster.url}/api/meetings/${meetingId}/info`, { headers: { 'x-invite-token': 'none' } });
    expect(after.headers.get('x-node')).not.toBe(home);
    console.info(`cluster failover in Chromium: both back in video ${Date.now() - killedAt} ms after ${home} was killed`);
  }, 180_000);
});
