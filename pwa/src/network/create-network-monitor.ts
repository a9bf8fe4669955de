import { signal, type ReadonlySignal } from '@preact/signals';
import { decideVideo, type VideoDecision } from './bitrate-policy.ts';
import { classifyQuality, ownQuality, smooth, worse, type QualityLevel } from './link-quality.ts';
import { readLinkStats, type LinkCounters, type StatsEntry } from './link-stats.ts';
import { applyVideoDecision, prioritiseAudio, sendersOf } from './sender-params.ts';

/** What we know of the connection with one other participant. */
export interface LinkReport {
  /** For their tile: the worse of both directions. */
  quality: QualityLevel;
  send: QualityLevel;
  receive: QualityLevel;
  rttMs: number | null;
  /** The larger of both directions' loss (0..1). */
  loss: number | null;
  jitterMs: number | null;
  route: 'relay' | 'direct' | null;
  availableOutgoingBitrate: number | null;
  /** Their video stopped arriving (they fell back to audio only, or it froze). */
  videoStalled: boolean;
  /**
   * Our camera is on and its track live, we mean to send video, yet not one frame was encoded or sent
   * for a while: a camera whose picture WebRTC cannot send (a depth camera, a format the encoder refuses).
   */
  cameraNotSending: boolean;
  /** Our video limits towards them. */
  decision: VideoDecision | null;
}

export interface NetworkMonitorDeps {
  /** Camera connections by participant id (screen shares are left alone). */
  connections: () => ReadonlyMap<string, RTCPeerConnection>;
  /** Other people in the call. */
  remotes: () => number;
  /** Whether we mean to send camera video now (camera on, a real camera: not muted, not a placeholder). */
  cameraOn?: () => boolean;
  intervalMs?: number;
}

/** Under this estimate our uplink is the problem, whatever the losses say. */
const LOW_UPLINK_BPS = 150_000;
/** Polls in a row before the own-connection verdict turns poor, and before it clears. */
const POOR_AFTER = 2;
const CLEAR_AFTER = 3;
const STALL_AFTER = 2;
/** Polls in a row with no frame of ours leaving, camera on, before we tell the sender (6 s at the default 2 s). */
const SEND_STALL_AFTER = 3;

/** What the tiles show, smoothed over a few polls. */
interface Shown {
  sendLoss: number | null;
  receiveLoss: number | null;
  jitterMs: number | null;
  rttMs: number | null;
}
const NOTHING_SHOWN: Shown = { sendLoss: null, receiveLoss: null, jitterMs: null, rttMs: null };

interface LinkState {
  pc: RTCPeerConnection;
  shown: Shown;
  counters: LinkCounters | null;
  decision: VideoDecision | null;
  stalls: number;
  /** Polls in a row in which our live camera's frames did not leave. */
  sendStalls: number;
  audioFirst: boolean;
}

const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * Every few seconds, per camera connection: reads the stats, rates the link (good /
 * fair / poor), decides our video limits with the bitrate policy and applies them
 * (`setParameters`), and gives audio the higher priority. Exposes the results as signals.
 */
