import type { Browser } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { startCoturn, type RunningCoturn } from './harness/coturn.ts';
import { selectedCandidateTypes, senderEncodings } from './harness/ice-stats.ts';
import { joinAs, waitForCount, waitForRemoteVideos, withPageState } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';
import { inboundAudio, recordPeerConnections, waitForInboundAudioBeyond } from './harness/webrtc.ts';

/**
 * Calls forced through TURN (ICE_TRANSPORT_POLICY=relay, as some companies require)
 * with Debian's coturn on loopback checking the TURN REST credentials we hand out.
 */
describe('calls through a TURN relay (coturn)', () => {
  let coturn: RunningCoturn;
  let browser: Browser;
  let server: RunningServer | null = null;
  let pages: ParticipantPage[] = [];

  beforeAll(async () => {
    coturn = await startCoturn({ secret: 'e2e-shared-secret' });
    browser = await launchBrowser();
  });

  afterEach(async () => {
    for (const p of pages) await p.context.close().catch(() => undefined);
    pages = [];
    await server?.stop();
    server = null;
  });

  afterAll(async () => {
    await browser?.close();
    await coturn?.stop();
  });

  /** Host and guest, both recording their peer connections, both in the call. */
  async function twoInACall(env: Record<string, string>) {
    server = await startServer(env);
    const account = await signUpHost(server);
    const meeting = await createMeeting(server, account, 'Relayed call');
    const host = await openParticipant(browser, meeting.hostUrl, {
      prepare: (c) => signInContext(c, server!, account),
      beforeLoad: recordPeerConnections,
    });
    pages.push(host);
    await joinAs(host.page, 'Hanna');
    const guest = await openParticipant(browser, meeting.guestUrl, { beforeLoad: recordPeerConnections });
    pages.push(guest);
    await joinAs(guest.page, 'Gus');
    for (const { page } of pages) await waitForCount(page, 2);
    return { host, guest };
  }

  it('relays both videos through coturn when only relay candidates are allowed', async () => {
    const { host, guest } = await twoInACall(coturn.serverEnv());
    for (const { page } of [host, guest]) {
      try {
        await waitForRemoteVideos(page, 1);
      } catch (error) {
        throw await withPageState(page, error as Error);
      }
      const pairs = await selectedCandidateTypes(page);
      expect(pairs.length).toBeGreaterThanOrEqual(1);
      for (const pair of pairs) expect(pair).toEqual({ local: 'relay', remote: 'relay' });
      // The tile rates the link, and says it goes through the relay.
      await page.waitForSelector('[data-participant-id]:not([data-self]) [data-quality]', poll);
      const title = await page.$eval('[data-participant-id]:not([data-self]) [data-quality]', (el) => el.getAttribute('title'));
      expect(title).toMatch(/through the relay server/);
      // Audio goes first; video is capped for a two-person mesh.
      await page.waitForFunction(
        () =>
          ((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []).some((pc) =>
            pc.getSenders().some((s) => s.track?.kind === 'video' && (s.getParameters().encodings?.[0]?.maxBitrate ?? 0) > 0),
          ),
        poll,
      );
      const encodings = await senderEncodings(page);
      const audio = encodings.find((e) => e.kind === 'audio')!.encoding;
      const video = encodings.find((e) => e.kind === 'video')!.encoding;
      expect(audio).toMatchObject({ priority: 'high', networkPriority: 'high' });
      expect(audio.maxBitrate).toBeUndefined();
      expect(video.maxBitrate as number).toBeLessThanOrEqual(1_200_000);
    }
    expect(await host.page.$('[data-connection=failed]')).toBeNull();
  });

  it('falls back to audio only on a link too weak for video, and says so on both sides', async () => {
    // coturn drops whatever exceeds 9 kB/s per allocation: room for the voice, not for video.
    const weak = await startCoturn({ secret: 'weak-link-secret', maxBytesPerSecond: 9000 });
    try {
      const { host, guest } = await twoInACall(weak.serverEnv());
      // Video comes back to try again after calm polls, and leaves again: wait for a moment when all holds at once.
      await Promise.all(
        [host, guest].map(async ({ page }) => {
          try {
            await page.waitForFunction(() => {
              const notice = document.querySelector('[data-testid=network-notice][data-kind=audio-only]');
              const stopped = ((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? [])
                .filter((pc) => pc.connectionState === 'connected')
                .flatMap((pc) => pc.getTransceivers())
                .some((t) => t.receiver.track.kind === 'video' && t.sender.getParameters().encodings?.[0]?.active === false);
              return Boolean(notice?.textContent?.includes('Turn off your camera')) && stopped;
            }, poll);
            await page.waitForSelector('[data-participant-id]:not([data-self]) [data-indicator=video-paused]', poll);
          } catch (error) {
            throw await withPageState(page, error as Error);
          }
          // The voice still gets through.
          const before = (await inboundAudio(page)).bytes;
          await waitForInboundAudioBeyond(page, before + 2000);
        }),
      );
    } finally {
      await weak.stop();
    }
  });

  it('says the network blocks the call when the TURN server refuses our credentials', async () => {
    const { host, guest } = await twoInACall(coturn.serverEnv({ secret: 'not-the-turn-secret' }));
    for (const [{ page }, other] of [
      [host, 'Gus'],
      [guest, 'Hanna'],
    ] as const) {
      try {
        await page.waitForSelector('[data-participant-id]:not([data-self]) [data-connection=failed]', poll);
        await page.waitForSelector('[data-testid=network-notice][data-kind=connection-failed]', poll);
      } catch (error) {
        throw await withPageState(page, error as Error);
      }
      const tile = await page.$eval('[data-connection=failed]', (el) => el.textContent);
      expect(tile).toContain(`Could not connect to ${other}: the network blocks the call (TURN refused)`);
      const notice = await page.$eval('[data-testid=network-notice]', (el) => el.textContent);
      expect(notice).toMatch(/another network/);
      expect(await page.$$eval('video[data-remote]', (vs) => (vs as HTMLVideoElement[]).filter((v) => v.videoWidth > 0).length)).toBe(0);
    }
    expect(coturn.output()).toMatch(/Cannot find credentials of user <\d+:/);
  });
});
