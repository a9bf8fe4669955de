import { randomBytes } from 'node:crypto';
import type { IceServer } from '../../../shared/api/participants.ts';
import { peerPathFor } from '../../../shared/peerjs/peer-path.ts';
import type { PeerServerMessage } from '../../../shared/peerjs/signalling.ts';
import { assertNever, LeaveReason, MediaMode, type ServerEvent } from '../../../shared/room-events.ts';
import type { JanusEndpoint } from '../../sfu/janus-supervisor.ts';
import type { RoomHub } from '../../rooms/room-hub.ts';
import type { CallerStream } from '../caller-stream.ts';
import type { BridgeStats } from '../bridge-contract.ts';

export type { BridgeStats } from '../bridge-contract.ts';
import type { AudioCall, AudioEngine } from '../engine/audio-engine.ts';
import { Downlink } from './downlink.ts';
import { connectPeerJs, type PeerJsClient } from './peerjs-client.ts';
import { PhoneMesh } from './phone-mesh.ts';
import { PlayoutWatch } from './playout-watch.ts';
import { joinRoomAsPhone, type RoomPresence } from './room-presence.ts';
import { keepSfuSeat, type SfuSeat } from './sfu-leg.ts';
import { Uplink } from './uplink.ts';
import { logFor } from '../../lib/log.ts';

const log = logFor('dial-in');

export interface PhoneBridgeOptions {
  hub: RoomHub;
  meetingId: string;
  /** "Phone ·· 1234". */
  displayName: string;
  /** Our own PeerServer, reached over loopback like any PeerJS client. */
  peer: { origin: string; key: string };
  iceServers: IceServer[];
  caller: CallerStream;
  /** Where the call's audio work runs (worker threads). */
  audio: AudioEngine;
  /** Our server's way to Janus while it runs (null: no SFU), for meetings on the SFU. */
  sfu?: () => JanusEndpoint | null;
  /** The bridge is over (caller hung up, removed, server stopping). Called once. */
  onEnded: (reason: string) => void;
  /** Every room → caller delay (seconds) also goes here (the server's /metrics). */
  delays?: { observe(seconds: number): void };
}

/** DTMF "*6" toggles the caller's own mute, as on most conference lines. */
const MUTE_TOGGLE = '*6';

/**
 * One telephone caller in a meeting. The bridge is a participant like a browser:
 * it joins the room (hub), opens a PeerJS socket on our PeerServer, calls everyone
 * in `welcome` and answers whoever joins later, one werift connection each, run beside the
 * call's audio worker (engine/rtc-worker.ts). Audio: caller → Opus → every connection; every connection →
 * mix → caller; the main thread keeps the signalling and Twilio's socket.
 */
export class PhoneBridge {
  /** Our WebRTC links with the room's pages (and other callers) while the meeting is on the mesh. */
  private readonly mesh: PhoneMesh;
  private readonly audio: AudioCall;
  private readonly uplink: Uplink;
  private readonly downlink: Downlink;
  private readonly playout = new PlayoutWatch();
  private presence!: RoomPresence;
  private peer: PeerJsClient | null = null;
  private ended = false;
  private lastDigit = '';
  /** The caller on the meeting's VideoRoom, once the meeting is on the SFU. */
  private readonly sfu: SfuSeat;

  private readonly options: PhoneBridgeOptions;
  private constructor(options: PhoneBridgeOptions) {
    this.options = options;
    this.audio = options.audio.open({
      callerOpus: (payload, sequence, timestamp, marker, arrivedAt) => this.uplink.sent(payload, sequence, timestamp, marker, arrivedAt),
      mixed: (mulaw, arrivals) => this.downlink.play(mulaw, arrivals),
      failed: (reason) => this.hangUp(reason),
    });
    this.uplink = new Uplink(
      (frame, sequence, timestamp, marker, arrivedAt) => this.audio.encodeCallerFrame(frame, sequence, timestamp, marker, arrivedAt),
      // The audio worker already handed it to the mesh links' thread.
      (payload, sequence, timestamp, marker) => this.sfu.sendOpus(payload, sequence, timestamp, marker),
    );
    this.sfu = keepSfuSeat({
      endpoint: () => options.sfu?.() ?? null,
      meetingId: options.meetingId,
      displayName: options.displayName,
      // Janus's numbering of a voice is not the mesh link's: its own voice in the mix (the mesh one is dropped).
      onOpus: (id, payload, timestamp) => {
        this.downlink.remove(id);
        this.downlink.receive(`sfu:${id}`, payload, timestamp);
      },
      onFeedGone: (id) => this.downlink.remove(`sfu:${id}`),
    });
    this.downlink = new Downlink(
      this.audio,
      (mulaw) => {
        options.caller.sendAudio(mulaw);
        const mark = this.playout.sent(performance.now());
        if (mark) options.caller.sendMark(mark);
      },
      options.delays,
    );
    this.mesh = new PhoneMesh({
      selfId: () => this.participantId,
      iceServers: options.iceServers,
      streamId: randomBytes(8).toString('hex'),
      openLink: (link, handlers) => this.audio.openLink(link, handlers),
      // Once their audio comes through Janus, the mesh link's copy is not mixed in a second
      // time: voice 0, or (SFU packets first arriving later) its voice removed (see sfu above).
      voiceOf: (remoteId) => (this.sfu.hears(remoteId) ? 0 : this.downlink.voiceOf(remoteId)),
      linkGone: (remoteId) => this.downlink.remove(remoteId),
      send: (message) => this.peer?.send(message),
    });
  }

