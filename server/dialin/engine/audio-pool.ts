import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type AudioRecord, RecordKind, RecordWriter, readRecords } from './audio-records.ts';
import { type DownlinkCounters, type FromAudioWorker, monotonicMs, type ToAudioWorker } from './engine-messages.ts';

/**
 * The calls' audio work (Opus encode and decode, jitter buffers, mixing, μ-law) runs in worker
 * threads, each with its own 20 ms clock, so the main event loop (HTTP, WebSockets, signalling,
 * werift's RTP) can neither starve the clock nor be slowed by the codecs. The main thread keeps
 * every socket; audio crosses in batches of records in one transferred ArrayBuffer per turn of
 * the event loop (audio-records.ts).
 *
 * SHAPE_DECISION
 */

export interface AudioCallHandlers {
  /** The caller's frame as Opus, with the RTP numbers it was given. */
  callerOpus(payload: Uint8Array, sequence: number, timestamp: number, marker: boolean, arrivedAt: number): void;
  /** 20 ms of the room for the caller; when its packets arrived (`monotonicMs`). */
  mixed(mulaw: Uint8Array, arrivals: number[]): void;
  /** The call's audio stopped working (its worker failed). */
  failed(reason: string): void;
}

/** One call's audio in the engine, as the bridge uses it. */
export interface AudioCall {
  /** 20 ms of the caller's μ-law (160 bytes), to encode and send with these RTP numbers. */
  encodeCallerFrame(mulaw: Uint8Array, sequence: number, timestamp: number, marker: boolean, arrivedAt: number): void;
  /** An Opus RTP packet from one voice of the room, just arrived. */
  roomPacket(voiceId: number, timestamp: number, payload: Uint8Array): void;
  removeVoice(voiceId: number): void;
  /** The room → caller counters last reported (about every second); null before the first. */
  readonly counters: DownlinkCounters | null;
  close(): void;
}

export interface AudioEngine {
  open(handlers: AudioCallHandlers): AudioCall;
  /** Calls on each running worker. */
  load(): number[];
  /** Stops every worker (their calls are told they failed). */
  close(): Promise<void>;
}

export interface AudioPoolOptions {
  /** Most workers to run; calls go to the least busy, a new worker only while all have calls. */
  workers?: number;
  /**
   * Least time between two batches to a worker (ms): each message wakes a thread, and under
   * load the wake-ups cost more than the audio. Records wait at most this long.
   */
  batchIntervalMs?: number;
  workerUrl?: URL;
}

interface Entry {
  handlers: AudioCallHandlers;
  counters: DownlinkCounters | null;
}

interface Slot {
  worker: Worker;
  calls: Map<number, Entry>;
  writer: RecordWriter;
  flushQueued: boolean;
  lastFlush: number;
  gone: boolean;
}

export const DEFAULT_AUDIO_WORKERS = Math.min(2, availableParallelism());

export const DEFAULT_BATCH_INTERVAL_MS = 4;

