import type { JitterCounters } from '../audio/jitter-buffer.ts';
import type { LinkEvent } from './link-commands.ts';

/**
 * Messages between the main thread and an audio worker, all rare: the audio, and the calls'
 * opening and closing, travel as records (audio-records.ts) in two shared rings (record-ring.ts).
 */

/** The first and only message to a worker: its rings. */
export interface AudioWorkerSetup {
  type: 'rings';
  /** Main → worker records. */
  toWorker: SharedArrayBuffer;
  /** Worker → main records. */
  fromWorker: SharedArrayBuffer;
  /** The worker's rings with its RTC thread (made here, so the pool counts their drops too). */
  toRtc: SharedArrayBuffer;
  fromRtc: SharedArrayBuffer;
  /** How often a worker with calls reads the main thread's records between ticks (ms). */
  pollMs: number;
}

/** The only message from an audio worker to its RTC worker (rtc-worker.ts): their rings. */
export interface RtcWorkerSetup {
  type: 'rtc-rings';
  /** Audio worker → RTC worker: link commands, the callers' Opus, voices removed, calls closed. */
  toRtc: SharedArrayBuffer;
  /** RTC worker → audio worker: the packets the links received. */
  fromRtc: SharedArrayBuffer;
}

/** What the worker reports of a call's room → caller audio. */
export interface DownlinkCounters extends JitterCounters {
  /** Frames handed to the caller (one a tick while anyone is in the room). */
  mixed: number;
  /** Of those, frames of silence: no voice had anything (none started yet, or all stopped). */
  silent: number;
  /** Ticks the worker's clock skipped after a stall (frames the caller never got). */
  skipped: number;
}

export type FromAudioWorker =
  /** Every second: each call's counters so far. */
  | { type: 'counters'; calls: [callId: number, counters: DownlinkCounters][] }
  /** A call's audio failed (the others on the worker go on). */
  | { type: 'call-failed'; callId: number; message: string }
  | LinkEvent;

/**
 * The clock both threads read: process.hrtime is one monotonic clock for the whole process,
 * while performance.now() counts from each thread's own start.
 */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1000 + nanoseconds / 1e6;
}
