import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { createAudioLevel, holdMeters, SPEAKING_LEVEL } from '../media/audio-level.ts';
import type { LocalMedia } from '../media/local-media.ts';
import type { Call } from './create-call.ts';
import { whenIdle } from '../app/when-idle.ts';

type Monitor = Pick<ReturnType<typeof createAudioLevel>, 'level' | 'dispose'>;

/** How long after the join settles the level meters wait before they start (then at an idle moment). */
export const METERS_AFTER_JOIN_MS = 1000;

/**
 * Runs `then` at an idle moment `afterMs` from now (within a second more), or soon after `afterMs`
 * where there is no idle callback. The returned function cancels it.
 */
function whenIdleAfter(afterMs: number, then: () => void): () => void {
  let idle: (() => void) | null = null;
  const timer = setTimeout(() => {
    idle = whenIdle(then, { timeoutMs: 1000, fallbackMs: 100 });
  }, afterMs);
  return () => {
    clearTimeout(timer);
    idle?.();
  };
}

export interface SpeakingDeps {
  /**
   * While true (the page is getting into the call), no new level meter starts: each is a track
   * clone in a Web Audio graph, and the page's first one starts its AudioContext, which holds the
   * main thread (a trace: a 71 ms task) and adds audio work while the join needs both. The hold is
   * over when the others' media arrives, before its first frame is drawn: the meters start at an
   * idle moment `METERS_AFTER_JOIN_MS` after. Meters already running go on (see `pause`).
   */
  hold?: ReadonlySignal<boolean>;
  /**
   * While true (this page is getting into the call: the join phase's `gettingIn`, not a newcomer
   * joining a call this page is in), the running meters (the pre-join page's microphone) skip their
   * looks (`holdMeters`), and look again when it is over.
   */
  pause?: ReadonlySignal<boolean>;
  /** One track's level meter (Web Audio; replaceable in tests). */
  meter?: (track: MediaStreamTrack) => Monitor;
  /** Holds the running meters' looks, or lets them go (`holdMeters`; replaceable in tests). */
  holdRunning?: (hold: boolean) => void;
}

/**
 * Who is speaking: audio levels of every participant (own microphone included, even
 * when muted), the speaking set for tile rings, the active speaker for the focus
 * view, and whether the local person talks while muted.
 */
export function createSpeakingState(
  call: Call,
  media: LocalMedia,
  { hold, pause, meter = createAudioLevel, holdRunning = holdMeters }: SpeakingDeps = {},
) {
  const monitors = new Map<string, { track: MediaStreamTrack; monitor: Monitor }>();
  const version = signal(0);
  const SELF = '__self__';
  // Meters may start: at once on a page that is not joining (the pre-join page's microphone meter),
  // else at an idle moment a second after the hold is over.
  const metersMayStart = signal(!hold?.peek());
  let cancelIdle: (() => void) | null = null;
  const stopHold = effect(() => {
    if (!hold) return;
    if (hold.value) {
      cancelIdle?.();
      cancelIdle = null;
      metersMayStart.value = false;
    } else if (!metersMayStart.peek())
      cancelIdle ??= whenIdleAfter(METERS_AFTER_JOIN_MS, () => {
        cancelIdle = null;
        metersMayStart.value = true;
      });
  });

  const stopPause = effect(() => {
    if (pause) holdRunning(pause.value);
  });

  function sync(wanted: Map<string, MediaStreamTrack>, start: boolean) {
    let changed = false;
    for (const [id, entry] of monitors) {
      if (wanted.get(id) !== entry.track) {
        entry.monitor.dispose();
        monitors.delete(id);
        changed = true;
      }
    }
    for (const [id, track] of wanted) {
      if (!start || monitors.has(id)) continue;
      try {
        monitors.set(id, { track, monitor: meter(track) });
        changed = true;
      } catch {
        /* no Web Audio: no speaking indicator */
      }
    }
    if (changed) version.value++;
  }

  const stop = effect(() => {
    const wanted = new Map<string, MediaStreamTrack>();
    const own = media.audioTrack.value;
    if (own) wanted.set(SELF, own);
    for (const [id, stream] of call.remoteStreams.value) {
      const track = stream.getAudioTracks()[0];
      if (track) wanted.set(id, track);
    }
    sync(wanted, metersMayStart.value);
  });

  const levels = computed(() => {
    version.value;
    const result = new Map<string, number>();
    for (const [id, { monitor }] of monitors) result.set(id === SELF ? (call.selfId.value ?? SELF) : id, monitor.level.value);
    return result;
  });

  const speaking = computed(() => {
    const ids = new Set<string>();
    const mutedSelf = media.audioMuted.value;
    for (const [id, level] of levels.value) {
      if (level < SPEAKING_LEVEL) continue;
      if (id === call.selfId.value && mutedSelf) continue;
      ids.add(id);
    }
    return ids;
  });

  /** Loudest speaker, kept until someone else speaks (no flicker in pauses). */
  const active = signal<string | null>(null);
  const stopActive = effect(() => {
    let loudest: string | null = null;
    let max = SPEAKING_LEVEL;
    for (const [id, level] of levels.value) {
      if (id === call.selfId.value || level < max) continue;
      max = level;
      loudest = id;
    }
    if (loudest && loudest !== active.value) active.value = loudest;
  });

  const selfLevel = computed(() => {
    version.value;
    return monitors.get(SELF)?.monitor.level.value ?? 0;
  });
  const speakingWhileMuted = computed(() => media.audioMuted.value && selfLevel.value >= SPEAKING_LEVEL);

  return {
    levels,
    speaking: speaking as ReadonlySignal<Set<string>>,
    activeSpeaker: active as ReadonlySignal<string | null>,
    selfLevel,
    speakingWhileMuted,
    dispose() {
      stop();
      stopHold();
      stopPause();
      if (pause) holdRunning(false);
      cancelIdle?.();
      stopActive();
      for (const { monitor } of monitors.values()) monitor.dispose();
      monitors.clear();
    },
  };
}

export type SpeakingState = ReturnType<typeof createSpeakingState>;