export function createNetworkMonitor({ connections, remotes, cameraOn = () => false, intervalMs = 2000 }: NetworkMonitorDeps) {
  const links = signal<ReadonlyMap<string, LinkReport>>(new Map());
  const own = signal<QualityLevel>('unknown');
  const states = new Map<string, LinkState>();
  let poorRun = 0;
  let clearRun = 0;
  let busy = false;
  let disposed = false;

  async function measure(id: string, pc: RTCPeerConnection): Promise<LinkReport> {
    let state = states.get(id);
    if (!state || state.pc !== pc) {
      state = { pc, shown: NOTHING_SHOWN, counters: null, decision: null, stalls: 0, sendStalls: 0, audioFirst: false };
      states.set(id, state);
    }
    const sample = readLinkStats((await pc.getStats()).values() as Iterable<StatsEntry>, state.counters);
    const hadVideo = (state.counters?.videoFramesDecoded ?? 0) > 0;
    state.counters = sample.counters;
    state.stalls = sample.framesDecoded === 0 && hadVideo ? state.stalls + 1 : 0;

    const { audio, video } = sendersOf(pc);
    if (!state.audioFirst && audio.length) {
      await Promise.all(audio.map(prioritiseAudio));
      state.audioFirst = true;
    }
    const decision = decideVideo({
      remotes: remotes(),
      availableOutgoingBitrate: sample.availableOutgoingBitrate,
      loss: sample.sendLoss,
      rttMs: sample.rttMs,
      previous: state.decision,
    });
    await Promise.all(video.map((sender) => applyVideoDecision(sender, decision)));
    // Our frames should be leaving: the camera is on, its track live, and the policy has not paused our video.
    const shouldSend =
      cameraOn() &&
      !(state.decision?.audioOnly ?? false) &&
      !decision.audioOnly &&
      video.some((sender) => sender.track?.readyState === 'live' && sender.track.enabled);
    state.sendStalls = shouldSend && sample.framesOut === 0 ? state.sendStalls + 1 : 0;
    state.decision = decision;

    // The policy reacts to each poll; the ratings people see are steadied.
    const was = state.shown;
    const shown: Shown = {
      sendLoss: smooth(was.sendLoss, sample.sendLoss),
      receiveLoss: smooth(was.receiveLoss, sample.receiveLoss),
      jitterMs: smooth(was.jitterMs, sample.jitterMs),
      rttMs: smooth(was.rttMs, sample.rttMs),
    };
    state.shown = shown;
    const send = classifyQuality({ loss: shown.sendLoss, jitterMs: null, rttMs: shown.rttMs });
    const receive = classifyQuality({ loss: shown.receiveLoss, jitterMs: shown.jitterMs, rttMs: shown.rttMs });
    return {
      quality: worse(send, receive),
      send,
      receive,
      rttMs: shown.rttMs,
      loss: maxOf(shown.sendLoss, shown.receiveLoss),
      jitterMs: shown.jitterMs,
      route: sample.route,
      availableOutgoingBitrate: sample.availableOutgoingBitrate,
      videoStalled: state.stalls >= STALL_AFTER,
      cameraNotSending: state.sendStalls >= SEND_STALL_AFTER,
      decision,
    };
  }

  function judgeOwn(reports: LinkReport[]) {
    const verdict = ownQuality(
      reports.map((r) => ({
        send: r.send,
        receive: r.receive,
        lowUplink: r.availableOutgoingBitrate !== null && r.availableOutgoingBitrate < LOW_UPLINK_BPS,
      })),
    );
    poorRun = verdict === 'poor' ? poorRun + 1 : 0;
    clearRun = verdict === 'poor' ? 0 : clearRun + 1;
    // Slow to alarm, slow to clear: one bad poll is not worth a notice.
    if (verdict === 'poor') own.value = poorRun >= POOR_AFTER ? 'poor' : own.value === 'poor' ? 'poor' : 'fair';
    else if (own.value !== 'poor' || clearRun >= CLEAR_AFTER) own.value = verdict;
  }

  async function tick(): Promise<void> {
    if (busy || disposed) return;
    busy = true;
    try {
      const current = connections();
      for (const id of states.keys()) if (!current.has(id)) states.delete(id);
      const next = new Map<string, LinkReport>();
      for (const [id, pc] of current) {
        if (pc.connectionState !== 'connected') continue;
        try {
          next.set(id, await measure(id, pc));
        } catch (error) {
          console.warn(`network stats for ${id} failed:`, error);
        }
      }
      if (disposed) return;
      links.value = next;
      judgeOwn([...next.values()]);
    } finally {
      busy = false;
    }
  }

  const timer = setInterval(() => void tick(), intervalMs);
  return {
    links: links as ReadonlySignal<ReadonlyMap<string, LinkReport>>,
    /** Our own connection, steadied over a few polls. */
    own: own as ReadonlySignal<QualityLevel>,
    /** One round now (tests; the timer does it otherwise). */
    tick,
    dispose() {
      disposed = true;
      clearInterval(timer);
      states.clear();
    },
  };
}

export type NetworkMonitor = ReturnType<typeof createNetworkMonitor>;
