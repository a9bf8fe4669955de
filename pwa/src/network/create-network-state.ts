import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { Participant } from '../../../shared/api/participants.ts';
import type { LinkStatus } from './connection-verdict.ts';
import type { LinkReport, NetworkMonitor } from './create-network-monitor.ts';
import type { QualityLevel } from './link-quality.ts';
import type { NetworkTexts } from './network-texts.ts';

/** What a tile shows about the connection with its participant. */
export interface TileNetwork {
  quality: QualityLevel;
  /** Spelled out for the tooltip and screen readers ('' until the network's words have loaded). */
  detail: string;
  /** The quality in a word, for screen readers ('' while unknown). */
  label: string;
  /** The call with them could not be set up (or was lost): the sentence to show. */
  failure: string | null;
  /** Their video stopped arriving although their camera is on. */
  videoPaused: boolean;
}

export type NetworkNoticeKind = 'connection-failed' | 'camera-not-sending' | 'audio-only' | 'own-poor';
export interface NetworkNotice {
  kind: NetworkNoticeKind;
  title: string;
  tips: string[];
}

/** The parts of the call this needs (kept narrow, so tests can hand in signals). */
export interface NetworkCallView {
  selfId: ReadonlySignal<string | null>;
  participants: ReadonlySignal<Participant[]>;
  linkStatus: ReadonlySignal<ReadonlyMap<string, LinkStatus>>;
  peerConnections(): ReadonlyMap<string, RTCPeerConnection>;
}

export interface NetworkStateDeps {
  call: NetworkCallView;
  dialIn?: { number: string; pin: string } | undefined;
  /** Whether we mean to send camera video now (camera on and a real camera). */
  cameraOn?: () => boolean;
  intervalMs?: number;
}

/** How long after the first connection the monitor loads (its own chunk). */
const MONITOR_START_DELAY_MS = 1_500;

/**
 * The network side of a call for the UI: quality and failures per tile, our own
 * connection, and the one notice worth showing (failed connections first, then
 * audio only, then a weak connection of ours), each dismissible until it ends.
 */
