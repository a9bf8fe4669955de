/**
 * Our first call's connection, made before we know whom we call: as the call's links open (on the
 * pre-join page with a reservation, as a reload starts, or at a join into a room with people in
 * it), an RTCPeerConnection gets an audio and a video transceiver, sets its offer and gathers its
 * candidates. When the room's welcome names the one to call, PeerJS takes it (built to, in
 * pwa/build/peerjs-media-only.ts) and the offer leaves at once, its candidates written in it:
 * - no RTCPeerConnection, addTrack, createOffer or setLocalDescription on the main thread between
 *   the click and the offer (they block it on WebRTC's own thread, 30–80 ms on a busy machine);
 * - the other side can start its connectivity checks from the offer alone, without waiting for our
 *   candidates to trickle after it.
 * Nothing leaves this page before the call: the connection has no other side until PeerJS sends
 * its offer, and it sends nothing until then (no track yet; the call's tracks go in at `take`).
 */
export interface PreparedOffer {
  /**
   * The connection for a call that sends `stream` (one audio and one video track), and when its
   * offer is set (false: it failed, and the call makes the offer itself); null when it is gone
   * (closed, or taken already). Taken once: it is the call's from now on.
   */
  take(stream: MediaStream): { connection: RTCPeerConnection; offerSet: Promise<boolean> } | null;
  /**
   * Not wanted after all (nobody to call, the links closed), or made with ICE servers that changed
   * since (its candidates were gathered with the old ones): the connection closes.
   */
  close(): void;
}

export interface PrepareOfferDeps {
  makeConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  /** The stream both transceivers announce, so the other side gets audio and video as one stream. */
  makeStream?: () => MediaStream;
}

const KINDS = ['audio', 'video'] as const;

export function prepareOffer(config: RTCConfiguration, deps: PrepareOfferDeps = {}): PreparedOffer {
  const make = deps.makeConnection ?? ((c: RTCConfiguration) => new RTCPeerConnection(c));
  let pc: RTCPeerConnection | null = make(config);
  const announced = (deps.makeStream ?? (() => new MediaStream()))();
  for (const kind of KINDS) pc.addTransceiver(kind, { direction: 'sendrecv', streams: [announced] });
  const made = pc;
  const offerSet = made
    .createOffer()
    .then((offer) => made.setLocalDescription(offer))
    .then(
      () => true,
      () => false,
    );

  return {
    take(stream) {
      const taken = pc;
      pc = null;
      if (!taken || taken.signalingState === 'closed') return null;
      for (const transceiver of taken.getTransceivers()) {
        const kind = transceiver.receiver.track.kind;
        const track = (kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks())[0] ?? null;
        transceiver.sender.replaceTrack(track).catch(() => undefined);
      }
      return { connection: taken, offerSet };
    },
    close() {
      pc?.close();
      pc = null;
    },
  };
}

/**
 * The other side's half: a connection for the next call we answer, made while the page is idle,
 * with our tracks on it (`addTrack`, so that the caller's offer takes those transceivers) and its
 * candidates gathered ahead (a pool of one). When a call comes, PeerJS takes it: the answer costs no
 * RTCPeerConnection and addTrack on the main thread (20–30 ms on a busy machine), and our candidates
 * follow it at once.
 */
export interface PreparedAnswer {
  /** The connection for a call we answer with `stream`; null when it is gone. Taken once. */
  take(stream: MediaStream): RTCPeerConnection | null;
  close(): void;
}

export function prepareAnswer(config: RTCConfiguration, stream: MediaStream, deps: PrepareOfferDeps = {}): PreparedAnswer {
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
