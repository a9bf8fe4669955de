import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { joinAs, waitForCount, waitForRemoteVideos } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';

/**
 * The guest's first call goes out on a connection made ahead (pwa/src/call/prepared-offer.ts,
 * taken by our build of PeerJS): its transceivers were added before there was a call
 * (`addTransceiver`, where PeerJS adds the call's tracks with `addTrack`), and the camera and
 * microphone go out on them as one stream, on a first join and after a reload. The host, in the
 * call, answers on a connection it made ahead while idle.
 */
describe("a guest's first call: its offer made ahead", () => {
  let server: RunningServer;
  let browser: Browser;
  let host: ParticipantPage;
  let guest: ParticipantPage;

  /**
   * Each page's connections: how their senders were made, and the camera calls' offers they were
   * given (the media check's loopback pair, a data channel, is not a camera call).
   */
  const instrument = async (page: Page) => {
    await page.evaluateOnNewDocument(() => {
      type Made = { pc: RTCPeerConnection; addTransceiver: number; addTrack: number; offer: string | null; sent: boolean };
      const w = window as unknown as { __made: Made[] };
      w.__made = [];
      const PC = window.RTCPeerConnection;
      window.RTCPeerConnection = class extends PC {
        readonly made: Made;
        constructor(config?: RTCConfiguration) {
          super(config);
          this.made = { pc: this, addTransceiver: 0, addTrack: 0, offer: null, sent: false };
          w.__made.push(this.made);
        }
        override addTransceiver(kind: string | MediaStreamTrack, init?: RTCRtpTransceiverInit) {
          this.made.addTransceiver++;
          return super.addTransceiver(kind, init);
        }
        override addTrack(track: MediaStreamTrack, ...streams: MediaStream[]) {
          this.made.addTrack++;
          return super.addTrack(track, ...streams);
        }
        override setLocalDescription(description?: RTCLocalSessionDescriptionInit) {
          if (description?.type === 'offer' && description.sdp?.includes('m=video')) this.made.sent = true;
          return super.setLocalDescription(description);
        }
        override setRemoteDescription(description: RTCSessionDescriptionInit) {
          if (description.type === 'offer' && description.sdp?.includes('m=video')) this.made.offer = description.sdp;
          return super.setRemoteDescription(description);
        }
      } as typeof RTCPeerConnection;
    });
  };
  /** How the guest's camera call was made: its connection's transceivers, added ahead or by PeerJS. */
  const guestCall = (page: Page) =>
    page.evaluate(() =>
      (window as unknown as { __made: { addTransceiver: number; addTrack: number; sent: boolean }[] }).__made
        .filter((m) => m.sent)
        .map(({ addTransceiver, addTrack }) => ({ addTransceiver, addTrack })),
    );
  const offersTaken = (page: Page) =>
    page.evaluate(() => (window as unknown as { __made: { offer: string | null }[] }).__made.filter((m) => m.offer).length);
  /** Audio packets the host's newest camera call received: the guest's microphone went out on it. */
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
    const meeting = await createMeeting(server, account, 'Prepared offer');
    host = await openParticipant(browser, meeting.hostUrl, { prepare: (c) => signInContext(c, server, account), beforeLoad: instrument });
    await joinAs(host.page, 'Hanna Host');
    guest = await openParticipant(browser, meeting.guestUrl, { beforeLoad: instrument });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('joins on the connection made ahead, and the call carries camera and microphone both ways as one stream', async () => {
    await joinAs(guest.page, 'Gus Guest');
    await Promise.all([waitForCount(host.page, 2), waitForRemoteVideos(host.page, 1), waitForRemoteVideos(guest.page, 1)]);
    expect(await guestCall(guest.page)).toEqual([{ addTransceiver: 2, addTrack: 0 }]);
    expect(await oneStream(host.page)).toEqual({ audio: 1, video: 1 });
    await hostHearsGuest(host.page);
  });

  it('after a reload too; and the host answers it on the connection it kept ready', async () => {
    const before = await offersTaken(host.page);
    // The host's answering connection for the next call: our tracks on it, nothing offered to it yet.
    const spare = await host.page.waitForFunction(() => {
      const made = (window as unknown as { __made: { pc: RTCPeerConnection; addTrack: number; offer: string | null }[] }).__made;
      const i = made.findIndex((m) => m.addTrack === 2 && !m.offer && m.pc.signalingState === 'stable');
      return i >= 0 ? i : false;
    }, poll);
    const spareIndex = (await spare.jsonValue()) as number;
    await guest.page.reload();
    await host.page.waitForFunction(
      (n) => (window as unknown as { __made: { offer: string | null }[] }).__made.filter((m) => m.offer).length > n,
      poll,
      before,
    );
    await Promise.all([waitForRemoteVideos(guest.page, 1), waitForRemoteVideos(host.page, 1)]);
    expect(await guestCall(guest.page)).toEqual([{ addTransceiver: 2, addTrack: 0 }]);
    expect(await oneStream(host.page)).toEqual({ audio: 1, video: 1 });
    await hostHearsGuest(host.page);
    const answeredOn = await host.page.evaluate(() =>
      (window as unknown as { __made: { offer: string | null }[] }).__made.findLastIndex((m) => m.offer),
    );
    expect(answeredOn).toBe(spareIndex);
  });
});
