import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { joinAs, participantCount, waitForCount, waitForRemoteVideos } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';

type Probe = { __callConnections: number; __answeredAhead: number; __spareReady: () => boolean };

/** Counts the page's peer connections that offer tracks: the calls it places (the media check's send none, an answer makes no offer). */
async function countCallConnections(page: Page) {
  await page.evaluateOnNewDocument(() => {
    const counted = new WeakSet<RTCPeerConnection>();
    const probe = window as unknown as Probe;
    probe.__callConnections = 0;
    const createOffer = RTCPeerConnection.prototype.createOffer;
    RTCPeerConnection.prototype.createOffer = function (this: RTCPeerConnection, ...args: unknown[]) {
      if (!counted.has(this) && this.getSenders().some((s) => s.track)) {
        counted.add(this);
        probe.__callConnections++;
      }
      return (createOffer as (...a: unknown[]) => Promise<RTCSessionDescriptionInit>).apply(this, args);
    } as typeof createOffer;
  });
}

/**
 * Counts the calls the page answered on a connection made ahead (call/spare-answer.ts): the offer
 * applied to a connection whose tracks were added well before it (PeerJS, answering on its own,
 * adds them in the same task as it applies the offer). `__spareReady()`: one is waiting.
 */
async function countAnswersAhead(page: Page) {
  await page.evaluateOnNewDocument(() => {
    const probe = window as unknown as Probe;
    const tracksAdded = new Map<RTCPeerConnection, number>();
    probe.__answeredAhead = 0;
    probe.__spareReady = () =>
      [...tracksAdded.keys()].some((pc) => !pc.remoteDescription && !pc.localDescription && pc.signalingState === 'stable');
    const addTrack = RTCPeerConnection.prototype.addTrack;
    RTCPeerConnection.prototype.addTrack = function (this: RTCPeerConnection, ...args: Parameters<typeof addTrack>) {
      if (!tracksAdded.has(this)) tracksAdded.set(this, performance.now());
      return addTrack.apply(this, args);
    };
    const setRemote = RTCPeerConnection.prototype.setRemoteDescription;
    RTCPeerConnection.prototype.setRemoteDescription = function (this: RTCPeerConnection, ...args: unknown[]) {
      const description = args[0] as RTCSessionDescriptionInit | undefined;
      const added = tracksAdded.get(this);
      if (description?.type === 'offer' && added !== undefined && performance.now() - added > 200) probe.__answeredAhead++;
      return (setRemote as (...a: unknown[]) => Promise<void>).apply(this, args);
    } as typeof setRemote;
  });
}

describe('a three-person call in real Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const pages: ParticipantPage[] = [];
  let meeting: Awaited<ReturnType<typeof createMeeting>>;
  let host: Awaited<ReturnType<typeof signUpHost>>;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    host = await signUpHost(server);
    meeting = await createMeeting(server, host, 'Three-way call');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('connects everyone: each page plays two remote videos with advancing frames', async () => {
    // The requests for the visit's answer: none, since each page's HTML carried it (rooms/visit-in-page.ts).
    const visits: string[] = [];
    const watchVisits = (page: Page) => page.on('request', (r) => void (/\/visit$/.test(r.url()) && visits.push(r.url())));
    for (const name of ['Ada', 'Grace', 'Linus']) {
      // Ada hosts (signed in); Grace and Linus are guests with the link.
      const p =
        name === 'Ada'
          ? await openParticipant(browser, meeting.hostUrl, {
              prepare: (context) => signInContext(context, server, host),
              beforeLoad: async (page) => {
                watchVisits(page);
                await countAnswersAhead(page);
              },
            })
          : await openParticipant(browser, meeting.guestUrl, {
              beforeLoad: async (page) => {
                watchVisits(page);
                await countCallConnections(page);
                await countAnswersAhead(page);
              },
            });
      await joinAs(p.page, name);
      pages.push(p);
      // Those in the call make a connection for the next call they answer, a moment after they are in.
      for (const { page } of pages) await page.waitForFunction(() => (window as unknown as Probe).__spareReady(), poll);
    }
    for (const { page } of pages) await waitForCount(page, 3);
    await Promise.all(pages.map(({ page }) => waitForRemoteVideos(page, 2)));
    expect(visits).toEqual([]);
    for (const { page } of pages) {
      const videos = await page.$$eval('video[data-remote]', (vs) =>
        (vs as HTMLVideoElement[]).map((v) => ({
          w: v.videoWidth,
          t: v.currentTime,
          audio: (v.srcObject as MediaStream | null)?.getAudioTracks().length ?? 0,
        })),
      );
      expect(videos).toHaveLength(2);
      for (const v of videos) {
        expect(v.w).toBeGreaterThan(0);
        expect(v.t).toBeGreaterThan(0);
        expect(v.audio).toBe(1);
      }
    }
    // Each guest called those there before it (Grace: Ada; Linus: Ada and Grace), and its first
    // call took the offer made while its join request was out (call/warm-offer.ts): one offering
    // connection per call, none made ahead and left unused.
    expect(await pages[1]!.page.evaluate(() => (window as unknown as Probe).__callConnections)).toBe(1);
    expect(await pages[2]!.page.evaluate(() => (window as unknown as Probe).__callConnections)).toBe(2);
    // …and answered each call on the connection made ahead for it: Ada Grace's and Linus's, Grace Linus's.
    const answeredAhead = (i: number) => pages[i]!.page.evaluate(() => (window as unknown as Probe).__answeredAhead);
    expect([await answeredAhead(0), await answeredAhead(1), await answeredAhead(2)]).toEqual([2, 1, 0]);
  });

  it('shows a muted camera and microphone on the other two pages', async () => {
    const [ada, grace, linus] = pages as [ParticipantPage, ParticipantPage, ParticipantPage];
    const adaId = await ada.page.$eval('[data-self]', (el) => el.getAttribute('data-participant-id'));
    await ada.page.click('[data-action=toggle-video]');
    await ada.page.click('[data-action=toggle-audio]');
    for (const { page } of [grace, linus]) {
      await page.waitForFunction(
        (id) => {
          const tile = document.querySelector(`[data-participant-id="${id}"]`);
          return tile?.getAttribute('data-video-muted') === 'true' && tile.getAttribute('data-audio-muted') === 'true';
        },
        poll,
        adaId,
      );
      const label = await page.$eval(`[data-participant-id="${adaId}"]`, (el) => el.textContent);
      expect(label).toContain('Camera off');
      expect(label).toContain('Mic off');
    }
    await ada.page.click('[data-action=toggle-video]');
    await grace.page.waitForFunction(
      (id) => document.querySelector(`[data-participant-id="${id}"]`)?.getAttribute('data-video-muted') === 'false',
      poll,
      adaId,
    );
  });

  it('lowers the participant count everywhere when someone leaves', async () => {
    const [ada, grace, linus] = pages as [ParticipantPage, ParticipantPage, ParticipantPage];
    await linus.page.click('[data-action=leave]');
    await linus.page.waitForFunction(() => document.body.textContent?.includes('You left the meeting'), poll);
    await waitForCount(ada.page, 2);
    await waitForCount(grace.page, 2);
    expect(await participantCount(ada.page)).toBe(2);
    expect(await ada.page.$$eval('video[data-remote]', (v) => v.length)).toBe(1);
  });

  it('shows a clear page for an unknown meeting', async () => {
    const p = await openParticipant(browser, `${server.url}/m/AAAAAAAAAAAAAAAAAAAAAA`);
    await p.page.waitForFunction(() => document.body.textContent?.includes('Meeting not found'), poll);
  });
});
