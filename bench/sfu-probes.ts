import type { Page } from 'puppeteer-core';

/**
 * What the SFU bench reads inside a page, installed before the page loads (with
 * `recordPeerConnections` from e2e/harness/webrtc.ts, which keeps every RTCPeerConnection in `__pcs`).
 * Times are epoch milliseconds (`performance.timeOrigin + now`), comparable across the pages of one
 * machine.
 *
 * - `__sfuModeAt`: when the room channel first said the meeting is on the SFU (a `media-mode` event,
 *   or a welcome that says so), read off the page's WebSockets.
 * - `__firstFrameAt[trackId]`: when a remote `<video>` first presented a frame of that video track
 *   (requestVideoFrameCallback), so a track that arrives through Janus has its own time.
 */
export async function installSfuSwitchProbe(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __sfuModeAt: number | null; __firstFrameAt: Record<string, number> };
    w.__sfuModeAt = null;
    w.__firstFrameAt = {};
    const epoch = (now = performance.now()) => performance.timeOrigin + now;
    const Original = window.WebSocket;
    window.WebSocket = class extends Original {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', (event) => {
          if (w.__sfuModeAt !== null || typeof event.data !== 'string' || !event.data.includes('sfu')) return;
          try {
            const message = JSON.parse(event.data) as { type?: string; mode?: string; mediaMode?: string };
            if ((message.type === 'media-mode' && message.mode === 'sfu') || (message.type === 'welcome' && message.mediaMode === 'sfu'))
              w.__sfuModeAt = epoch();
          } catch {
            /* not JSON: not the room channel */
          }
        });
      }
    } as typeof WebSocket;
    const watched = new WeakSet<HTMLVideoElement>();
    const watch = (video: HTMLVideoElement) => {
      const onFrame = (now: number) => {
        const stream = video.srcObject as MediaStream | null;
        for (const track of stream?.getVideoTracks() ?? []) w.__firstFrameAt[track.id] ??= epoch(now);
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    };
    new MutationObserver(() => {
      for (const video of document.querySelectorAll<HTMLVideoElement>('video[data-remote]')) {
        if (watched.has(video)) continue;
        watched.add(video);
        watch(video);
      }
    }).observe(document, { subtree: true, childList: true });
  });
}

export interface SfuPlayback {
  /** When the page heard the meeting is on the SFU (null: not yet). */
  modeAt: number | null;
  /** First frame of each remote video the page plays now whose track arrives through Janus. */
  viaJanus: number[];
  /** Remote videos showing frames now, whatever their path. */
  playing: number;
}

/** Which of the page's remote videos come through Janus (a connection whose selected pair leads to its RTP ports) and since when. */
export function sfuPlayback(page: Page, rtpPorts: [number, number]): Promise<SfuPlayback> {
  return page.evaluate(async ([min, max]) => {
    const w = window as unknown as { __pcs: RTCPeerConnection[]; __sfuModeAt: number | null; __firstFrameAt: Record<string, number> };
    const janusTracks = new Set<string>();
    for (const pc of w.__pcs ?? []) {
      if (pc.connectionState !== 'connected') continue;
      const stats = await pc.getStats();
      const entries = [...stats.values()] as Record<string, unknown>[];
      const transport = entries.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = transport ? stats.get(transport.selectedCandidatePairId as string) : undefined;
      const port = pair ? (stats.get(pair.remoteCandidateId)?.port as number | undefined) : undefined;
      if (port === undefined || port < min || port > max) continue;
      for (const s of entries) if (s.type === 'inbound-rtp' && s.kind === 'video') janusTracks.add(s.trackIdentifier as string);
    }
    const videos = [...document.querySelectorAll<HTMLVideoElement>('video[data-remote]')].filter((v) => v.videoWidth > 0);
    const viaJanus: number[] = [];
    for (const video of videos) {
      const track = (video.srcObject as MediaStream | null)?.getVideoTracks()[0];
      const at = track ? w.__firstFrameAt[track.id] : undefined;
      if (track && janusTracks.has(track.id) && at !== undefined) viaJanus.push(at);
    }
    return { modeAt: w.__sfuModeAt, viaJanus, playing: videos.length };
  }, rtpPorts);
}

/** One video stream the page sends, as its `outbound-rtp` stats say so far. */
export interface VideoOut {
  /** The connection's index in `__pcs` and the stats id (ids repeat across connections). */
  key: string;
  width: number;
  height: number;
  /** The camera it carries (simulcast layers of one camera share it): peer connection and media source. */
  source: string;
  framesEncoded: number;
  /** Seconds the encoder spent limited by CPU and by bandwidth so far (`qualityLimitationDurations`). */
  cpuLimited: number;
  bandwidthLimited: number;
}

export interface Sent {
  /** When the page read its stats (epoch ms). */
  at: number;
  /** RTP payload bytes sent so far, audio and video. */
  bytes: number;
  /** Video streams that have sent anything. */
  video: VideoOut[];
}

/** What the page sends, over its open peer connections. */
export function sent(page: Page): Promise<Sent> {
  return page.evaluate(async () => {
    const out = { at: 0, bytes: 0, video: [] as VideoOut[] };
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? [];
    for (const [i, pc] of pcs.entries()) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type !== 'outbound-rtp') return;
        out.bytes += s.bytesSent ?? 0;
        if (s.kind !== 'video' || !s.bytesSent) return;
        out.video.push({
          key: `${i}:${s.id}`,
          source: `${i}:${s.mediaSourceId ?? s.id}`,
          width: s.frameWidth ?? 0,
          height: s.frameHeight ?? 0,
          framesEncoded: s.framesEncoded ?? 0,
          cpuLimited: s.qualityLimitationDurations?.cpu ?? 0,
          bandwidthLimited: s.qualityLimitationDurations?.bandwidth ?? 0,
        });
      });
    }
    out.at = Date.now();
    return out;
  });
}

/** What the page sent between two readings: bitrate, and per video stream its frame rate and limits. */
export function sentOver(before: Sent, after: Sent) {
  const seconds = (after.at - before.at) / 1000;
  const was = new Map(before.video.map((v) => [v.key, v]));
  const streams = after.video.map((v) => {
    const b = was.get(v.key);
    return {
      width: v.width,
      height: v.height,
      fps: (v.framesEncoded - (b?.framesEncoded ?? 0)) / seconds,
      cpuLimited: (v.cpuLimited - (b?.cpuLimited ?? 0)) / seconds,
      bandwidthLimited: (v.bandwidthLimited - (b?.bandwidthLimited ?? 0)) / seconds,
    };
  });
  // A camera sent in simulcast layers is one stream (of several encodings) to one receiver.
  const cameras = new Set(after.video.map((v) => v.source)).size;
  return { kbps: ((after.bytes - before.bytes) * 8) / 1000 / seconds, streams, cameras };
}

export type SentOver = ReturnType<typeof sentOver>;

/** Keeps the page's main thread busy for `ms` (to tell its renderer process apart by the CPU it used). */
export function busyFor(page: Page, ms: number): Promise<void> {
  return page.evaluate((ms) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      /* spin */
    }
  }, ms);
}
