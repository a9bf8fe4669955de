import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { joinAs, waitForCount, waitForRemoteVideos } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';

/**
 * A page in a call keeps a connection ready to answer the next call with (pwa/src/call/prepared-answer.ts,
 * taken by our build of PeerJS): the host answers a guest's call on it, at a first join and after the
 * guest's reload, and the call carries the guest's camera and microphone both ways.
 */
describe('answering on a connection kept ready', () => {
  let server: RunningServer;
  let browser: Browser;
  let host: ParticipantPage;
  let guest: ParticipantPage;

  /** The page's connections in order: how many tracks were added to each, and the camera call's offer it was given. */
  const instrument = async (page: Page) => {
    await page.evaluateOnNewDocument(() => {
      type Made = { pc: RTCPeerConnection; addTrack: number; offer: string | null };
      const w = window as unknown as { __made: Made[] };
      w.__made = [];
      const PC = window.RTCPeerConnection;
      window.RTCPeerConnection = class extends PC {
        readonly made: Made;
        constructor(config?: RTCConfiguration) {
          super(config);
          this.made = { pc: this, addTrack: 0, offer: null };
          w.__made.push(this.made);
        }
        override addTrack(track: MediaStreamTrack, ...streams: MediaStream[]) {
          this.made.addTrack++;
          return super.addTrack(track, ...streams);
        }
        override setRemoteDescription(description: RTCSessionDescriptionInit) {
          // Camera calls only (the media check's loopback pair, a data channel, is not one).
          if (description.type === 'offer' && description.sdp?.includes('m=video')) this.made.offer = description.sdp;
          return super.setRemoteDescription(description);
        }
      } as typeof RTCPeerConnection;
    });
  };
  /** The index of the host's connection kept ready: our two tracks on it, no offer given to it yet. */
  const spareOf = async (page: Page) =>
    (await (
      await page.waitForFunction(() => {
        const made = (window as unknown as { __made: { pc: RTCPeerConnection; addTrack: number; offer: string | null }[] }).__made;
        const i = made.findIndex((m) => m.addTrack === 2 && !m.offer && m.pc.signalingState === 'stable');
        return i >= 0 ? i : false;
      }, poll)
    ).jsonValue()) as number;
  const offersGiven = (page: Page) =>
    page.evaluate(() => (window as unknown as { __made: { offer: string | null }[] }).__made.filter((m) => m.offer).length);
  /** The connection the newest camera call's offer was given to. */
  const answeredOn = (page: Page) =>
    page.evaluate(() => (window as unknown as { __made: { offer: string | null }[] }).__made.findLastIndex((m) => m.offer));
  /** Audio packets the host's newest camera call received: the guest's microphone reaches it. */
  const hostHearsGuest = (page: Page) =>
    page.waitForFunction(async () => {
      const made = (window as unknown as { __made: { pc: RTCPeerConnection; offer: string | null }[] }).__made.filter((m) => m.offer);
      const pc = made.at(-1)?.pc;
      if (!pc) return false;
      for (const s of (await pc.getStats()).values())
        if (s.type === 'inbound-rtp' && s.kind === 'audio' && (s.packetsReceived ?? 0) > 0) return true;
      return false;
    }, poll);
  /** The host's remote video holds one stream with the guest's audio and video. */
  const oneStream = (page: Page) =>
    page.$eval('video[data-remote]', (v) => {
      const stream = (v as HTMLVideoElement).srcObject as MediaStream;
      return { audio: stream.getAudioTracks().length, video: stream.getVideoTracks().length };
    });

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const account = await signUpHost(server, 'Hanna Host');
    const meeting = await createMeeting(server, account, 'Answering ahead');
    host = await openParticipant(browser, meeting.hostUrl, { prepare: (c) => signInContext(c, server, account), beforeLoad: instrument });
    await joinAs(host.page, 'Hanna Host');
    guest = await openParticipant(browser, meeting.guestUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the host answers a guest who joins on it, and the call carries camera and microphone both ways', async () => {
    const spare = await spareOf(host.page);
    await joinAs(guest.page, 'Gus Guest');
    await Promise.all([waitForCount(host.page, 2), waitForRemoteVideos(host.page, 1), waitForRemoteVideos(guest.page, 1)]);
    expect(await answeredOn(host.page)).toBe(spare);
    expect(await oneStream(host.page)).toEqual({ audio: 1, video: 1 });
    await hostHearsGuest(host.page);
  });

  it('and the next one, made once that call was through, answers the guest after a reload', async () => {
    const before = await offersGiven(host.page);
    const spare = await spareOf(host.page);
    await guest.page.reload();
    await host.page.waitForFunction(
      (n) => (window as unknown as { __made: { offer: string | null }[] }).__made.filter((m) => m.offer).length > n,
      poll,
      before,
    );
    await Promise.all([waitForRemoteVideos(guest.page, 1), waitForRemoteVideos(host.page, 1)]);
    expect(await answeredOn(host.page)).toBe(spare);
    expect(await oneStream(host.page)).toEqual({ audio: 1, video: 1 });
    await hostHearsGuest(host.page);
  });
});
