import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';

/** How long a call may take to show its first picture before the page stops holding work back for it. */
export const SETTLE_LIMIT_MS = 10_000;

interface CallView {
  status: ReadonlySignal<string>;
  participants: ReadonlySignal<readonly unknown[]>;
  remoteStreams: ReadonlySignal<ReadonlyMap<string, unknown>>;
}

/**
 * Whether the page is getting into the call: from the click (or a reload's rejoin) until the call
 * is up, that is someone else's media arrived, or we are alone in the room, or `SETTLE_LIMIT_MS`
 * passed. Meanwhile the page holds back work that competes with the join for the main thread and
 * the network (the media check, the service worker's precache); they go on once it is false.
 */
export function createJoinPhase(call: CallView, { knocking }: { knocking: ReadonlySignal<boolean> }) {
  const timedOut = signal(false);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const settling = computed(() => {
    const status = call.status.value;
    if (status === 'joining') return true;
    if (status === 'in-call') {
      if (timedOut.value) return false;
      const alone = call.participants.value.length <= 1;
      return !alone && call.remoteStreams.value.size === 0;
    }
    return knocking.value;
  });
  const stopTimer = effect(() => {
    const waitingForPicture = settling.value && call.status.value === 'in-call';
    if (waitingForPicture && !timer) timer = setTimeout(() => (timedOut.value = true), SETTLE_LIMIT_MS);
    if (!waitingForPicture && timer) {
      clearTimeout(timer);
      timer = null;
    }
  });
  return {
    settling: settling as ReadonlySignal<boolean>,
    dispose() {
      stopTimer();
      if (timer) clearTimeout(timer);
    },
  };
}

export type JoinPhase = ReturnType<typeof createJoinPhase>;
