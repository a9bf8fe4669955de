import { networkInterfaces } from 'node:os';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, setFeatures, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { joinAs, noRemoteScreen, waitForCount, waitForRemoteScreen, waitForRemoteVideos } from './harness/room.ts';
import { joinAdaAndGrace, startServerWithJanus } from './harness/janus-server.ts';
import type { RunningServer } from './harness/server.ts';
import { selectedPairs } from './harness/ice-stats.ts';
import { inboundAudio, outgoingAudioEnergy, receiverOf, recordPeerConnections, waitForInboundAudioBeyond } from './harness/webrtc.ts';

/** Janus's UDP ports in this test: a selected candidate pair with a remote port in here leads to Janus. */
const RTP_MIN = 27_000;
const RTP_MAX = 27_999;
const THIS_MACHINE = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
const viaJanus = (port: number | null | undefined) => typeof port === 'number' && port >= RTP_MIN && port <= RTP_MAX;
const idOf = (page: Page) => page.$eval('[data-self]', (el) => el.getAttribute('data-participant-id')!);
const tileVideo = (id: string) => `[data-participant-id="${id}"] video[data-remote]`;
/** How much a growing total (audio energy) grew between two polls: polled until it does (or stops). */
const growth = (read: () => Promise<number>) => {
  let last: number | null = null;
  return async () => {
    const now = await read();
    const grew = last === null ? Number.NaN : now - last;
    last = now;
    return grew;
  };
};
const mediaPoll = { timeout: 30_000, interval: 1_500 };

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
    // Janus's media on loopback only; Chromium's own candidates reach it there.
    server = await startServerWithJanus(`${RTP_MIN}-${RTP_MAX}`, { MESH_MAX: '2' });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    // Janus stops with the server: nothing of ours stays behind.
  });

  it('starts on the mesh with two, and moves all three to Janus when the third comes', async () => {
    const host = await signUpHost(server);
    // Blur offered in the host's meetings (the last test publishes the blurred camera to Janus).
    await setFeatures(server, host, { backgroundBlur: true });
    const meeting = await createMeeting(server, host, 'Growing call');
    pages.push(...(await joinAdaAndGrace(browser, server, host, meeting)));
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

  it('shows one page’s screen on the other two through Janus, as a second feed, until it stops', async () => {
    const [ada, grace, linus] = pages as [ParticipantPage, ParticipantPage, ParticipantPage];
    const adaId = await idOf(ada.page);
    await ada.page.click('[data-action=share-screen]');
    await ada.page.waitForSelector('[data-testid=sharing-bar]');
    for (const { page } of [grace, linus]) {
      await waitForRemoteScreen(page);
      expect(await page.$eval('video[data-screen=remote]', (v) => v.getAttribute('data-sharer-id'))).toBe(adaId);
      expect(await page.$eval('[data-testid=stage]', (el) => el.getAttribute('data-stage-kind'))).toBe('screen');
      // The screen comes on a connection of its own from Janus, not from Ada's page.
      await expect.poll(async () => viaJanus((await receiverOf(page, 'video[data-screen=remote]'))?.port), mediaPoll).toBe(true);
      expect(await receiverOf(page, 'video[data-screen=remote]')).not.toEqual(await receiverOf(page, tileVideo(adaId)));
    }
    // Ada sends it once, to Janus: her camera's publisher, her screen's, and one subscriber per other person.
    await expect
      .poll(async () => (await selectedPairs(ada.page)).map((r) => viaJanus(r.port)), mediaPoll)
      .toEqual([true, true, true, true]);
    await ada.page.click('[data-action=stop-sharing]');
    await noRemoteScreen(grace.page);
    await noRemoteScreen(linus.page);
    await expect.poll(async () => (await selectedPairs(ada.page)).length, mediaPoll).toBe(3);
  }, 120_000);

  it('shows a mute to the others, and the muted microphone’s audio stops, through Janus', async () => {
    const [ada, grace, linus] = pages as [ParticipantPage, ParticipantPage, ParticipantPage];
    const graceId = await idOf(grace.page);
    const sent = growth(() => outgoingAudioEnergy(grace.page));
    await expect.poll(sent, mediaPoll).toBeGreaterThan(0);
    const heard = growth(async () => (await receiverOf(ada.page, tileVideo(graceId)))?.audioEnergy ?? 0);
    await expect.poll(heard, mediaPoll).toBeGreaterThan(0);
    await grace.page.click('[data-action=toggle-audio]');
    for (const { page } of [ada, linus]) {
      await page.waitForFunction(
        (id) => document.querySelector(`[data-participant-id="${id}"]`)?.getAttribute('data-audio-muted') === 'true',
        poll,
        graceId,
      );
    }
    await expect.poll(sent, mediaPoll).toBe(0);
    await expect.poll(heard, mediaPoll).toBe(0);
    await grace.page.click('[data-action=toggle-audio]');
    await ada.page.waitForFunction(
      (id) => document.querySelector(`[data-participant-id="${id}"]`)?.getAttribute('data-audio-muted') === 'false',
      poll,
      graceId,
    );
    await expect.poll(heard, mediaPoll).toBeGreaterThan(0);
  }, 120_000);

  it('rates each tile from its Janus connection, and lights the speaking ring from audio through Janus', async () => {
    const [ada, grace, linus] = pages as [ParticipantPage, ParticipantPage, ParticipantPage];
    for (const id of [await idOf(grace.page), await idOf(linus.page)]) {
      expect(viaJanus((await receiverOf(ada.page, tileVideo(id)))?.port)).toBe(true);
      await ada.page.waitForFunction(
        (id) => {
          const quality = document.querySelector(`[data-participant-id="${id}"] [data-quality]`)?.getAttribute('data-quality');
          return quality != null && quality !== 'unknown';
        },
        poll,
        id,
      );
      // Chromium's fake microphone beeps: each beep lights the ring for a moment.
      await ada.page.waitForFunction(
        (id) => document.querySelector(`[data-participant-id="${id}"]`)?.getAttribute('data-speaking') === 'true',
        poll,
        id,
      );
    }
  }, 120_000);

  it('receives the focused camera in Janus’s high layer and the grid’s in the low one (simulcast)', async () => {
    const [ada, grace, linus] = pages as [ParticipantPage, ParticipantPage, ParticipantPage];
    const [graceId, linusId] = [await idOf(grace.page), await idOf(linus.page)];
    const widths = async () => [
      (await receiverOf(ada.page, tileVideo(graceId)))?.frameWidth ?? 0,
      (await receiverOf(ada.page, tileVideo(linusId)))?.frameWidth ?? 0,
    ];
    // In the grid both come in a low layer: Chromium sends the 640×480 camera in two layers (640 and
    // 320 wide; it drops the quarter layer at that size), Janus relays the lowest it has.
    await expect.poll(async () => (await widths()).every((w) => w > 0 && w <= 320), mediaPoll).toBe(true);
    await ada.page.$eval(`[data-participant-id="${graceId}"] [data-action=pin]`, (b) => (b as HTMLButtonElement).click());
    await ada.page.waitForFunction(() => document.querySelector('.room')?.getAttribute('data-view') === 'focus', poll);
    await expect
      .poll(async () => {
        const [focused, grid] = await widths();
        return focused! > grid!;
      }, mediaPoll)
      .toBe(true);
    const [focused, grid] = await widths();
    expect(focused).toBeGreaterThanOrEqual(2 * grid!);
  }, 120_000);

  it('publishes the blurred camera to Janus: the processed track replaces the raw one on the publisher', async () => {
    const [ada, grace, linus] = pages as [ParticipantPage, ParticipantPage, ParticipantPage];
    /** Ada's video senders on her connections (all to Janus by now): generated (processed) tracks or not. */
    const sentVideoIsGenerated = () =>
      ada.page.evaluate(() =>
        ((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? [])
          .filter((pc) => pc.connectionState === 'connected')
          .flatMap((pc) => pc.getSenders())
          .filter((s) => s.track?.kind === 'video')
          .map(
            (s) =>
              s.track instanceof (window as unknown as { MediaStreamTrackGenerator: typeof MediaStreamTrack }).MediaStreamTrackGenerator,
          ),
      );
    expect(await sentVideoIsGenerated()).toEqual([false]);
    await ada.page.click('[data-action=toggle-blur]');
    await ada.page.waitForSelector('[data-action=toggle-blur][data-blur-status=on]', { ...poll, timeout: 60_000 });
    await expect.poll(sentVideoIsGenerated, mediaPoll).toEqual([true]);
    // …and the others still see her, through Janus.
    for (const { page } of [grace, linus]) await waitForRemoteVideos(page, 2);
    await ada.page.click('[data-action=toggle-blur]');
    await expect.poll(sentVideoIsGenerated, mediaPoll).toEqual([false]);
  }, 120_000);
});
