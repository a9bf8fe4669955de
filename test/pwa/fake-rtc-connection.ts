/**
 * Test double (tests only): an RTCPeerConnection as far as our mesh and PeerJS look at it —
 * connection and ICE states with their events, one sender per kind, the configuration. The
 * fake PeerJS (fake-peerjs.ts) makes one per call; a test moves it with `setState`.
 */

/** A sender: the track it sends now, swapped with `replaceTrack` (no renegotiation). */
export class FakeRtpSender {
  replaced = 0;
  track: MediaStreamTrack | null;
  constructor(track: MediaStreamTrack | null) {
    this.track = track;
  }
  async replaceTrack(track: MediaStreamTrack | null) {
    this.replaced++;
    this.track = track;
  }
}

/** An RTCPeerConnection as far as our code and PeerJS look at it: states, events, senders, configuration. */
export class FakeRtcConnection extends EventTarget {
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  iceGatheringState: RTCIceGatheringState = 'new';
  signalingState: RTCSignalingState = 'stable';
  localDescription: RTCSessionDescriptionInit | null = null;
  /** The other side's description, once in (the fake PeerJS sets it when the answer or offer arrives). */
  remoteDescription: RTCSessionDescriptionInit | null = null;
  private configuration: RTCConfiguration;
  readonly audio: FakeRtpSender;
  readonly video: FakeRtpSender;

  constructor(configuration: RTCConfiguration, stream: MediaStream | undefined) {
    super();
    this.configuration = { ...configuration };
    this.audio = new FakeRtpSender(stream?.getAudioTracks()[0] ?? null);
    this.video = new FakeRtpSender(stream?.getVideoTracks()[0] ?? null);
  }

  getTransceivers() {
    return [
      { receiver: { track: { kind: 'audio' } }, sender: this.audio },
      { receiver: { track: { kind: 'video' } }, sender: this.video },
    ];
  }
  getConfiguration() {
    return { ...this.configuration };
  }
  setConfiguration(configuration: RTCConfiguration) {
    this.configuration = { ...configuration };
  }

  /** Data channels made on it, with their options. */
  readonly channels: { label: string; init: RTCDataChannelInit | undefined }[] = [];
  /** The tracks added with `addTrack`, each with its stream. */
  readonly added: { track: MediaStreamTrack; stream: MediaStream }[] = [];
  /** `createOffer` fails (a test sets it). */
  failOffer = false;
  /** Offers made with `createOffer`. */
  offersMade = 0;

  createDataChannel(label: string, init?: RTCDataChannelInit) {
    this.channels.push({ label, init });
    return { label } as RTCDataChannel;
  }
  addTrack(track: MediaStreamTrack, stream: MediaStream) {
    this.added.push({ track, stream });
    const sender = track.kind === 'audio' ? this.audio : this.video;
    sender.track = track;
    return sender;
  }
  async createOffer(): Promise<RTCSessionDescriptionInit> {
    if (this.failOffer) throw new Error('could not make an offer');
    this.offersMade++;
    return { type: 'offer', sdp: `v=0 offer ${this.offersMade}` };
  }
  async setLocalDescription(description: RTCSessionDescriptionInit) {
    if (this.signalingState === 'closed') throw new Error('closed');
    this.localDescription = description;
    this.signalingState = 'have-local-offer';
    this.dispatchEvent(new Event('signalingstatechange'));
  }
  /** ICE found a local candidate: the event a browser fires. */
  findCandidate(candidate: string) {
    this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: { candidate } }));
  }

  /** Our offer is set (PeerJS sends it then), a moment after the caller's connection is made. */
  offer() {
    if (this.signalingState === 'closed') return;
    this.localDescription = { type: 'offer', sdp: 'v=0' };
    this.signalingState = 'have-local-offer';
    this.dispatchEvent(new Event('signalingstatechange'));
  }

  /** ICE (and so the connection) moves to `state`, firing the events a browser fires, ICE first. */
  setState(state: 'checking' | 'connected' | 'disconnected' | 'failed') {
    if (this.signalingState === 'closed') return;
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
    // PeerJS may have closed it on the ICE event.
    if ((this.signalingState as RTCSignalingState) === 'closed') return;
    this.connectionState = state === 'checking' ? 'connecting' : state;
    this.dispatchEvent(new Event('connectionstatechange'));
  }

  /** Closed by our side: no events (as in browsers). */
  close() {
    this.signalingState = 'closed';
    this.connectionState = 'closed';
    this.iceConnectionState = 'closed';
  }
}

/**
 * Makes the page's `RTCPeerConnection` this fake (as the offer made ahead, warm-offer.ts, makes its
 * own); returns every connection made, in order. Undone by `vi.unstubAllGlobals()`.
 */
export function stubPeerConnections(stub: (name: string, value: unknown) => void): FakeRtcConnection[] {
  const made: FakeRtcConnection[] = [];
  stub(
    'RTCPeerConnection',
    class extends FakeRtcConnection {
      constructor(config: RTCConfiguration) {
        super(config, undefined);
        made.push(this);
      }
    },
  );
  return made;
}
