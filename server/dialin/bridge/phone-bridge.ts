import { randomBytes } from 'node:crypto';
import type { IceServer } from '../../../shared/api/participants.ts';
import { peerPathFor } from '../../../shared/peerjs/peer-path.ts';
import { MEDIA_CONNECTION_PREFIX, type PeerServerMessage } from '../../../shared/peerjs/signalling.ts';
import { assertNever, LeaveReason, MediaMode, type ServerEvent } from '../../../shared/room-events.ts';
import type { JanusEndpoint } from '../../sfu/janus-supervisor.ts';
import type { RoomHub } from '../../rooms/room-hub.ts';
import type { CallerStream } from '../caller-stream.ts';
import type { BridgeStarter, BridgeStats } from '../bridge-contract.ts';

export type { BridgeStats } from '../bridge-contract.ts';
import { type AudioCall, type AudioEngine, type AudioLink, createAudioPool } from '../engine/audio-pool.ts';
import { Downlink } from './downlink.ts';
import { MeshRecalls, RECALLS_MAX } from './mesh-recalls.ts';
import { connectPeerJs, type PeerJsClient } from './peerjs-client.ts';
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

/** The bridge's WebRTC connection with one participant; its werift side (rtc-link.ts) runs in the RTC thread of the call's audio worker. */
interface MeshLink {
  readonly remoteId: string;
  /** PeerJS media connection id shared by both ends. */
  readonly connectionId: string;
  /** True once the remote answered our offer, or we answered theirs. */
  established: boolean;
  /** We called (the newcomer calls): ours to call again if it fails. */
  readonly offered: boolean;
  /** When it was made (performance.now()). */
  readonly openedAt: number;
  readonly rtc: AudioLink;
}

/**
 * One telephone caller in a meeting. The bridge is a participant like a browser:
 * it joins the room (hub), opens a PeerJS socket on our PeerServer, calls everyone
 * in `welcome` and answers whoever joins later, one werift connection each, run beside the
 * call's audio worker (engine/rtc-worker.ts). Audio: caller → Opus → every connection; every connection →
 * mix → caller; the main thread keeps the signalling and Twilio's socket.
 */
export class PhoneBridge {
  private readonly links = new Map<string, MeshLink>();
  /** Everyone else in the room now (welcome, joined, left). */
  private readonly present = new Set<string>();
  private readonly recalls = new MeshRecalls();
  /** The meeting's media went to the SFU: mesh links that close are not called again. */
  private onSfu = false;
  private readonly streamId = randomBytes(8).toString('hex');
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
    for (const link of [...this.links.values()]) this.closeLink(link);
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
      connections: this.links.size,
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
      case 'welcome':
        for (const p of event.participants) if (p.id !== this.participantId) this.present.add(p.id);
        // On the SFU: the caller publishes there and hears everyone from Janus, like a page.
        if (event.mediaMode === MediaMode.Sfu && this.options.sfu?.()) {
          this.onSfu = true;
          return this.sfu.join(this.participantId);
        }
        // On the mesh, like a browser: the newcomer calls everyone already there.
        for (const id of this.present) this.callTo(id);
        return;
      case 'media-mode':
        // The meeting moved to the SFU: the mesh links stay until each page hands them off (make-before-break).
        if (event.mode === MediaMode.Sfu) {
          this.onSfu = true;
          this.sfu.join(this.participantId);
        }
        return;
      case 'participant-joined': // they will call us
        this.present.add(event.participant.id);
        return;
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
        this.present.delete(event.participantId);
        this.recalls.forget(event.participantId);
        this.closeLink(this.links.get(event.participantId));
        return;
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
      case 'OFFER': {
        if (message.payload.type !== 'media') return; // data connections are not part of our calls
        const existing = this.links.get(message.src);
        // Glare (both called at once): the call started by the smaller id wins, as in the browser.
        if (existing && !existing.established && this.participantId < message.src) return;
        this.closeLink(existing);
        const link = this.createLink(message.src, message.payload.connectionId, false);
        link.rtc.answer(message.payload.sdp.sdp);
        link.established = true;
        return;
      }
      case 'ANSWER': {
        const link = this.links.get(message.src);
        if (link?.connectionId !== message.payload.connectionId) return;
        link.rtc.acceptAnswer(message.payload.sdp.sdp);
        link.established = true;
        return;
      }
      case 'CANDIDATE': {
        const link = this.links.get(message.src);
        if (link?.connectionId === message.payload.connectionId) link.rtc.addCandidate(message.payload.candidate);
        return;
      }
      case 'LEAVE':
        this.closeLink(this.links.get(message.src));
        return;
      case 'EXPIRE': {
        // PeerServer could not hand our offer to them in time.
        const link = this.links.get(message.src);
        this.closeLink(link);
        if (link) this.failed(link, 'PeerServer could not deliver our offer');
        return;
      }
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