  /** Joins the room and the PeerJS mesh; throws (and cleans up) if either refuses. */
  static async start(options: PhoneBridgeOptions): Promise<PhoneBridge> {
    const bridge = new PhoneBridge(options);
    await bridge.connect();
    return bridge;
  }

  get participantId() {
    return this.presence.participantId;
  }

  get muted() {
    return this.uplink.muted;
  }

  /** Host mute (or the caller's *6): stops forwarding the caller's voice, everyone sees "Mic off". */
  setMuted(muted: boolean): void {
    if (this.ended || this.uplink.muted === muted) return;
    this.uplink.muted = muted;
    this.presence.setMuted(muted);
  }

  /** Ends the call: leaves the room, closes every connection, closes the Media Stream. */
  hangUp(reason: string, leaveReason: LeaveReason = LeaveReason.Left): void {
    if (this.ended) return;
    this.ended = true;
    this.audio.close();
    this.mesh.close();
    this.sfu.close();
    this.peer?.close();
    this.presence?.leave(leaveReason);
    this.options.caller.hangUp(reason);
    this.options.onEnded(reason);
  }

  stats(): BridgeStats {
    return {
      uplink: this.uplink.delay.summary(),
      downlink: this.downlink.delay.summary(),
      connections: this.mesh.size,
      playoutLagMs: this.playout.lagMs,
      downlinkFrames: this.audio.counters,
    };
  }

  private async connect(): Promise<void> {
    const { hub, meetingId, displayName, peer, caller } = this.options;
    this.presence = joinRoomAsPhone({
      hub,
      meetingId,
      name: displayName,
      onEvent: (event) => this.onRoomEvent(event),
      onClosed: (_code, reason) => this.hangUp(`left the room (${reason})`),
    });
    try {
      this.peer = await connectPeerJs({
        ...peer,
        path: peerPathFor(this.options.meetingId),
        id: this.presence.participantId,
        token: this.presence.token,
        onMessage: (message) => {
          try {
            this.onPeerMessage(message);
          } catch (error) {
            log.warn(`signalling with ${'src' in message ? message.src : 'PeerServer'} failed: ${(error as Error).message}`);
          }
        },
        onClose: (reason) => this.hangUp(`PeerServer closed (${reason})`),
      });
    } catch (error) {
      this.ended = true;
      this.presence.leave(LeaveReason.Left);
      this.audio.close();
      throw error;
    }
    if (this.ended) {
      // Hung up (or the audio failed) while PeerServer was answering.
      this.peer.close();
      return;
    }
    caller.attach({
      audio: (mulaw, arrivedAt) => this.uplink.push(mulaw, arrivedAt),
      dtmf: (digit) => this.onDigit(digit),
      mark: (name) => {
        if (this.playout.played(name, performance.now())) caller.clear();
      },
      ended: (reason) => this.hangUp(reason),
    });
    this.presence.open();
  }

  private onRoomEvent(event: ServerEvent): void {
    if (this.ended) return;
    switch (event.type) {
      case 'welcome': {
        const others = event.participants.map((p) => p.id).filter((id) => id !== this.participantId);
        // On the SFU: the caller publishes there and hears everyone from Janus, like a page.
        if (event.mediaMode === MediaMode.Sfu && this.options.sfu?.()) {
          this.mesh.toSfu();
          this.mesh.welcome(others);
          return this.sfu.join(this.participantId);
        }
        // On the mesh, like a browser: the newcomer calls everyone already there.
        return this.mesh.welcome(others);
      }
      case 'media-mode':
        // The meeting moved to the SFU: the mesh links stay until each page hands them off (make-before-break).
        if (event.mode === MediaMode.Sfu) {
          this.mesh.toSfu();
          this.sfu.join(this.participantId);
        }
        return;
      case 'participant-joined': // they will call us
        return this.mesh.joined(event.participant.id);
      case 'participant-reloaded': // a page that reloaded calls us (it waits only for other pages' calls)
      case 'participant-updated':
      case 'chat-message':
      case 'recording-state':
      case 'lobby':
      case 'room-state':
      case 'moderation': // the host mutes a caller through the dial-in service
      case 'meeting-ended': // the hub closes our channel right after: we hang up then
      case 'pong':
      case 'moving': // the dial-in service hands the call on (moveAll) once the proxy moved on
        return;
      case 'participant-left':
        return this.mesh.left(event.participantId);
      case 'error':
        log.warn(`room channel error ${event.code}: ${event.message}`);
        return;
      default:
        assertNever(event, 'room event');
    }
  }

  private onPeerMessage(message: PeerServerMessage): void {
    if (this.ended) return;
    switch (message.type) {
      case 'OFFER':
      case 'ANSWER':
      case 'CANDIDATE':
      case 'LEAVE':
      case 'EXPIRE':
        return this.mesh.signalled(message);
      case 'OPEN':
      case 'HEARTBEAT':
        return;
      case 'ERROR':
      case 'ID-TAKEN':
      case 'INVALID-KEY':
        this.hangUp(`PeerServer error ${message.type}`);
        return;
      default:
        assertNever(message, 'PeerServer message');
    }
  }

  private onDigit(digit: string): void {
    if (`${this.lastDigit}${digit}` === MUTE_TOGGLE) this.setMuted(!this.uplink.muted);
    this.lastDigit = digit;
  }
}