export function createNetworkState({ call, dialIn, cameraOn, intervalMs }: NetworkStateDeps) {
  // The monitor (stats, quality, the bitrate policy: its own chunk) loads once a call is connected:
  // there is nothing to measure before, and a guest's join does not wait for its code.
  const links = signal<ReadonlyMap<string, LinkReport>>(new Map());
  const own = signal<QualityLevel>('unknown');
  let loading: Promise<NetworkMonitor | null> | null = null;
  let disposed = false;
  let stopMirror = () => {};
  const ensureMonitor = () => {
    void ensureTexts();
    loading ??= import('./create-network-monitor.ts').then(({ createNetworkMonitor }) => {
      if (disposed) return null;
      const real = createNetworkMonitor({
        connections: () => call.peerConnections(),
        remotes: () => Math.max(0, call.participants.value.length - 1),
        cameraOn,
        intervalMs,
      });
      const mirror = effect(() => {
        links.value = real.links.value;
        own.value = real.own.value;
      });
      stopMirror = () => {
        mirror();
        real.dispose();
      };
      return real;
    });
    return loading;
  };
  // Its first measurement would come one interval after it starts anyway: loading it a moment after
  // the first connection keeps it off the first picture's path.
  let startTimer: ReturnType<typeof setTimeout> | null = null;
  const stopStart = effect(() => {
    if (startTimer || loading) return;
    if ([...call.linkStatus.value.values()].some((status) => status.state === 'connected')) {
      startTimer = setTimeout(() => void ensureMonitor(), MONITOR_START_DELAY_MS);
    }
  });
  const monitor = { links, own };
  // The words (tooltips, failures, notices) are their own chunk too: they load with the monitor, or
  // at once when a connection fails; until then tiles carry no text and there is no notice.
  const texts = signal<NetworkTexts | null>(null);
  let textsLoading: Promise<void> | null = null;
  const ensureTexts = () => {
    textsLoading ??= import('./network-texts.ts').then((m) => {
      if (!disposed) texts.value = m;
    });
    return textsLoading;
  };
  const stopFailureTexts = effect(() => {
    if ([...call.linkStatus.value.values()].some((status) => status.state === 'failed')) void ensureTexts();
  });
  const dismissed = signal<ReadonlySet<NetworkNoticeKind>>(new Set());

  const tiles = computed(() => {
    const result = new Map<string, TileNetwork>();
    const words = texts.value;
    const reports = monitor.links.value;
    const statuses = call.linkStatus.value;
    for (const p of call.participants.value) {
      if (p.id === call.selfId.value) continue;
      const status = statuses.get(p.id);
      const report = reports.get(p.id) ?? null;
      const quality = report?.quality ?? 'unknown';
      result.set(p.id, {
        quality,
        detail: words?.describeLink(quality, report) ?? '',
        label: words && quality !== 'unknown' ? words.qualityWord(quality) : '',
        failure: status?.state === 'failed' && words ? words.failureText(p.name, status.reason) : null,
        videoPaused: Boolean(report?.videoStalled) && !p.videoMuted,
      });
    }
    return result;
  });

  const self = computed<TileNetwork>(() => {
    const quality = monitor.own.value;
    const words = texts.value;
    return {
      quality,
      detail: words?.describeOwn(quality) ?? '',
      label: words && quality !== 'unknown' ? words.qualityWord(quality) : '',
      failure: null,
      videoPaused: false,
    };
  });

  const failedNames = computed(() => call.participants.value.filter((p) => tiles.value.get(p.id)?.failure).map((p) => p.name));
  const audioOnlyTo = computed(() => [...monitor.links.value.values()].filter((r) => r.decision?.audioOnly).length);
  const cameraNotSending = computed(() => [...monitor.links.value.values()].some((r) => r.cameraNotSending));

  const candidates = computed<NetworkNotice[]>(() => {
    const words = texts.value;
    if (!words) return [];
    const list: NetworkNotice[] = [];
    if (failedNames.value.length) {
      list.push({ kind: 'connection-failed', title: words.noticeTitle.failed(failedNames.value), tips: words.failureTips(dialIn) });
    }
    if (cameraNotSending.value) {
      list.push({ kind: 'camera-not-sending', title: words.noticeTitle.cameraNotSending(), tips: words.noticeTitle.cameraTips() });
    }
    if (audioOnlyTo.value) {
      list.push({ kind: 'audio-only', title: words.noticeTitle.audioOnly(), tips: words.ownTips(dialIn) });
    }
    if (monitor.own.value === 'poor') {
      list.push({ kind: 'own-poor', title: words.noticeTitle.ownPoor(), tips: words.ownTips(dialIn) });
    }
    return list;
  });
  const notice = computed(() => candidates.value.find((n) => !dismissed.value.has(n.kind)) ?? null);
  // A dismissed notice may come back once its cause has gone away and returns.
  const forget = effect(() => {
    const active = new Set(candidates.value.map((n) => n.kind));
    const kept = [...dismissed.peek()].filter((k) => active.has(k));
    if (kept.length !== dismissed.peek().size) dismissed.value = new Set(kept);
  });

  return {
    tiles: tiles as ReadonlySignal<ReadonlyMap<string, TileNetwork>>,
    self,
    notice,
    links: monitor.links,
    dismiss(kind: NetworkNoticeKind) {
      dismissed.value = new Set([...dismissed.value, kind]);
    },
    /** One round of measuring now (tests), loading the monitor (and the words) first if they are not yet. */
    async tick() {
      await (await ensureMonitor())?.tick();
      await ensureTexts();
    },
    /** Resolves once the network's words are here (tests; the page just re-renders when they come). */
    textsReady: () => ensureTexts(),
    dispose() {
      disposed = true;
      if (startTimer) clearTimeout(startTimer);
      stopStart();
      stopFailureTexts();
      forget();
      stopMirror();
    },
  };
}

export type NetworkState = ReturnType<typeof createNetworkState>;
