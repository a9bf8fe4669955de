import { networkInterfaces } from 'node:os';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { joinAs, waitForCount, waitForRemoteVideos } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';
import { inboundAudio, recordPeerConnections } from './harness/webrtc.ts';

/** Janus's UDP ports in this test: a selected candidate pair with a remote port in here leads to Janus. */
const RTP_MIN = 47_000;
const RTP_MAX = 47_999;
const THIS_MACHINE = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));

/** Each connected peer connection's selected pair: the remote end's address and port. */
function selectedRemotes(page: Page) {
  return page.evaluate(async () => {
    const result: { address: string; port: number }[] = [];
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState !== 'connected') continue;
      const stats = await pc.getStats();
      const entries = [...stats.values()] as Record<string, any>[];
      const transport = entries.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = transport ? stats.get(transport.selectedCandidatePairId) : undefined;
      const remote = pair ? stats.get(pair.remoteCandidateId) : undefined;
      if (remote) result.push({ address: remote.address ?? remote.ip, port: remote.port });
    }
    return result;
  });
}

/**
 * Issue 19: Debian's Janus started by our server (SFU=janus) on free ports, MESH_MAX=2. Two
 * participants talk over the mesh; the third moves the meeting to Janus, and every page ends up
 * sending once to Janus and receiving the others from it.
 */
describe('a meeting that grows past MESH_MAX moves to Janus', () => {
  let server: RunningServer;
  let browser: Browser;
  const pages: ParticipantPage[] = [];

  beforeAll(async () => {
    server = await startServer({
      SFU: 'janus',
      MESH_MAX: '2',
      JANUS_RTP_PORTS: `${RTP_MIN}-${RTP_MAX}`,
      // Janus's media on loopback only; Chromium's own candidates reach it there.
      JANUS_ICE_ENFORCE: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
    const deadline = Date.now() + 30_000;
    while (!server.output().includes('SFU: Janus started') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!server.output().includes('SFU: Janus started')) throw new Error(`Janus did not start:\n${server.output()}`);
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    // Janus stops with the server: nothing of ours stays behind.
  });

  it('starts on the mesh with two, and moves all three to Janus when the third comes', async () => {
    const host = await signUpHost(server);
    const meeting = await createMeeting(server, host, 'Growing call');
    for (const name of ['Ada', 'Grace']) {
      const p =
        name === 'Ada'
          ? await openParticipant(browser, meeting.hostUrl, {
              prepare: (c) => signInContext(c, server, host),
              beforeLoad: recordPeerConnections,
            })
          : await openParticipant(browser, meeting.guestUrl, { beforeLoad: recordPeerConnections });
      await joinAs(p.page, name);
      pages.push(p);
    }
    await Promise.all(pages.map(({ page }) => waitForRemoteVideos(page, 1)));
    // Two on the mesh: the one connection leads to the other page, not to Janus.
    const meshRemotes = await selectedRemotes(pages[0]!.page);
    expect(meshRemotes.length).toBeGreaterThan(0);
    expect(meshRemotes.every((r) => r.port < RTP_MIN || r.port > RTP_MAX)).toBe(true);

    const linus = await openParticipant(browser, meeting.guestUrl, { beforeLoad: recordPeerConnections });
    await joinAs(linus.page, 'Linus');
    pages.push(linus);
    for (const { page } of pages) await waitForCount(page, 3);
    await Promise.all(pages.map(({ page }) => waitForRemoteVideos(page, 2)));

    // Every page: its mesh calls handed off, one connection up to Janus and one down per other person.
    for (const { page } of pages) {
      await page.waitForFunction(
        async (min: number, max: number) => {
          const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState === 'connected');
          if (pcs.length !== 3) return false;
          for (const pc of pcs) {
            const stats = [...(await pc.getStats()).values()] as Record<string, any>[];
            const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
            const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
            const remote = stats.find((s) => s.id === pair?.remoteCandidateId);
            if (!remote || remote.port < min || remote.port > max) return false;
          }
          return true;
        },
        { ...poll, timeout: 60_000 },
        RTP_MIN,
        RTP_MAX,
      );
      const remotes = await selectedRemotes(page);
      expect(remotes).toHaveLength(3);
      // Janus on this machine (Chromium may see it as a peer-reflexive address of one of its interfaces).
      for (const remote of remotes) expect(THIS_MACHINE).toContain(remote.address);
      for (const remote of remotes) expect(remote.port).toBeGreaterThanOrEqual(RTP_MIN);
    }
    await Promise.all(pages.map(({ page }) => waitForRemoteVideos(page, 2)));
    // …and they hear each other through it.
    for (const { page } of pages) {
      const before = await inboundAudio(page);
      await page.waitForFunction(
        async (bytes: number) => {
          let now = 0;
          for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
            if (pc.connectionState !== 'connected') continue;
            (await pc.getStats()).forEach((s) => {
              if (s.type === 'inbound-rtp' && s.kind === 'audio') now += s.bytesReceived ?? 0;
            });
          }
          return now > bytes;
        },
        poll,
        before.bytes,
      );
      expect((await inboundAudio(page)).energy).toBeGreaterThan(0);
    }
  }, 180_000);
});
