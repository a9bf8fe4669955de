import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';

/** How long a call may take to show its first picture before the page stops holding work back for it. */
export const SETTLE_LIMIT_MS = 10_000;
/** How long the room's first drawing waits for our first calls to be under way. */
export const DRAW_WAIT_MS = 200;
/**
 * How long after the first remote stream the page waits for its first picture (a tile reports it,
 * `pictureShown`) before it counts the call as up anyway: someone whose camera is off, a phone caller.
 */
export const PICTURE_WAIT_MS = 1_500;

interface CallView {
  status: ReadonlySignal<string>;
  participants: ReadonlySignal<readonly unknown[]>;
  remoteStreams: ReadonlySignal<ReadonlyMap<string, unknown>>;
  /** The first welcome's calls are placed, our offers out and their answers in: ICE is checking. */
  callsUnderWay: ReadonlySignal<boolean>;
}

/**
 * Whether the page is getting into the call: from the click (or a reload's rejoin) until the call
 * is up, that is someone else's picture is on screen (or their media arrived `PICTURE_WAIT_MS`
 * ago without one), or we are alone in the room, or `SETTLE_LIMIT_MS` passed. Meanwhile the page
 * holds back work that competes with the join for the main thread and the network (the media
 * check, the device list, the chat's history, the meters, the service worker's precache); they
 * go on once it is false. Released when the stream merely arrived, that work fell between the
 * stream and its first frame: the part of the join the guest is waiting on.
 */
export function createJoinPhase(call: CallView, { knocking }: { knocking: ReadonlySignal<boolean> }) {
  const timedOut = signal(false);
  const pictured = signal(false);
  const pictureWaitOver = signal(false);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pictureTimer: ReturnType<typeof setTimeout> | null = null;
  let pictureShownTimer: ReturnType<typeof setTimeout> | null = null;
  const settling = computed(() => {
    const status = call.status.value;
    if (status === 'joining') return true;
    if (status === 'in-call') {
      if (timedOut.value) return false;
      const alone = call.participants.value.length <= 1;
      return !alone && (call.remoteStreams.value.size === 0 || !(pictured.value || pictureWaitOver.value));
    }
    return knocking.value;
  });
  // Settled once since this page's own join began: a page that was alone when it joined (a host) and
  // is then joined by someone settles again for that newcomer, but is not getting in itself.
  const settledOnce = signal(false);
  const stopSettledOnce = effect(() => {
    const status = call.status.value;
    if (status === 'joining') settledOnce.value = false;
    else if (status === 'in-call' && !settling.value) settledOnce.value = true;
  });
  const gettingIn = computed(() => settling.value && !settledOnce.value);
  const stopPictureTimer = effect(() => {
    const status = call.status.value;
    if (status === 'joining') {
      // A new join (after leaving): its own first picture.
      if (pictureTimer) clearTimeout(pictureTimer);
      pictureTimer = null;
      if (pictureShownTimer) clearTimeout(pictureShownTimer);
      pictureShownTimer = null;
      pictured.value = false;
      pictureWaitOver.value = false;
      return;
    }
    const streamIn = status === 'in-call' && call.remoteStreams.value.size > 0;
    if (streamIn && !pictureTimer && !pictured.peek()) pictureTimer = setTimeout(() => (pictureWaitOver.value = true), PICTURE_WAIT_MS);
  });
  const stopTimer = effect(() => {
    const waitingForPicture = settling.value && call.status.value === 'in-call';
    if (waitingForPicture && !timer) timer = setTimeout(() => (timedOut.value = true), SETTLE_LIMIT_MS);
    if (!waitingForPicture && timer) {
      clearTimeout(timer);
      timer = null;
    }
  });
  // Drawing the room holds the main thread for tens of milliseconds. Drawn once our first calls
  // are under way (ICE checking), that time is covered by ICE, DTLS and the first frames' decoding,
  // which WebRTC's own threads do. Drawn once our offers were out, it held the answer and the
  // candidates back on the main thread (the answer relayed in 51 ms against the floor's 8; bench/
  // join-both-sides.ts). A slow welcome, PeerJS or answer keeps it back `DRAW_WAIT_MS` at most.
  const drawWaitOver = signal(false);
  let drawTimer: ReturnType<typeof setTimeout> | null = null;
  const stopDrawTimer = effect(() => {
    if (call.status.value !== 'in-call') {
      if (drawTimer) clearTimeout(drawTimer);
      drawTimer = null;
      drawWaitOver.value = false;
    } else if (!drawTimer && !call.callsUnderWay.value) drawTimer = setTimeout(() => (drawWaitOver.value = true), DRAW_WAIT_MS);
  });
  const drawRoom = computed(() => call.status.value === 'in-call' && (call.callsUnderWay.value || drawWaitOver.value));
  return {
    settling: settling as ReadonlySignal<boolean>,
    /**
     * Settling in this page's own join: from the click (or a reload's rejoin) until the call first
     * settles, not when someone joins a page already in the call (which `settling` covers too).
     */
    gettingIn: gettingIn as ReadonlySignal<boolean>,
    /** Whether the room may be drawn (until then the page keeps showing that it is joining). */
    drawRoom: drawRoom as ReadonlySignal<boolean>,
    /**
     * A remote tile showed its first frame: the call is up, and the page no longer holds work back.
     * That work goes on a task later, not in the task of the frame itself (the tile's frame
     * callback), which it took past 50 ms on a busy machine.
     */
    pictureShown() {
      if (pictured.peek() || pictureShownTimer) return;
      pictureShownTimer = setTimeout(() => {
        pictureShownTimer = null;
        pictured.value = true;
      }, 0);
    },
    dispose() {
      stopSettledOnce();
      stopTimer();
      stopDrawTimer();
      stopPictureTimer();
      if (timer) clearTimeout(timer);
      if (drawTimer) clearTimeout(drawTimer);
      if (pictureTimer) clearTimeout(pictureTimer);
      if (pictureShownTimer) clearTimeout(pictureShownTimer);
    },
  };
}

export type JoinPhase = ReturnType<typeof createJoinPhase>;
