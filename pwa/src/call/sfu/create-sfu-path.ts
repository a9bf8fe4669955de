import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { MediaMode } from '../../../../shared/media-mode.ts';
import type { SfuClient } from './create-sfu-client.ts';

const NO_STREAMS: ReadonlyMap<string, MediaStream> = new Map();
const NO_PCS: ReadonlyMap<string, RTCPeerConnection> = new Map();

export interface SfuPathDeps {
  /** The meeting's media mode, as the room channel says. */
  mode: ReadonlySignal<MediaMode>;
  /**
   * Makes a client (our proxy URL, our tracks, our ICE servers). The call passes one that loads the
   * client's code first: a page whose meeting never moves to the SFU never loads it.
   */
  open(): SfuClient | Promise<SfuClient>;
  /**
   * Our mesh camera call with this participant may go: their media reaches us through Janus now
   * (make-before-break, one pair at a time).
   */
  handOff(participantId: string): void;
  /** Our screen share (null when we share nothing): published through Janus as a second feed. */
  screen?: ReadonlySignal<MediaStream | null>;
  /** Whose camera we want in the best layer (the focused tile); the others get the smallest. */
  preferHigh?: ReadonlySignal<ReadonlySet<string>>;
  /** A sharer's screen arrived through Janus: a mesh screen call from them may go (same delay as cameras). */
  handOffScreen?(participantId: string): void;
  /** After a participant's Janus stream arrives, how long the mesh call stays (so they get ours through Janus too). */
  handOffDelayMs?: number;
  /** A failed client is replaced after this. */
  retryMs?: number;
}

/**
 * The call's SFU side: once the meeting is on the SFU, a client publishes our tracks and subscribes
 * to the others; each mesh camera call is handed off only after that participant's stream arrived
 * through Janus. A client that fails is replaced until it works (the mesh goes on meanwhile).
 */
export function createSfuPath({
  mode,
  open,
  handOff,
  screen = signal(null),
  preferHigh = signal(new Set()),
  handOffScreen = () => undefined,
  handOffDelayMs = 1_500,
  retryMs = 2_000,
}: SfuPathDeps) {
  const client = signal<SfuClient | null>(null);
  const handedOff = new Set<string>();
  const screensHandedOff = new WeakSet<MediaStream>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let disposed = false;
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!disposed) run();
    }, ms);
    timers.add(timer);
  };

  let opening = false;
  const start = () => {
    opening = true;
    void Promise.resolve()
      .then(open)
      .then(
        (made) => {
          opening = false;
          if (disposed) return made.dispose();
          client.value = made;
          made.ready.catch(() => undefined);
        },
        // Its code could not load (offline, a new version deployed): try again, the mesh goes on meanwhile.
        () => {
          opening = false;
          later(retryMs, () => {
            if (mode.peek() === MediaMode.Sfu && !client.peek() && !opening) start();
          });
        },
      );
  };
  const stops = [
    effect(() => {
      if (mode.value === MediaMode.Sfu && !client.peek() && !opening && !disposed) start();
    }),
    // A client that failed (Janus restarted, the socket dropped) is replaced.
    effect(() => {
      const current = client.value;
      if (current?.status.value !== 'failed') return;
      current.dispose();
      client.value = null;
      later(retryMs, () => {
        if (mode.peek() === MediaMode.Sfu && !client.peek() && !opening) start();
      });
    }),
    effect(() => {
      for (const id of client.value?.remoteStreams.value.keys() ?? []) {
        if (handedOff.has(id)) continue;
        handedOff.add(id);
        later(handOffDelayMs, () => handOff(id));
      }
    }),
    // Each screen that reaches us through Janus (a share can stop and start again).
    effect(() => {
      for (const [id, stream] of client.value?.remoteScreens.value ?? []) {
        if (screensHandedOff.has(stream)) continue;
        screensHandedOff.add(stream);
        later(handOffDelayMs, () => handOffScreen(id));
      }
    }),
    // Our screen and our layer wishes follow us to each client (a replaced one too).
    effect(() => {
      const current = client.value;
      const stream = screen.value;
      current?.shareScreen(stream).catch(() => undefined);
    }),
    effect(() => client.value?.preferHigh(preferHigh.value)),
  ];

  return {
    client: client as ReadonlySignal<SfuClient | null>,
    /** Streams through Janus, by participant id. */
    remoteStreams: computed(() => client.value?.remoteStreams.value ?? NO_STREAMS),
    /** Screens through Janus, by sharer. */
    remoteScreens: computed(() => client.value?.remoteScreens.value ?? NO_STREAMS),
    /** Camera connections through Janus, by participant (for the tiles' quality). */
    peerConnections: (): ReadonlyMap<string, RTCPeerConnection> => client.peek()?.peerConnections() ?? NO_PCS,
    /** The meeting is on the SFU: no new mesh camera calls. */
    active: computed(() => mode.value === MediaMode.Sfu),
    replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack) {
      void client.peek()?.replaceTrack(kind, track);
    },
    dispose() {
      disposed = true;
      for (const stop of stops) stop();
      for (const timer of timers) clearTimeout(timer);
      client.peek()?.dispose();
      client.value = null;
    },
  };
}

export type SfuPath = ReturnType<typeof createSfuPath>;
