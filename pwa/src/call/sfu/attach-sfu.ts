import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { MediaMode } from '../../../../shared/media-mode.ts';
import type { LocalMedia } from '../../media/local-media.ts';
import type { SfuPath } from './create-sfu-path.ts';

/** A failed load of the switch's code is tried again after this, while the meeting is on the SFU. */
const RELOAD_MS = 2_000;

const NO_STREAMS: ReadonlyMap<string, MediaStream> = new Map();

export interface SfuJoin {
  meetingId: string;
  participantId: string;
  token: string;
  rtc: Pick<RTCConfiguration, 'iceServers' | 'iceTransportPolicy'>;
  /** The meeting's media mode, as the room channel says. */
  mode: ReadonlySignal<MediaMode>;
  media: LocalMedia;
  /** Our mesh camera call with this participant may go (their media reaches us through Janus now). */
  handOff(participantId: string): void;
  /** Our screen share, published through Janus as `<participantId>~screen` while the meeting is on the SFU. */
  screen: ReadonlySignal<MediaStream | null>;
  /** The mesh screen call from this sharer may go (their screen reaches us through Janus now). */
  handOffScreen(participantId: string): void;
}

type Streams = ReadonlySignal<ReadonlyMap<string, MediaStream>>;

/** The mesh's map with Janus's entries over it (Janus wins once a participant's media arrives there). */
function over<T>(mesh: ReadonlyMap<string, T>, sfu: ReadonlyMap<string, T>): ReadonlyMap<string, T> {
  if (sfu.size === 0) return mesh;
  const merged = new Map(mesh);
  for (const [id, value] of sfu) merged.set(id, value);
  return merged;
}

/**
 * The call's SFU side, as the call sees it: which path is open, and each participant's media
 * through Janus once it arrives there, through the mesh until then.
 */
export function createSfuSide(mesh: { streams: Streams; screens: Streams }) {
  /** The SFU side of the call, once the meeting is on the SFU (call/sfu/). */
  const path = signal<SfuPath | null>(null);
  const remoteStreams = computed(() => over(mesh.streams.value, path.value?.remoteStreams.value ?? NO_STREAMS));
  const remoteScreens = computed(() => over(mesh.screens.value, path.value?.remoteScreens.value ?? NO_STREAMS));
  /** Whose camera we receive in the best layer (the focused tile's); everyone else's in the smallest. */
  const preferHigh = signal<ReadonlySet<string>>(new Set());

  /**
   * Wires the SFU path of one join; returns what undoes it. The switch's code (wire-sfu-path.ts,
   * create-sfu-path.ts) loads when the meeting first moves to the SFU, the client's
   * (create-sfu-client.ts) with it: a meeting that stays small never loads either, and a guest's
   * first page does not carry them.
   */
  function attach(join: SfuJoin): () => void {
    let undo: (() => void) | null = null;
    let loading = false;
    let done = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      loading = true;
      import('./wire-sfu-path.ts').then(
        ({ wireSfuPath }) => {
          loading = false;
          if (!done) undo = wireSfuPath(join, preferHigh, (made) => (path.value = made));
        },
        // Offline, or a new version deployed: the mesh goes on, and the load is tried again.
        () => {
          loading = false;
          retry = setTimeout(() => !done && join.mode.peek() === MediaMode.Sfu && !undo && load(), RELOAD_MS);
        },
      );
    };
    const stopWatch = effect(() => {
      if (join.mode.value === MediaMode.Sfu && !undo && !loading) load();
    });
    return () => {
      done = true;
      clearTimeout(retry);
      stopWatch();
      undo?.();
    };
  }

  return {
    path: path as ReadonlySignal<SfuPath | null>,
    remoteStreams,
    remoteScreens,
    attach,
    /** The tiles to receive in the best layer (simulcast.ts): the focused one; none in the grid. */
    preferHigh(ids: Iterable<string>) {
      const next = new Set(ids);
      const now = preferHigh.peek();
      if (next.size !== now.size || [...next].some((id) => !now.has(id))) preferHigh.value = next;
    },
    /** Camera connections by participant: Janus's subscriber connection for those who come through it. */
    peerConnections: (meshPcs: ReadonlyMap<string, RTCPeerConnection>) => over(meshPcs, path.peek()?.peerConnections() ?? new Map()),
  };
}

export type SfuSide = ReturnType<typeof createSfuSide>;
