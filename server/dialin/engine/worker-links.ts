import { RtcLink, type RtcLinkOptions } from '../bridge/rtc-link.ts';
import type { LinkCommand, LinkEvent } from './link-commands.ts';

/** What the worker does with a link (RtcLink, or a test's own). */
export type WorkerLink = Pick<RtcLink, 'offer' | 'answer' | 'acceptAnswer' | 'addCandidate' | 'sendOpus' | 'close'>;

interface Entry {
  callId: number;
  /** The voice its packets are mixed as; 0 once its voice is heard another way (or left). */
  voiceId: number;
  link: WorkerLink;
}

export interface WorkerLinksDeps {
  /** One room packet of a voice of the call, just received (`arrivedAt` on the engine's clock). */
  roomPacket(callId: number, voiceId: number, timestamp: number, payload: Uint8Array, arrivedAt: number): void;
  /** To the main thread. */
  post(event: LinkEvent): void;
  now(): number;
  /** Creates the werift connection (tests give their own). */
  createLink?: (options: RtcLinkOptions) => WorkerLink;
}

/**
 * The WebRTC links of an audio worker's calls (link-commands.ts): each one's received Opus
 * goes straight into its call's jitter buffers, and each Opus frame the worker encodes for a
 * caller goes straight out on the call's links.
 */
export class WorkerLinks {
  private readonly links = new Map<number, Entry>();
  private readonly byCall = new Map<number, Set<Entry>>();

  private readonly deps: WorkerLinksDeps;
  constructor(deps: WorkerLinksDeps) {
    this.deps = deps;
  }

  get size() {
    return this.links.size;
  }

  command(callId: number, linkId: number, command: LinkCommand): void {
    if (command.op === 'open') return this.open(callId, linkId, command);
    const entry = this.links.get(linkId);
    if (!entry) return; // closed meanwhile (it failed, or the remote left)
    switch (command.op) {
      case 'offer':
        return this.run(linkId, entry, () => entry.link.offer());
      case 'answer':
        return this.run(linkId, entry, () => entry.link.answer(command.sdp));
      case 'accept-answer':
        return this.run(linkId, entry, () => entry.link.acceptAnswer(command.sdp));
      case 'candidate':
        return this.run(linkId, entry, () => entry.link.addCandidate(command.candidate));
      case 'close':
        entry.link.close();
        return;
      default: {
        const unknown: never = command;
        throw new Error(`unknown link command ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** The caller's frame as Opus: out on every link of the call. */
  sendCallerOpus(callId: number, payload: Uint8Array, sequence: number, timestamp: number, marker: boolean): void {
    const entries = this.byCall.get(callId);
    if (!entries) return;
    const packet = Buffer.from(payload); // the encoder reuses its buffer
    for (const { link } of entries) link.sendOpus(packet, sequence, timestamp, marker);
  }

  /** A voice left the call's mix (the remote is heard through the SFU now, or left): its link's packets are no longer mixed. */
  voiceRemoved(callId: number, voiceId: number): void {
    for (const entry of this.byCall.get(callId) ?? []) if (entry.voiceId === voiceId) entry.voiceId = 0;
  }

  closeCall(callId: number): void {
    for (const entry of [...(this.byCall.get(callId) ?? [])]) entry.link.close();
  }

  closeAll(): void {
    for (const entry of [...this.links.values()]) entry.link.close();
  }

  private open(callId: number, linkId: number, command: Extract<LinkCommand, { op: 'open' }>): void {
    const { roomPacket, post, now } = this.deps;
    let entry: Entry | null = null;
    const link = (this.deps.createLink ?? ((options) => new RtcLink(options)))({
      remoteId: command.remoteId,
      connectionId: command.connectionId,
      iceServers: command.iceServers,
      streamId: command.streamId,
      signal: (message) => post({ type: 'link-signal', linkId, message }),
      onOpus: (payload, _sequence, timestamp) => {
        if (entry && entry.voiceId !== 0) roomPacket(callId, entry.voiceId, timestamp, payload, now());
      },
      onClosed: () => {
        if (!entry || this.links.get(linkId) !== entry) return; // a failed step already said so
        this.forget(linkId, entry);
        post({ type: 'link-closed', linkId, reason: null });
      },
    });
    entry = { callId, voiceId: command.voiceId, link };
    this.links.set(linkId, entry);
    let entries = this.byCall.get(callId);
    if (!entries) this.byCall.set(callId, (entries = new Set()));
    entries.add(entry);
  }

  private forget(linkId: number, entry: Entry): void {
    this.links.delete(linkId);
    const entries = this.byCall.get(entry.callId);
    entries?.delete(entry);
    if (entries?.size === 0) this.byCall.delete(entry.callId);
  }

  /** A negotiation step; if it fails the link is closed and the main thread told why. */
  private run(linkId: number, entry: Entry, step: () => Promise<void>): void {
    step().catch((error: Error) => {
      if (this.links.get(linkId) !== entry) return;
      this.forget(linkId, entry);
      this.deps.post({ type: 'link-closed', linkId, reason: error.message });
      entry.link.close();
    });
  }
}
