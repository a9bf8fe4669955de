/**
 * A connection for the next call we answer, made while the page is idle in its call,
 * with our tracks on it (`addTrack`, so that the caller's offer takes those transceivers) and its
 * candidates gathered ahead (a pool of one). When a call comes, PeerJS takes it: the answer costs no
 * RTCPeerConnection and addTrack on the main thread (20–30 ms on a busy machine), and our candidates
 * follow it at once. Nothing leaves the page before a call: the connection has no other side until
 * PeerJS sends its answer. Loaded when first needed (a while after the page is in its call), so none of
 * it is in a guest's first bytes.
 */
export interface PreparedAnswer {
  /** The connection for a call we answer with `stream`; null when it is gone. Taken once. */
  take(stream: MediaStream): RTCPeerConnection | null;
  close(): void;
}

export interface PrepareAnswerDeps {
  makeConnection?: (config: RTCConfiguration) => RTCPeerConnection;
}

export function prepareAnswer(config: RTCConfiguration, stream: MediaStream, deps: PrepareAnswerDeps = {}): PreparedAnswer {
  const make = deps.makeConnection ?? ((c: RTCConfiguration) => new RTCPeerConnection(c));
  let pc: RTCPeerConnection | null = make({ ...config, iceCandidatePoolSize: 1 });
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  return {
    take(current) {
      const taken = pc;
      pc = null;
      if (!taken || taken.signalingState === 'closed') return null;
      // The tracks we send now (a device switched, a placeholder replaced since it was made).
      for (const sender of taken.getSenders()) {
        const kind = sender.track?.kind;
        const track = (kind === 'audio' ? current.getAudioTracks() : kind === 'video' ? current.getVideoTracks() : [])[0];
        if (track && track !== sender.track) sender.replaceTrack(track).catch(() => undefined);
      }
      return taken;
    },
    close() {
      pc?.close();
      pc = null;
    },
  };
}
