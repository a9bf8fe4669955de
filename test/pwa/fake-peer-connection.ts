/** Test double (tests only): an RTCPeerConnection's stats and senders, moved by hand. */

/** Just enough of an RTCRtpSender: parameters in, parameters out. */
export class FakeSender {
  encoding: Record<string, unknown> = { active: true };
  /** The track it sends (a live, enabled one unless a test says otherwise). */
  track: { readyState: 'live' | 'ended'; enabled: boolean } | null = { readyState: 'live', enabled: true };
  sets = 0;
  getParameters() {
    return { transactionId: 't', encodings: [{ ...this.encoding }] };
  }
  async setParameters(params: { encodings: Record<string, unknown>[] }) {
    this.sets++;
    this.encoding = { ...params.encodings[0] };
  }
}

/** A connection whose counters move as a test says: `flow(...)` adds one poll's worth of packets. */
export class FakePc {
  connectionState = 'connected';
  audio = new FakeSender();
  video = new FakeSender();
  received = 0;
  lost = 0;
  sent = 0;
  lostByRemote = 0;
  frames = 0;
  /** Our video frames encoded and sent (outbound-rtp). */
  encoded = 0;
  rtt = 0.03;
  aob: number | null = 2_000_000;
  jitter = 0.005;

  flow({ received = 100, lost = 0, sent = 100, lostByRemote = 0, frames = 60, encoded = 60 } = {}) {
    this.encoded += encoded;
    this.received += received;
    this.lost += lost;
    this.sent += sent;
    this.lostByRemote += lostByRemote;
    this.frames += frames;
    return this;
  }

  getTransceivers() {
    return [
      { currentDirection: 'sendrecv', receiver: { track: { kind: 'audio' } }, sender: this.audio },
      { currentDirection: 'sendrecv', receiver: { track: { kind: 'video' } }, sender: this.video },
    ];
  }

  async getStats() {
    const entries = [
      { id: 'T', type: 'transport', selectedCandidatePairId: 'CP' },
      {
        id: 'CP',
        type: 'candidate-pair',
        state: 'succeeded',
        nominated: true,
        localCandidateId: 'L',
        remoteCandidateId: 'R',
        currentRoundTripTime: this.rtt,
        ...(this.aob === null ? {} : { availableOutgoingBitrate: this.aob }),
      },
      { id: 'L', type: 'local-candidate', candidateType: 'relay' },
      { id: 'R', type: 'remote-candidate', candidateType: 'relay' },
      { id: 'IA', type: 'inbound-rtp', kind: 'audio', packetsReceived: this.received, packetsLost: this.lost, jitter: this.jitter },
      { id: 'IV', type: 'inbound-rtp', kind: 'video', packetsReceived: 0, packetsLost: 0, framesDecoded: this.frames },
      { id: 'OA', type: 'outbound-rtp', kind: 'audio', packetsSent: this.sent },
      { id: 'OV', type: 'outbound-rtp', kind: 'video', packetsSent: 0, framesEncoded: this.encoded, framesSent: this.encoded },
      { id: 'RA', type: 'remote-inbound-rtp', kind: 'audio', packetsLost: this.lostByRemote, roundTripTime: this.rtt },
    ];
    return new Map(entries.map((e) => [e.id, e]));
  }
}

/** The monitor reads these only. */
export const asPeerConnections = (pcs: Record<string, FakePc>) =>
  new Map(Object.entries(pcs)) as unknown as ReadonlyMap<string, RTCPeerConnection>;
