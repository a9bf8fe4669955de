/** Where one peer connection stands, as the tile shows it. */
export type LinkState = 'connecting' | 'connected' | 'failed';
export type FailureReason = 'turn-refused' | 'turn-unreachable' | 'no-route' | 'timeout' | 'dropped';
export interface LinkStatus {
  state: LinkState;
  reason?: FailureReason;
}

/** What we saw of one RTCPeerConnection's ICE so far. */
export interface IceFacts {
  iceState: RTCIceConnectionState;
  gatheringComplete: boolean;
  /** Local candidates gathered (with `relay` policy: relay candidates only). */
  localCandidates: number;
  /** `errorCode` of each `icecandidateerror` from a turn:/turns: URL (401 refused, 701 unreachable…). */
  turnErrors: readonly number[];
  /** Did this connection ever get through? */
  wasConnected: boolean;
  /** No connection within the allowed time. */
  timedOut: boolean;
  /** PeerJS gave up on it (it closes the connection when ICE fails). */
  gaveUp: boolean;
}

function whyFailed(f: IceFacts): FailureReason {
  if (f.wasConnected) return 'dropped';
  // 4xx from a TURN server: 401 Unauthorized (wrong or expired credentials), 403 Forbidden, 441 Wrong Credentials…
  if (f.turnErrors.some((code) => code >= 400 && code < 500)) return 'turn-refused';
  // 7xx: Chrome's own codes for a server that did not answer; 5xx: the server failed.
  if (f.turnErrors.length) return 'turn-unreachable';
  return f.timedOut ? 'timeout' : 'no-route';
}

/**
 * Connected, still trying, or failed (and why). A connection without a single local
 * candidate once gathering is over can never connect (a relay-only page whose TURN
 * server refused it): Chrome leaves its ICE state at `new` forever, so we call it here.
 */
export function judgeIce(f: IceFacts): LinkStatus {
  if (f.iceState === 'connected' || f.iceState === 'completed') return { state: 'connected' };
  const hopeless = f.iceState === 'failed' || f.gaveUp || f.timedOut || (f.gatheringComplete && f.localCandidates === 0);
  if (hopeless) return { state: 'failed', reason: whyFailed(f) };
  // `disconnected` after having been connected is usually a blip; ICE recovers or fails.
  return { state: f.wasConnected ? 'connected' : 'connecting' };
}