export function createAudioPool({
  workers = DEFAULT_AUDIO_WORKERS,
  batchIntervalMs = DEFAULT_BATCH_INTERVAL_MS,
  workerUrl = new URL('./audio-worker.ts', import.meta.url),
}: AudioPoolOptions = {}): AudioEngine {
  let slots: Slot[] = [];
  let nextCallId = 1;

  function flush(slot: Slot): void {
    slot.flushQueued = false;
    slot.lastFlush = performance.now();
    const batch = slot.writer.take();
    if (batch && !slot.gone) slot.worker.postMessage({ type: 'records', ...batch } satisfies ToAudioWorker, [batch.buffer]);
  }

  /** Audio goes out at the end of this turn of the event loop, or `batchIntervalMs` after the last batch. */
  function queue(slot: Slot, record: AudioRecord): void {
    slot.writer.append(record);
    if (slot.flushQueued) return;
    slot.flushQueued = true;
    const wait = slot.lastFlush + batchIntervalMs - performance.now();
    if (wait <= 0) setImmediate(() => flush(slot));
    else setTimeout(() => flush(slot), wait);
  }

  /** Control messages keep their order with the audio queued before them. */
  function control(slot: Slot, message: ToAudioWorker): void {
    flush(slot);
    if (!slot.gone) slot.worker.postMessage(message);
  }

  function fail(slot: Slot, reason: string): void {
    if (slot.gone) return;
    slot.gone = true;
    slots = slots.filter((s) => s !== slot);
    for (const entry of slot.calls.values()) entry.handlers.failed(reason);
    slot.calls.clear();
    void slot.worker.terminate();
  }

  function onMessage(slot: Slot, message: FromAudioWorker): void {
    switch (message.type) {
      case 'records':
        readRecords(message.buffer, message.length, (record) => {
          const entry = slot.calls.get(record.callId);
          if (!entry) return; // closed meanwhile
          if (record.kind === RecordKind.CallerOpus) {
            entry.handlers.callerOpus(record.payload, record.sequence, record.timestamp, record.marker, record.arrivedAt);
          } else if (record.kind === RecordKind.MixedFrame) {
            entry.handlers.mixed(record.payload, record.arrivals);
          }
        });
        return;
      case 'counters':
        for (const [callId, counters] of message.calls) {
          const entry = slot.calls.get(callId);
          if (entry) entry.counters = counters;
        }
        return;
      case 'call-failed': {
        const entry = slot.calls.get(message.callId);
        slot.calls.delete(message.callId);
        entry?.handlers.failed(`audio failed: ${message.message}`);
        return;
      }
      default: {
        const unknown: never = message;
        throw new Error(`unknown message from an audio worker: ${JSON.stringify(unknown)}`);
      }
    }
  }

  function spawn(): Slot {
    const worker = new Worker(workerUrl);
    const slot: Slot = { worker, calls: new Map(), writer: new RecordWriter(), flushQueued: false, lastFlush: 0, gone: false };
    worker.on('message', (message: FromAudioWorker) => onMessage(slot, message));
    worker.on('error', (error) => fail(slot, `audio worker failed: ${error.message}`));
    worker.on('exit', (code) => fail(slot, `audio worker exited (${code})`));
    // Idle workers (no calls, clock stopped) never keep the process alive.
    worker.unref();
    slots.push(slot);
    return slot;
  }

  function pick(): Slot {
    const least = slots.reduce<Slot | null>((best, s) => (best && best.calls.size <= s.calls.size ? best : s), null);
    if (!least || (least.calls.size > 0 && slots.length < workers)) return spawn();
    return least;
  }

  return {
    open(handlers) {
      const slot = pick();
      const callId = nextCallId++;
      const entry: Entry = { handlers, counters: null };
      slot.calls.set(callId, entry);
      control(slot, { type: 'open', callId });
      let closed = false;
      return {
        encodeCallerFrame(mulaw, sequence, timestamp, marker, arrivedAt) {
          if (!closed) queue(slot, { kind: RecordKind.CallerFrame, callId, sequence, timestamp, marker, arrivedAt, payload: mulaw });
        },
        roomPacket(voiceId, timestamp, payload) {
          if (!closed) queue(slot, { kind: RecordKind.RoomPacket, callId, voiceId, timestamp, arrivedAt: monotonicMs(), payload });
        },
        removeVoice(voiceId) {
          if (!closed) control(slot, { type: 'remove-voice', callId, voiceId });
        },
        get counters() {
          return entry.counters;
        },
        close() {
          if (closed) return;
          closed = true;
          slot.calls.delete(callId);
          control(slot, { type: 'close', callId });
        },
      };
    },
    load: () => slots.map((s) => s.calls.size),
    async close() {
      const all = slots;
      slots = [];
      for (const slot of all) {
        slot.gone = true;
        for (const entry of slot.calls.values()) entry.handlers.failed('audio engine stopped');
        slot.calls.clear();
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
