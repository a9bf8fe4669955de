import type { LeaveReason } from '../../shared/room-events.ts';
import type { LatencySummary } from './audio/latency-stats.ts';
import type { CallerStream } from './caller-stream.ts';
import type { DownlinkCounters } from './engine/engine-messages.ts';

/**
 * What the dial-in service and a media bridge know of each other (the real bridge is
 * `bridge/phone-bridge.ts`; tests use their own).
 */
export interface BridgeStats {
  /** Caller → room: μ-law in → Opus RTP out. */
  uplink: LatencySummary;
  /** Room → caller: Opus in → μ-law out (jitter buffer and 20 ms clock included). */
  downlink: LatencySummary;
  connections: number;
  /** How far behind Twilio played our audio at the last mark (ms). */
  playoutLagMs: number;
  /** Room → caller frames: mixed, and the jitter buffers' concealment, late packets, drops (null until counted). */
  downlinkFrames?: DownlinkCounters | null;
}

/** A running bridge, as the service sees it. */
export interface Bridge {
  readonly participantId: string;
  readonly muted: boolean;
  setMuted(muted: boolean): void;
  hangUp(reason: string, leaveReason?: LeaveReason): void;
  stats(): BridgeStats;
}

/** Starts the media bridge of a connected call. */
export type BridgeStarter = (options: {
  meetingId: string;
  displayName: string;
  caller: CallerStream;
  onEnded: (reason: string) => void;
  /** Where the bridge also records each room → caller delay (seconds), for /metrics. */
  delays: { observe(seconds: number): void };
}) => Promise<Bridge>;

/** A server's bridges: how each call's starts, and what they have dropped in all. */
export interface BridgeService {
  start: BridgeStarter;
  /** Batches of the calls' audio dropped so far because a ring between threads was full, for /metrics. */
  audioDropped(): number;
}
