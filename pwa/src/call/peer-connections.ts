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

const inATask = (run: () => void) => {
  const timer = setTimeout(run, 0);
  return () => clearTimeout(timer);
};

const whenIdle = (run: () => void) => {
  if (typeof requestIdleCallback !== 'function') return inATask(run);
  const handle = requestIdleCallback(run, { timeout: 3_000 });
  return () => cancelIdleCallback(handle);
};

export function createPeerConnections({
  create = (config: RTCConfiguration) => new RTCPeerConnection(config),
  soon = inATask,
  idle = whenIdle,
}: PeerConnectionsDeps = {}) {
  let spare: RTCPeerConnection | null = null;
  /** What spares are made with once the page has joined; null before, and once disposed. */
  let warmConfig: RTCConfiguration | null = null;
  let cancel: (() => void) | null = null;

  function makeSpare(schedule: (run: () => void) => () => void) {
    if (spare || cancel || !warmConfig) return;
    cancel = schedule(() => {
      cancel = null;
      try {
        if (warmConfig && !spare) spare = create(warmConfig);
      } catch (error) {
        console.warn('could not make a connection ahead:', error);
      }
    });
  }

  return {
    /** A connection for a call (PeerJS's `makePeerConnection`): the spare, brought to `config`, when there is one. */
    make(config: RTCConfiguration): RTCPeerConnection {
      let pc = spare;
      spare = null;
      try {
        // Fresh ICE servers are taken; another bundle policy is refused (InvalidModificationError), as is a closed one.
        pc?.setConfiguration(config);
      } catch {
        pc?.close();
        pc = null;
      }
      pc ??= create(config);
      holdCandidatesWhileDescribing(pc);
      makeSpare(idle);
      return pc;
    },
    /** The page joins: one is made ahead with this configuration, in a task of its own, and after each one taken. */
    warm(config: RTCConfiguration) {
      warmConfig = config;
      makeSpare(soon);
    },
    dispose() {
      warmConfig = null;
      cancel?.();
      cancel = null;
      spare?.close();
      spare = null;
    },
  };
}
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