  private callTo(remoteId: string): void {
    if (this.links.has(remoteId)) return;
    this.createLink(remoteId, MEDIA_CONNECTION_PREFIX + randomBytes(8).toString('hex'), true).rtc.offer();
  }

  /**
   * A connection with them failed or could not start (mesh-recalls.ts): one we started is called
   * again while they are in the room and the meeting is on the mesh; one they started, they call again.
   */
  private failed(link: MeshLink, reason: string | null): void {
    const { remoteId } = link;
    if (this.ended || !link.offered || this.onSfu || !this.present.has(remoteId)) {
      // Without a reason: its state went to failed or closed, which is also how a page's own
      // hang-up or hand-off to the SFU arrives.
      if (reason) log.warn(`the connection with ${remoteId} failed: ${reason}`);
      return;
    }
    const why = reason ?? 'ICE or DTLS gave up';
    const wait = this.recalls.failed(remoteId, performance.now() - link.openedAt);
    if (wait === null) {
      log.warn(`the connection with ${remoteId} failed: ${why}; not calling again after ${RECALLS_MAX} failures in a row`);
      return;
    }
    log.warn(`the connection with ${remoteId} failed: ${why}; calling again in ${wait} ms`);
    setTimeout(() => {
      if (!this.ended && !this.onSfu && this.present.has(remoteId)) this.callTo(remoteId);
    }, wait).unref();
  }

  private createLink(remoteId: string, connectionId: string, offered: boolean): MeshLink {
    const link: MeshLink = {
      remoteId,
      connectionId,
      offered,
      openedAt: performance.now(),
      established: false,
      rtc: this.audio.openLink(
        {
          remoteId,
          connectionId,
          iceServers: this.options.iceServers,
          streamId: this.streamId,
          // Once their audio comes through Janus, the mesh link's copy is not mixed in a second
          // time: voice 0, or (SFU packets first arriving later) its voice removed (see sfu above).
          voiceId: this.sfu.hears(remoteId) ? 0 : this.downlink.voiceOf(remoteId),
        },
        {
          signal: (message) => this.peer?.send(message),
          closed: (reason) => {
            this.forget(link);
            this.failed(link, reason);
          },
        },
      ),
    };
    this.links.set(remoteId, link);
    return link;
  }

  /** Closes a link (if any); the worker stops it. */
  private closeLink(link: MeshLink | undefined): void {
    if (!link) return;
    link.rtc.close();
    this.forget(link);
  }

  private forget(link: MeshLink): void {
    if (this.links.get(link.remoteId) !== link) return;
    this.links.delete(link.remoteId);
    this.downlink.remove(link.remoteId);
  }

  private onDigit(digit: string): void {
    if (`${this.lastDigit}${digit}` === MUTE_TOGGLE) this.setMuted(!this.uplink.muted);
    this.lastDigit = digit;
  }
}

/**
 * The service's `BridgeStarter` for real calls: PhoneBridges on our own PeerServer, their audio
 * and WebRTC links in a pool of worker threads (or the engine given), started with the server
 * when `warm`, else with the first call.
 */
export function phoneBridgeStarter(deps: {
  hub: RoomHub;
  peer: () => PhoneBridgeOptions['peer'];
  iceServers: IceServer[];
  audio?: AudioEngine;
  sfu?: () => JanusEndpoint | null;
  /** Start the audio workers now (dial-in is configured), not with the first call. */
  warm?: boolean;
}): BridgeStarter {
  let audio = deps.audio ?? null;
  if (deps.warm) (audio ??= createAudioPool()).warm();
  const start: BridgeStarter = (call) =>
    PhoneBridge.start({
      ...call,
      hub: deps.hub,
      peer: deps.peer(),
      iceServers: deps.iceServers,
      audio: (audio ??= createAudioPool()),
      sfu: deps.sfu,
    });
  return Object.assign(start, { audioDropped: () => audio?.dropped() ?? 0 });
}
