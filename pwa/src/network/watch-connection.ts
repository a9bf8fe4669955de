import { judgeIce, type IceFacts, type LinkStatus } from './connection-verdict.ts';

export interface WatchOptions {
  /** Give up when not connected after this long. */
  timeoutMs?: number;
  onStatus(status: LinkStatus): void;
}

export interface ConnectionWatch {
  /** PeerJS gave up on the connection (its `error` fires while ICE is `failed`, just before it closes it). */
  gaveUp(): void;
  readonly status: LinkStatus;
  stop(): void;
}

const isTurnUrl = (url: string | undefined | null) => /^turns?:/.test(url ?? '');

/**
 * Follows one RTCPeerConnection's ICE (candidates gathered, TURN errors, state, a
 * time limit) and reports connecting / connected / failed-and-why as it changes.
 */
export function watchConnection(pc: RTCPeerConnection, { timeoutMs = 20_000, onStatus }: WatchOptions): ConnectionWatch {
  const facts: IceFacts = {
    iceState: pc.iceConnectionState,
    gatheringComplete: pc.iceGatheringState === 'complete',
    localCandidates: 0,
    turnErrors: [],
    wasConnected: false,
    timedOut: false,
    gaveUp: false,
  };
  let status: LinkStatus = { state: 'connecting' };
  let stopped = false;

  function update() {
    if (stopped) return;
    const next = judgeIce(facts);
    if (next.state === 'connected') {
      facts.wasConnected = true;
      clearTimeout(timer);
    }
    if (next.state === status.state && next.reason === status.reason) return;
    status = next;
    onStatus(next);
  }

  const listeners: [string, EventListener][] = [
    [
      'icecandidate',
      (e) => {
        if ((e as RTCPeerConnectionIceEvent).candidate?.candidate) facts.localCandidates++;
      },
    ],
    [
      'icecandidateerror',
      (e) => {
        const error = e as RTCPeerConnectionIceErrorEvent;
        if (isTurnUrl(error.url)) facts.turnErrors = [...facts.turnErrors, error.errorCode];
        update();
      },
    ],
    [
      'iceconnectionstatechange',
      () => {
        // Once PeerJS closed it, the state says `closed`: keep the last real one.
        if (pc.iceConnectionState !== 'closed') facts.iceState = pc.iceConnectionState;
        update();
      },
    ],
    [
      'icegatheringstatechange',
      () => {
        facts.gatheringComplete = pc.iceGatheringState === 'complete';
        update();
      },
    ],
  ];
  for (const [type, listener] of listeners) pc.addEventListener(type, listener);
  const timer = setTimeout(() => {
    facts.timedOut = true;
    update();
  }, timeoutMs);
  update();

  return {
    gaveUp() {
      facts.gaveUp = true;
      if (pc.iceConnectionState === 'failed') facts.iceState = 'failed';
      update();
    },
    get status() {
      return status;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      for (const [type, listener] of listeners) pc.removeEventListener(type, listener);
    },
  };
}
