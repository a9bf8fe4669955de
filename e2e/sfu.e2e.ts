import { networkInterfaces } from 'node:os';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, type ParticipantPage } from './harness/browser.ts';
import { joinAs, waitForCount, waitForRemoteVideos } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';
import { selectedPairs } from './harness/ice-stats.ts';
import { inboundAudio, recordPeerConnections, waitForInboundAudioBeyond } from './harness/webrtc.ts';

/** Janus's UDP ports in this test: a selected candidate pair with a remote port in here leads to Janus. */
const RTP_MIN = 47_000;
const RTP_MAX = 47_999;
const THIS_MACHINE = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));

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
    const meshRemotes = await selectedPairs(pages[0]!.page);
    expect(meshRemotes.length).toBeGreaterThan(0);
    expect(meshRemotes.every((r) => r.port < RTP_MIN || r.port > RTP_MAX)).toBe(true);

    const linus = await openParticipant(browser, meeting.guestUrl, { beforeLoad: recordPeerConnections });
    await joinAs(linus.page, 'Linus');
    pages.push(linus);
    for (const { page } of pages) await waitForCount(page, 3);
    await Promise.all(pages.map(({ page }) => waitForRemoteVideos(page, 2)));

    // Every page: its mesh calls handed off, one connection up to Janus and one down per other person.
    const toJanus = (r: { port: number }) => r.port >= RTP_MIN && r.port <= RTP_MAX;
    for (const { page } of pages) {
      await expect
        .poll(async () => (await selectedPairs(page)).map(toJanus), { timeout: 60_000, interval: 250 })
        .toEqual([true, true, true]);
      // Janus on this machine (Chromium may see it as a peer-reflexive address of one of its interfaces).
      for (const remote of await selectedPairs(page)) expect(THIS_MACHINE).toContain(remote.address);
    }
    await Promise.all(pages.map(({ page }) => waitForRemoteVideos(page, 2)));
    // …and they hear each other through it.
    for (const { page } of pages) {
      await waitForInboundAudioBeyond(page, (await inboundAudio(page)).bytes);
      expect((await inboundAudio(page)).energy).toBeGreaterThan(0);
    }
  }, 180_000);
});
