import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { MediaMode } from '../../../../shared/room-events.ts';
import type { SfuClient } from './create-sfu-client.ts';

const NO_STREAMS: ReadonlyMap<string, MediaStream> = new Map();

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
export function createSfuPath({ mode, open, handOff, handOffDelayMs = 1_500, retryMs = 2_000 }: SfuPathDeps) {
  const client = signal<SfuClient | null>(null);
  const handedOff = new Set<string>();
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
  ];

  return {
    client: client as ReadonlySignal<SfuClient | null>,
    /** Streams through Janus, by participant id. */
    remoteStreams: computed(() => client.value?.remoteStreams.value ?? NO_STREAMS),
    /** The meeting is on the SFU: no new mesh camera calls (except with a phone caller). */
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
