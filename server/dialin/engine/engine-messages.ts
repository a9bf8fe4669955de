import type { JitterCounters } from '../audio/jitter-buffer.ts';

/**
 * Messages between the main thread and an audio worker (besides audio, they are rare). Audio
 * itself travels as `records` batches (audio-records.ts), whose buffer is transferred.
 */

export interface RecordBatch {
  type: 'records';
  buffer: ArrayBuffer;
  length: number;
}

export type ToAudioWorker =
  | { type: 'open'; callId: number }
  | { type: 'close'; callId: number }
  | { type: 'remove-voice'; callId: number; voiceId: number }
  | RecordBatch;

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
  | RecordBatch
  /** Every second: each call's counters so far. */
  | { type: 'counters'; calls: [callId: number, counters: DownlinkCounters][] }
  /** A call's audio failed (the others on the worker go on). */
  | { type: 'call-failed'; callId: number; message: string };

/**
 * The clock both threads read: process.hrtime is one monotonic clock for the whole process,
 * while performance.now() counts from each thread's own start.
 */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1000 + nanoseconds / 1e6;
}
