import type { JSHandle, Page } from 'puppeteer-core';
import { poll } from './browser.ts';

/**
 * Test instrumentation (not product code): records every RTCPeerConnection a page
 * creates, so tests can assert on WebRTC stats as Jitsi's own tests do.
 */
export async function recordPeerConnections(page: Page) {
  await page.evaluateOnNewDocument(() => {
    const Original = window.RTCPeerConnection;
    const list: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = list;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        list.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

/** Sum over open peer connections of inbound audio energy and bytes. */
export function inboundAudio(page: Page) {
  return page.evaluate(async () => {
    let energy = 0;
    let bytes = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      stats.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          energy += s.totalAudioEnergy ?? 0;
          bytes += s.bytesReceived ?? 0;
        }
      });
    }
    return { energy, bytes };
  });
}

/** Waits until the page's connected peer connections have received more than `bytes` of audio in all (from `inboundAudio`). */
export async function waitForInboundAudioBeyond(page: Page, bytes: number): Promise<void> {
  await page.waitForFunction(
    async (beyond: number) => {
      let now = 0;
      for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
        if (pc.connectionState !== 'connected') continue;
        (await pc.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') now += s.bytesReceived ?? 0;
        });
      }
      return now > beyond;
    },
    poll,
    bytes,
  );
}

/** Labels of the audio tracks a page is sending on its open peer connections. */
export function sentAudioLabels(page: Page) {
  return page.evaluate(() =>
    ((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? [])
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) => pc.getSenders())
      .filter((s) => s.track?.kind === 'audio')
      .map((s) => s.track!.label),
  );
}

/**
 * Sends a video track from one page to another over a direct RTCPeerConnection (signalling through
 * the test, candidates gathered before each description is handed over). The receiving page plays
 * it in `<video id=videoId>`; resolves when that video has decoded frames.
 */
export async function sendVideoOverWebRtc(from: Page, track: JSHandle<MediaStreamTrack>, to: Page, videoId: string): Promise<void> {
  const offer = await from.evaluate(async (track) => {
    const pc = new RTCPeerConnection();
    (window as unknown as { outgoingPc: RTCPeerConnection }).outgoingPc = pc;
    pc.addTrack(track, new MediaStream([track]));
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((r) =>
      pc.iceGatheringState === 'complete'
        ? r()
        : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r()),
    );
    return pc.localDescription!.toJSON();
  }, track);
  const answer = await to.evaluate(
    async (offer, videoId) => {
      const pc = new RTCPeerConnection();
      (window as unknown as { incomingPc: RTCPeerConnection }).incomingPc = pc;
      pc.ontrack = (event) => {
        const video = document.createElement('video');
        video.id = videoId;
        video.muted = true;
        video.autoplay = true;
        video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
        document.body.append(video);
      };
      await pc.setRemoteDescription(offer);
      await pc.setLocalDescription(await pc.createAnswer());
      await new Promise<void>((r) =>
        pc.iceGatheringState === 'complete'
          ? r()
          : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r()),
      );
      return pc.localDescription!.toJSON();
    },
    offer,
    videoId,
  );
  await from.evaluate((answer) => (window as unknown as { outgoingPc: RTCPeerConnection }).outgoingPc.setRemoteDescription(answer), answer);
  await to.waitForFunction(
    (id) => {
      const video = document.getElementById(id) as HTMLVideoElement | null;
      return video !== null && video.videoWidth > 0 && video.currentTime > 0.5;
    },
    poll,
    videoId,
  );
}

/** Resolves once the video's playback time has moved on by `seconds` (new frames keep arriving). */
export async function waitForVideoToAdvance(page: Page, videoId: string, seconds = 1): Promise<void> {
  const start = await page.$eval(`#${videoId}`, (v) => (v as HTMLVideoElement).currentTime);
  await page.waitForFunction(
    (id, t0, s) => ((document.getElementById(id) as HTMLVideoElement | null)?.currentTime ?? 0) > t0 + s,
    poll,
    videoId,
    start,
    seconds,
  );
}

/**
 * Needs `recordPeerConnections`: the connection that receives what the element `selector` plays
 * (its stream's tracks), with its selected pair's remote port, the widest inbound video frame and
 * the inbound audio energy so far. Null while no connected connection carries it.
 */
export function receiverOf(page: Page, selector: string) {
  return page.evaluate(async (sel) => {
    const stream = document.querySelector<HTMLMediaElement>(sel)?.srcObject as MediaStream | null | undefined;
    if (!stream) return null;
    // By the track objects: Janus names the tracks of every subscriber connection alike (janusa0, janusv1…).
    const tracks = stream.getTracks();
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState !== 'connected' || !pc.getReceivers().some((r) => tracks.includes(r.track))) continue;
      const stats = await pc.getStats();
      const entries = [...stats.values()] as Record<string, any>[];
      const transport = entries.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = transport ? stats.get(transport.selectedCandidatePairId) : undefined;
      const inbound = entries.filter((s) => s.type === 'inbound-rtp');
      return {
        port: (pair ? stats.get(pair.remoteCandidateId)?.port : null) as number | null,
        frameWidth: Math.max(0, ...inbound.filter((s) => s.kind === 'video').map((s) => s.frameWidth ?? 0)),
        audioEnergy: inbound.filter((s) => s.kind === 'audio').reduce((sum, s) => sum + (s.totalAudioEnergy ?? 0), 0),
      };
    }
    return null;
  }, selector);
}

/** Needs `recordPeerConnections`: the energy of the microphone as the page's connected senders take it (media-source stats). */
export function outgoingAudioEnergy(page: Page) {
  return page.evaluate(async () => {
    let energy = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState !== 'connected') continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'media-source' && s.kind === 'audio') energy += s.totalAudioEnergy ?? 0;
      });
    }
    return energy;
  });
}
