import { MediaStream, MediaStreamTrack, RTCDtlsTransport, RTCPeerConnection, RtpHeader, RtpPacket, useOPUS, useVP8 } from 'werift';
import type { IceServer } from '../../../shared/api/participants.ts';
import type { IceCandidate, PeerClientMessage } from '../../../shared/peerjs/signalling.ts';
import { installSrtpKeyObjects } from './srtp-key-objects.ts';
import { installNativeX25519 } from './x25519-native.ts';

export interface RtcLinkOptions {
  /** The remote participant (their PeerJS id). */
  remoteId: string;
  /** PeerJS media connection id shared by both ends. */
  connectionId: string;
  iceServers: IceServer[];
  /** The stream id browsers see for our audio (one per bridge). */
  streamId: string;
  /** Sends a signalling message through PeerServer. */
  signal: (message: PeerClientMessage) => void;
  /** Each Opus packet the remote sends us. */
  onOpus: (payload: Buffer, sequenceNumber: number, timestamp: number) => void;
  /** The connection failed, went silent (`SILENCE_LIMIT_MS`) or was closed. Called once. */
  onClosed: () => void;
}

/**
 * A connected link that hears nothing from the other side this long (no packet, no answer to
 * werift's consent checks, which go every 4–6 s) counts as lost (ms). werift reports a lost
 * connection only when consent expires, 30 s after the last answer (RFC 7675), and never reports
 * `disconnected`; a page that vanished (its tab crashed, its network changed) left the caller
 * without that voice for those 30 s. A browser gives up on a call about as soon as this (its
 * connection goes `disconnected`, then link-watch.ts's grace). A live page is never this quiet:
 * even muted it sends RTCP reports, and it answers every consent check.
 */
export const SILENCE_LIMIT_MS = 10_000;

/**
 * Readies werift in this thread before the first connection: its tuning (SRTP keys as
 * KeyObjects, X25519 in OpenSSL) and the DTLS certificate it makes once per thread and shares
 * between connections (an ECDSA key and a signed X.509: about 80 ms, which would otherwise
 * stall the first call's set-up).
 */
export async function prepareWerift(): Promise<void> {
  installSrtpKeyObjects();
  installNativeX25519();
  await RTCDtlsTransport.SetupCertificate();
}

/**
 * One WebRTC connection (werift) between the bridge and one participant, negotiated
 * the PeerJS way. Audio only: we send the caller's voice and receive theirs; a video
 * m-line offered by a browser is answered `inactive`, so it sends us no video.
 */
export class RtcLink {
  readonly remoteId: string;
  readonly connectionId: string;
  private readonly pc: RTCPeerConnection;
  private readonly track = new MediaStreamTrack({ kind: 'audio' });
  private closed = false;
  private silenceTimer: ReturnType<typeof setInterval> | null = null;

  private readonly options: RtcLinkOptions;
  constructor(options: RtcLinkOptions) {
    this.options = options;
    this.remoteId = options.remoteId;
    this.connectionId = options.connectionId;
    // Once per thread: SRTP keys as KeyObjects (a fraction of werift's per-packet cost), X25519 in OpenSSL.
    installSrtpKeyObjects();
    installNativeX25519();
    this.pc = new RTCPeerConnection({
      iceServers: options.iceServers,
      bundlePolicy: 'max-bundle',
      // werift's codec factories, not hooks.
      // biome-ignore lint/correctness/useHookAtTopLevel: useOPUS/useVP8 are werift functions named like hooks
      codecs: { audio: [useOPUS()], video: [useVP8()] },
    });
    this.pc.onIceCandidate.subscribe((candidate) => {
      if (!candidate?.candidate || this.closed) return;
      const { candidate: line, sdpMid, sdpMLineIndex } = candidate.toJSON();
      const candidateInit = { candidate: line, sdpMid: sdpMid ?? null, sdpMLineIndex: sdpMLineIndex ?? null };
      this.send({ type: 'CANDIDATE', dst: this.remoteId, payload: { candidate: candidateInit, ...this.media } });
    });
    this.pc.onTrack.subscribe((track) => {
      if (track.kind !== 'audio') return;
      track.onReceiveRtp.subscribe((rtp) => {
        if (!this.closed && rtp.payload.length > 0) options.onOpus(rtp.payload, rtp.header.sequenceNumber, rtp.header.timestamp);
      });
    });
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') this.watchSilence();
      if (state === 'failed' || state === 'closed') this.close();
    });
  }

  /** From the connection up: closes it once it has heard nothing from the other side for `SILENCE_LIMIT_MS`. */
  private watchSilence(): void {
    const ice = this.pc.iceTransports[0]?.connection;
    if (!ice || this.silenceTimer || this.closed) return;
    // What the selected pair has received (werift counts packets and consent answers on it): polled, not a per-packet callback.
    const heard = () => (ice.nominated ? ice.nominated.packetsReceived + ice.nominated.responsesReceived : 0);
    let heardAt = performance.now();
    let count = heard();
    this.silenceTimer = setInterval(() => {
      const now = performance.now();
      const counted = heard();
      if (counted !== count) {
        count = counted;
        heardAt = now;
      }
      if (now - heardAt >= SILENCE_LIMIT_MS) this.close();
    }, 1_000);
    this.silenceTimer.unref();
  }

  /** We call them: offer audio (send and receive), nothing else. */
  async offer(): Promise<void> {
    this.pc.addTransceiver(this.track, { direction: 'sendrecv', streams: [this.stream()] });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    const sdp = { type: 'offer' as const, sdp: this.pc.localDescription!.sdp };
    this.send({ type: 'OFFER', dst: this.remoteId, payload: { sdp, ...this.media } });
  }

  /** They called us: answer their offer with our audio; their video is declined. */
  async answer(offerSdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    const transceivers = this.pc.getTransceivers();
    if (!transceivers.some((t) => t.kind === 'audio')) throw new Error('the offer has no audio');
    for (const transceiver of transceivers) if (transceiver.kind !== 'audio') transceiver.setDirection('inactive');
    this.pc.addTrack(this.track, this.stream());
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    const sdp = { type: 'answer' as const, sdp: this.pc.localDescription!.sdp };
    this.send({ type: 'ANSWER', dst: this.remoteId, payload: { sdp, ...this.media } });
  }

  async acceptAnswer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
  }

  async addCandidate(candidate: IceCandidate): Promise<void> {
    if (this.closed) return;
    await this.pc.addIceCandidate({
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid ?? undefined,
      sdpMLineIndex: candidate.sdpMLineIndex ?? undefined,
    });
  }

  get connected() {
    return this.pc.connectionState === 'connected';
  }

  /** One Opus packet of the caller's voice; `timestamp` on the 48 kHz RTP clock. */
  sendOpus(payload: Buffer, sequenceNumber: number, timestamp: number, marker: boolean): void {
    if (this.closed || !this.connected) return;
    this.track.writeRtp(new RtpPacket(new RtpHeader({ sequenceNumber, timestamp, marker }), payload));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.silenceTimer) clearInterval(this.silenceTimer);
    this.track.stop();
    void this.pc.close().catch(() => undefined);
    this.options.onClosed();
  }

  private stream() {
    return new MediaStream({ id: this.options.streamId, tracks: [this.track] });
  }

  /** PeerJS tags every media signal with the connection it is about. */
  private get media() {
    return { type: 'media' as const, connectionId: this.connectionId };
  }

  private send(message: PeerClientMessage): void {
    if (!this.closed) this.options.signal(message);
  }
}
