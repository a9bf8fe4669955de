import type { IceCandidate, PeerClientMessage } from '../../../shared/peerjs/signalling.ts';
import type { DownlinkCounters } from './engine-messages.ts';
import type { LinkCommand } from './link-commands.ts';

/**
 * What the phone bridge asks of the calls' audio engine (the real one is the pool of worker threads,
 * audio-pool.ts; tests use their own): a call's audio, and its WebRTC links beside it.
 */

export interface AudioCallHandlers {
  /** The caller's frame as Opus, with the RTP numbers it was given. */
  callerOpus(payload: Uint8Array, sequence: number, timestamp: number, marker: boolean, arrivedAt: number): void;
  /** 20 ms of the room for the caller; when its packets arrived (`monotonicMs`). */
  mixed(mulaw: Uint8Array, arrivals: number[]): void;
  /** The call's audio stopped working (its worker failed). */
  failed(reason: string): void;
}

/** A new link of a call (see link-commands.ts): who it is with, and the voice its audio is mixed as (0: never). */
export type AudioLinkOptions = Omit<Extract<LinkCommand, { op: 'open' }>, 'op'>;

export interface AudioLinkHandlers {
  /** A signalling message for the remote, to send through PeerServer. */
  signal(message: PeerClientMessage): void;
  /** The link closed in the worker (failed, or a negotiation step failed: `reason`). Not called after `close()`. */
  closed(reason: string | null): void;
}

/** One WebRTC link of a call, run in the RTC thread of the call's worker; each step is done there in order, and its failure closes the link. */
export interface AudioLink {
  offer(): void;
  answer(sdp: string): void;
  acceptAnswer(sdp: string): void;
  addCandidate(candidate: IceCandidate): void;
  close(): void;
}

/** One call's audio in the engine, as the bridge uses it. */
export interface AudioCall {
  /** 20 ms of the caller's μ-law (160 bytes), to encode and send with these RTP numbers. */
  encodeCallerFrame(mulaw: Uint8Array, sequence: number, timestamp: number, marker: boolean, arrivedAt: number): void;
  /** An Opus RTP packet from one voice of the room, just arrived. */
  roomPacket(voiceId: number, timestamp: number, payload: Uint8Array): void;
  /** Also stops mixing what the call's links received as this voice. */
  removeVoice(voiceId: number): void;
  /** A WebRTC connection of the call, beside its worker: it sends the caller's Opus and has what it receives mixed, neither through the main thread. */
  openLink(options: AudioLinkOptions, handlers: AudioLinkHandlers): AudioLink;
  /** The room → caller counters last reported (about every second); null before the first. */
  readonly counters: DownlinkCounters | null;
  close(): void;
}

export interface AudioEngine {
  open(handlers: AudioCallHandlers): AudioCall;
  /** Starts every worker now (loading the codecs and werift takes them about a second), so the first calls' audio never waits for one. */
  warm(): void;
  /** Calls on each running worker. */
  load(): number[];
  /** Batches of audio records dropped so far because a ring was full (every ring of the running workers, their RTC threads' too). */
  dropped(): number;
  /** Stops every worker (their calls are told they failed). */
  close(): Promise<void>;
}
