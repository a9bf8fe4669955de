/**
 * The RTCPeerConnections of the mesh's calls: PeerJS makes each one through its `makePeerConnection`
 * option (added to PeerJS at build, pwa/build/peerjs-media-only.ts). Two costs of Chromium's are
 * taken off the main thread while a call is set up, both measured on a join (docs/benchmarks.md):
 *
 * - **Making one** blocks the main thread 20–25 ms: the constructor waits for WebRTC's own
 *   signalling thread. Once the page joins (`warm`), one is made ahead in a task of its own, during
 *   the join's request; the next call takes it, and another is made at an idle moment for the call
 *   after (a newcomer, a reload). One made ahead has no description: it sends and gathers nothing.
 * - **Adding a candidate while a remote description is being applied** blocks the main thread until
 *   the description is applied (20–100 ms measured, when the far side's candidates follow its offer or
 *   answer at once). Such candidates are added once it is: WebRTC would only take them then anyway.
 */
export interface PeerConnectionsDeps {
  /** Makes one (a test passes a fake). */
  create?: (config: RTCConfiguration) => RTCPeerConnection;
  /** Runs `run` in a task of its own; returns a cancel. */
  soon?: (run: () => void) => () => void;
  /** Runs `run` at an idle moment (within a few seconds); returns a cancel. */
  idle?: (run: () => void) => () => void;
}

const IDLE_WITHIN_MS = 3_000;

const inATask = (run: () => void) => {
  const timer = setTimeout(run, 0);
  return () => clearTimeout(timer);
};

const whenIdle = (run: () => void) => {
  if (typeof requestIdleCallback !== 'function') return inATask(run);
  const handle = requestIdleCallback(run, { timeout: IDLE_WITHIN_MS });
  return () => cancelIdleCallback(handle);
};

/** What a spare must share with the configuration a call asks for (the rest `setConfiguration` changes). */
const fixedPart = (config: RTCConfiguration) => `${config.bundlePolicy ?? ''}|${config.rtcpMuxPolicy ?? ''}`;

export function createPeerConnections(deps: PeerConnectionsDeps = {}) {
  const create = deps.create ?? ((config: RTCConfiguration) => new RTCPeerConnection(config));
  const soon = deps.soon ?? inATask;
  const idle = deps.idle ?? whenIdle;
  let spare: { pc: RTCPeerConnection; config: RTCConfiguration } | null = null;
  /** The configuration spares are made with once the page has joined; null before. */
  let warmConfig: RTCConfiguration | null = null;
  let cancelPending: (() => void) | null = null;
  let disposed = false;

  function makeSpare(schedule: (run: () => void) => () => void) {
    if (disposed || spare || cancelPending || !warmConfig) return;
    cancelPending = schedule(() => {
      cancelPending = null;
      if (disposed || spare || !warmConfig) return;
      try {
        spare = { pc: create(warmConfig), config: warmConfig };
      } catch (error) {
        console.warn('could not make a connection ahead:', error);
      }
    });
  }

  /** The spare, brought to `config`; null when there is none or it cannot be. */
  function takeSpare(config: RTCConfiguration): RTCPeerConnection | null {
    const taken = spare;
    spare = null;
    if (!taken) return null;
    if (taken.pc.signalingState === 'closed' || fixedPart(taken.config) !== fixedPart(config)) {
      taken.pc.close();
      return null;
    }
    try {
      if (JSON.stringify(taken.config) !== JSON.stringify(config)) taken.pc.setConfiguration(config);
      return taken.pc;
    } catch {
      taken.pc.close();
      return null;
    }
  }

  return {
    /** A connection for a call (PeerJS's `makePeerConnection`): the spare when there is one. */
    make(config: RTCConfiguration): RTCPeerConnection {
      const pc = takeSpare(config) ?? create(config);
      holdCandidatesWhileDescribing(pc);
      makeSpare(idle);
      return pc;
    },
    /** The page joins: one is made ahead with this configuration, in a task of its own, and after each one taken. */
    warm(config: RTCConfiguration) {
      warmConfig = config;
      makeSpare(soon);
    },
    /** The configuration changed (fresh TURN credentials): later spares are made with it. */
    reconfigure(config: RTCConfiguration) {
      if (warmConfig) warmConfig = config;
    },
    /** Whether one is made ahead and not taken (for tests). */
    hasSpare: () => spare !== null,
    dispose() {
      disposed = true;
      cancelPending?.();
      cancelPending = null;
      spare?.pc.close();
      spare = null;
    },
  };
}

export type PeerConnections = ReturnType<typeof createPeerConnections>;

/**
 * Candidates that come while a remote description is being applied are added once it is (in their
 * order), so the main thread does not wait on WebRTC's signalling thread meanwhile.
 */
export function holdCandidatesWhileDescribing(pc: RTCPeerConnection): void {
  let applying: Promise<void> | null = null;
  const setRemote = pc.setRemoteDescription.bind(pc);
  const addCandidate = pc.addIceCandidate.bind(pc);
  pc.setRemoteDescription = (description: RTCSessionDescriptionInit) => {
    const done = setRemote(description);
    const settled = done.then(
      () => undefined,
      () => undefined,
    );
    applying = settled;
    void settled.then(() => {
      if (applying === settled) applying = null;
    });
    return done;
  };
  pc.addIceCandidate = (candidate?: RTCIceCandidateInit | RTCIceCandidate | null) => {
    const held = applying;
    return held ? held.then(() => addCandidate(candidate ?? undefined)) : addCandidate(candidate ?? undefined);
  };
}
