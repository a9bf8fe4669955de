import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { type ClusterNode, startCluster, waitFor } from '../deploy/cluster/start-cluster.ts';
import { createMeeting, signInContext, signUpHost } from '../e2e/harness/accounts.ts';
import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';
import { connection, longestFreeze, videoFlows, watchConnection, watchFrames } from '../e2e/harness/connection-watch.ts';
import { joinAs, waitForCount, waitForRemoteVideos } from '../e2e/harness/room.ts';
import { ROOT, type RunningServer } from '../e2e/harness/server.ts';
import { median, type BenchRow } from './table.ts';

const KILLS = Number(process.env.FAILOVER_KILLS ?? 10);
const DRAINS = Number(process.env.FAILOVER_DRAINS ?? 3);

const selfId = (page: Page) => page.$eval('[data-self]', (e) => e.getAttribute('data-participant-id')) as Promise<string>;

/**
 * Failover and drain, timed from outside: two Chromium participants in one meeting behind HAProxy
 * over three nodes and PostgreSQL (deploy/cluster/). The meeting's node is killed (SIGKILL) KILLS
 * times and drained (SIGTERM) DRAINS times, restarted after each; each time from the signal until
 * both pages are back on the room channel on another node, in the room, with the other's video
 * playing. Their media is peer to peer, so the longest freeze of a remote video is measured too.
 */
export async function benchFailover(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-failover-'));
  chmodSync(dir, 0o755);
  const cluster = await startCluster({
    port: 0,
    nodes: 3,
    dir,
    durable: false,
    nodeEnv: { PWA_DIR: path.join(ROOT, 'dist/pwa'), LOG_LEVEL: 'warn' },
  });
  const browser = await launchBrowser();
  try {
    const server = { url: `http://localhost:${cluster.port}`, port: cluster.port, dataDir: cluster.dataDir } as RunningServer;
    const account = await signUpHost(server);
    const meeting = await createMeeting(server, account, 'Failover bench');
    const host = await openParticipant(browser, meeting.hostUrl, {
      prepare: (c) => signInContext(c, server, account),
      beforeLoad: watchConnection,
    });
    await joinAs(host.page, 'Hanna Host');
    const guest = await openParticipant(browser, meeting.guestUrl, { beforeLoad: watchConnection });
    await joinAs(guest.page, 'Gus Guest');
    const pages = [host.page, guest.page];
    for (const page of pages) await waitForRemoteVideos(page, 1);
    const ids = await Promise.all(pages.map(selfId));
    const home = async () =>
      (await fetch(`${cluster.url}/api/meetings/${meeting.id}/info`, { headers: { 'x-invite-token': 'none' } })).headers.get('x-node')!;
    /** HAProxy sends requests to it again (its health checks passed `rise` times). */
    const inService = (node: ClusterNode) =>
      waitFor(`${node.name} back in HAProxy`, async () => {
        for (let i = 0; i < 6; i++) if ((await fetch(`${cluster.url}/api/health`)).headers.get('x-node') === node.name) return true;
        return false;
      });

    const round = async (signal: 'SIGKILL' | 'SIGTERM') => {
      const name = await home();
      const node = cluster.nodes.find((n) => n.name === name)!;
      const before = await Promise.all(pages.map(connection));
      await Promise.all(pages.map(watchFrames));
      const at = performance.now();
      const exited = node.kill(signal);
      await Promise.all(
        pages.map(async (page, i) => {
          await page.waitForFunction(
            (n) => (window as unknown as { __roomOpens: number }).__roomOpens > n,
            { polling: 50, timeout: 60_000 },
            before[i]!.opens,
          );
          await page.waitForFunction(() => !document.querySelector('[data-testid=reconnecting]'), { polling: 50, timeout: 60_000 });
          await waitForCount(page, 2);
          await videoFlows(page, ids[1 - i]!, 60_000);
        }),
      );
      const backMs = performance.now() - at;
      const freezeMs = Math.max(...(await Promise.all(pages.map(longestFreeze))));
      const after = await Promise.all(pages.map(connection));
      const reconnectingMs = Math.max(...after.map((a, i) => a.reconnectingMs - before[i]!.reconnectingMs));
      await exited;
      await node.restart();
      await inService(node);
      return { backMs, freezeMs, reconnectingMs };
    };

    const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;
    const loadBefore = load();
    const kills = [];
    for (let i = 0; i < KILLS; i++) kills.push(await round('SIGKILL'));
    const drains = [];
    for (let i = 0; i < DRAINS; i++) drains.push(await round('SIGTERM'));
    const loadAfter = load();
    const back = kills.map((k) => k.backMs);
    const drainBack = drains.map((d) => d.backMs);
    const fmt = (v: number[]) => `${(median(v) / 1000).toFixed(2)} / ${(Math.max(...v) / 1000).toFixed(2)} s`;
    return [
      {
        metric: `failover: SIGKILL → both back in the room on another node with video playing, median / max of ${KILLS}`,
        value: fmt(back),
        target: '< 5 s',
        ok: Math.max(...back) < 5_000,
      },
      {
        metric: 'failover: longest remote-video freeze during a kill (peer-to-peer media), median / max',
        value: fmt(kills.map((k) => k.freezeMs)),
      },
      {
        metric: `drain: SIGTERM → both back on another node with video playing, median / max of ${DRAINS}`,
        value: fmt(drainBack),
        target: '< 5 s',
        ok: Math.max(...drainBack) < 5_000,
      },
      { metric: 'drain: each round (s)', value: drainBack.map((ms) => (ms / 1000).toFixed(2)).join(', ') },
      {
        metric: 'drain: "Reconnecting…" shown (longest on any page)',
        value: `${Math.round(Math.max(...drains.map((d) => d.reconnectingMs)))} ms`,
        target: '0 ms',
        ok: drains.every((d) => d.reconnectingMs === 0),
      },
      { metric: 'failover bench: machine load average (1 min) before / after', value: `${loadBefore} / ${loadAfter}` },
    ];
  } finally {
    await browser.close();
    await cluster.stop();
    if (process.env.FAILOVER_KEEP) console.error(`failover bench: logs kept in ${path.join(dir, 'logs')}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
