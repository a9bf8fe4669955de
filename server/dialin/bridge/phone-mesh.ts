import { randomBytes } from 'node:crypto';
import type { IceServer } from '../../../shared/api/participants.ts';
import { MEDIA_CONNECTION_PREFIX, type PeerClientMessage, type PeerServerMessage } from '../../../shared/peerjs/signalling.ts';
import type { AudioCall, AudioLink } from '../engine/audio-engine.ts';
import { logFor } from '../../lib/log.ts';
import { MeshRecalls, RECALLS_MAX } from './mesh-recalls.ts';

const log = logFor('dial-in');

/** The PeerServer messages about one connection with one participant (the others concern the socket). */
export type MeshSignal = Extract<PeerServerMessage, { type: 'OFFER' | 'ANSWER' | 'CANDIDATE' | 'LEAVE' | 'EXPIRE' }>;

export interface PhoneMeshOptions {
  /** Our participant id in the room (the glare rule compares ids); asked once signalling begins. */
  selfId: () => string;
  iceServers: IceServer[];
  /** The media stream id our audio track is sent under, the same on every link. */
  streamId: string;
  /** Opens a link's werift side, in the RTC thread of the call's audio worker. */
  openLink: AudioCall['openLink'];
  /** The voice their mesh audio is mixed as (0: not mixed, as when it already comes through Janus). */
  voiceOf(remoteId: string): number;
  /** Our link with them is gone: stop mixing what it carried. */
  linkGone(remoteId: string): void;
  /** A signalling message for them, through PeerServer. */
  send(message: PeerClientMessage): void;
}

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
 * A phone caller's part of the meeting's mesh, as a browser's: it calls everyone already in the
 * room when it arrives (`welcome`), answers whoever joins later, settles glare as PeerJS pages
 * do, and calls again a connection it started that fails while that participant is still in the
 * room and the meeting is on the mesh (mesh-recalls.ts). Who is in the room comes from the room
 * channel (welcome, joined, left); the links' signalling from PeerServer (`signalled`).
 */
export class PhoneMesh {
  private readonly links = new Map<string, MeshLink>();
  /** Everyone else in the room now. */
  private readonly present = new Set<string>();
  private readonly recalls = new MeshRecalls();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** The meeting's media went to the SFU: links that close are not called again. */
  private onSfu = false;
  private closed = false;

  private readonly options: PhoneMeshOptions;
  constructor(options: PhoneMeshOptions) {
    this.options = options;
  }

  /** Connections open now. */
  get size(): number {
    return this.links.size;
  }

  /** Who was in the room when we came; on the mesh, the newcomer calls them all. */
  welcome(others: Iterable<string>): void {
    for (const id of others) this.present.add(id);
    if (!this.onSfu) for (const id of this.present) this.callTo(id);
  }

  /** Someone joined after us: they will call. */
  joined(remoteId: string): void {
    this.present.add(remoteId);
  }

  left(remoteId: string): void {
    this.present.delete(remoteId);
    this.recalls.forget(remoteId);
    this.closeLink(this.links.get(remoteId));
  }

  /** The meeting's media is on the SFU: the links stay until each page hands them off (make-before-break), and none is called again. */
  toSfu(): void {
    this.onSfu = true;
  }

  signalled(message: MeshSignal): void {
    if (this.closed) return;
    switch (message.type) {
      case 'OFFER': {
        if (message.payload.type !== 'media') return; // data connections are not part of our calls
        const existing = this.links.get(message.src);
        // Glare (both called at once): the call started by the smaller id wins, as in the browser.
        if (existing && !existing.established && this.options.selfId() < message.src) return;
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
    }
  }

  /** Closes every link; nothing is called again. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const link of [...this.links.values()]) this.closeLink(link);
  }

  private callTo(remoteId: string): void {
    if (this.closed || this.links.has(remoteId)) return;
    this.createLink(remoteId, MEDIA_CONNECTION_PREFIX + randomBytes(8).toString('hex'), true).rtc.offer();
  }

  /**
   * A connection with them failed or could not start (mesh-recalls.ts): one we started is called
   * again while they are in the room and the meeting is on the mesh; one they started, they call again.
   */
  private failed(link: MeshLink, reason: string | null): void {
    const { remoteId } = link;
    if (this.closed || !link.offered || this.onSfu || !this.present.has(remoteId)) {
      // Without a reason: it dropped (rtc-link.ts), which is also how a page's own hang-up or
      // hand-off to the SFU arrives.
      if (reason) log.warn(`the connection with ${remoteId} failed: ${reason}`);
      return;
    }
    const why = reason ?? 'it dropped (ICE or DTLS failed, or nothing came from them for a while)';
    const wait = this.recalls.failed(remoteId, performance.now() - link.openedAt);
    if (wait === null) {
      log.warn(`the connection with ${remoteId} failed: ${why}; not calling again after ${RECALLS_MAX} failures in a row`);
      return;
    }
    log.warn(`the connection with ${remoteId} failed: ${why}; calling again in ${wait} ms`);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.onSfu && this.present.has(remoteId)) this.callTo(remoteId);
    }, wait);
    timer.unref();
    this.timers.add(timer);
  }

  private createLink(remoteId: string, connectionId: string, offered: boolean): MeshLink {
    const link: MeshLink = {
      remoteId,
      connectionId,
      offered,
      openedAt: performance.now(),
      established: false,
      rtc: this.options.openLink(
        {
          remoteId,
          connectionId,
          iceServers: this.options.iceServers,
          streamId: this.options.streamId,
          voiceId: this.options.voiceOf(remoteId),
        },
        {
          signal: (message) => this.options.send(message),
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
    this.options.linkGone(link.remoteId);
  }
}
