import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type AudioRecord, RecordKind, readRecords } from './audio-records.ts';
import { type AudioWorkerSetup, type DownlinkCounters, type FromAudioWorker, monotonicMs } from './engine-messages.ts';
import type { AudioCallHandlers, AudioEngine, AudioLinkHandlers } from './audio-engine.ts';
import { encodeLinkCommand, type LinkCommand } from './link-commands.ts';
import { createRingMemory, DEFAULT_RING_BYTES, RingReader, RingView, RingWriter } from './record-ring.ts';
import { RingSender } from './ring-sender.ts';

/**
 * The calls' audio work (Opus encode and decode, jitter buffers, mixing, μ-law) runs in worker
 * threads, each with its own 20 ms clock, so the main event loop (HTTP, WebSockets, signalling)
 * can neither starve the clock nor be slowed by the codecs; each worker runs its calls' WebRTC
 * connections (werift) in a thread of its own (rtc-worker.ts), so neither can the connections.
 * The main thread keeps Twilio's sockets and the signalling; audio crosses as records (audio-records.ts) in two shared-memory rings per worker
 * (record-ring.ts), one each way: writing one is a copy and an atomic store, where a postMessage
 * cost the main thread a serialisation and a wake-up each (2 s of its 27 s busy in a profile with
 * 10 callers). A worker with calls polls its ring (audio-worker.ts), so the main thread wakes it
 * only to start its first call; the worker wakes the main thread when it has written.
 *
 * A full ring drops the newest audio and counts it (`dropped()`); the calls' open, close and
 * voice removals and link commands are never dropped: they wait on the main thread, in order,
 * until there is room (ring-sender.ts, as the audio worker writes to its RTC thread).
 */

export interface AudioPoolOptions {
  /** Most workers to run; calls go to the least busy, a new worker only while all have calls. */
  workers?: number;
  /**
   * How often a worker with calls reads the ring between the ticks of its clock (ms), which read
   * it too: a caller frame waits up to this long to be encoded. Room packets wait for the tick anyway.
   */
  pollMs?: number;
  /** Bytes of each ring between the main thread and a worker (a power of two). */
  ringBytes?: number;
  workerUrl?: URL;
}

interface Entry {
  handlers: AudioCallHandlers;
  counters: DownlinkCounters | null;
  links: Map<number, AudioLinkHandlers>;
}

interface Slot {
  worker: Worker;
  calls: Map<number, Entry>;
  toWorker: RingSender;
  fromWorker: RingReader;
  /** Every ring of the worker and its RTC thread, for their drop counts (read-only views: the readers are elsewhere). */
  rings: RingView[];
  /** A retry of the control records waiting for room is due. */
  retrying: boolean;
  /** Every open link of the worker's calls, by link id. */
  links: Map<number, AudioLinkHandlers>;
  gone: boolean;
}

export const DEFAULT_AUDIO_WORKERS = Math.min(2, availableParallelism());

export const DEFAULT_POLL_MS = 4;

const BACKLOG_RETRY_MS = 20;

export function createAudioPool({
  workers = DEFAULT_AUDIO_WORKERS,
  pollMs = DEFAULT_POLL_MS,
  ringBytes = DEFAULT_RING_BYTES,
  workerUrl = new URL('./audio-worker.ts', import.meta.url),
}: AudioPoolOptions = {}): AudioEngine {
  let slots: Slot[] = [];
  let nextCallId = 1;
  let nextLinkId = 1;
  /** Tries the control records waiting for room again until none waits. */
  function retryBacklog(slot: Slot): void {
    slot.retrying = true;
    setTimeout(() => {
      slot.retrying = false;
      if (!slot.gone && !slot.toWorker.flush()) retryBacklog(slot);
    }, BACKLOG_RETRY_MS).unref();
  }

  /** Audio: written at once, or dropped (and counted) when the ring is full. */
  function audio(slot: Slot, record: AudioRecord): void {
    if (slot.gone) return;
    slot.toWorker.audio(record);
    slot.toWorker.flush();
  }

  /** A call's open, close, voice removal or link command: in order with its audio, never dropped. */
  function control(slot: Slot, record: AudioRecord): void {
    if (slot.gone) return;
    slot.toWorker.control(record);
    if (!slot.toWorker.flush() && !slot.retrying) retryBacklog(slot);
  }

  function fail(slot: Slot, reason: string): void {
    if (slot.gone) return;
    slot.gone = true;
    slot.fromWorker.interrupt();
    slots = slots.filter((s) => s !== slot);
    for (const entry of slot.calls.values()) entry.handlers.failed(reason);
    slot.calls.clear();
    slot.links.clear();
    void slot.worker.terminate();
  }

  function deliver(slot: Slot, bytes: Uint8Array): void {
    readRecords(bytes, (record) => {
      const entry = slot.calls.get(record.callId);
      if (!entry) return; // closed meanwhile
      if (record.kind === RecordKind.CallerOpus) {
        entry.handlers.callerOpus(record.payload, record.sequence, record.timestamp, record.marker, record.arrivedAt);
      } else if (record.kind === RecordKind.MixedFrame) {
        entry.handlers.mixed(record.payload, record.arrivals);
      }
    });
  }

  /** Hands the worker's records to the calls whenever it wakes us; never blocks (Atomics.waitAsync). */
  async function listen(slot: Slot): Promise<void> {
    while (!slot.gone) {
      await slot.fromWorker.written();
      const bytes = slot.gone ? null : slot.fromWorker.read();
      if (!bytes) continue;
      try {
        deliver(slot, bytes);
      } catch (error) {
        // A handler's bug surfaces as an uncaught exception, as it did from a message event.
        process.nextTick(() => {
          throw error;
        });
      }
    }
  }

  function onMessage(slot: Slot, message: FromAudioWorker): void {
    switch (message.type) {
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
      case 'link-signal':
        slot.links.get(message.linkId)?.signal(message.message);
        return;
      case 'link-closed': {
        const link = slot.links.get(message.linkId);
        slot.links.delete(message.linkId);
        link?.closed(message.reason);
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
    const toWorker = createRingMemory(ringBytes);
    const fromWorker = createRingMemory(ringBytes);
    // The worker's rings with its RTC thread carry link commands (SDP) too: never smaller than the default.
    const toRtc = createRingMemory(DEFAULT_RING_BYTES);
    const fromRtc = createRingMemory(DEFAULT_RING_BYTES);
    worker.postMessage({ type: 'rings', toWorker, fromWorker, toRtc, fromRtc, pollMs } satisfies AudioWorkerSetup);
    const slot: Slot = {
      worker,
      calls: new Map(),
      toWorker: new RingSender(new RingWriter(toWorker)),
      fromWorker: new RingReader(fromWorker),
      rings: [toWorker, fromWorker, toRtc, fromRtc].map((memory) => new RingView(memory)),
      retrying: false,
      links: new Map(),
      gone: false,
    };
    void listen(slot);
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
      const entry: Entry = { handlers, counters: null, links: new Map() };
      slot.calls.set(callId, entry);
      control(slot, { kind: RecordKind.Open, callId });
      let closed = false;
      const command = (linkId: number, linkCommand: LinkCommand) => {
        if (!closed && entry.links.has(linkId))
          control(slot, { kind: RecordKind.Link, callId, linkId, payload: encodeLinkCommand(linkCommand) });
      };
      return {
        openLink(options, linkHandlers) {
          const linkId = nextLinkId++;
          // Both maps forget it when the worker says it closed; `close()` forgets it at once.
          const handlers: AudioLinkHandlers = {
            signal: (message) => linkHandlers.signal(message),
            closed: (reason) => {
              entry.links.delete(linkId);
              linkHandlers.closed(reason);
            },
          };
          entry.links.set(linkId, handlers);
          slot.links.set(linkId, handlers);
          command(linkId, { op: 'open', ...options });
          return {
            offer: () => command(linkId, { op: 'offer' }),
            answer: (sdp) => command(linkId, { op: 'answer', sdp }),
            acceptAnswer: (sdp) => command(linkId, { op: 'accept-answer', sdp }),
            addCandidate: (candidate) => command(linkId, { op: 'candidate', candidate }),
            close: () => {
              command(linkId, { op: 'close' });
              entry.links.delete(linkId);
              slot.links.delete(linkId);
            },
          };
        },
        encodeCallerFrame(mulaw, sequence, timestamp, marker, arrivedAt) {
          if (!closed) audio(slot, { kind: RecordKind.CallerFrame, callId, sequence, timestamp, marker, arrivedAt, payload: mulaw });
        },
        roomPacket(voiceId, timestamp, payload) {
          if (!closed) audio(slot, { kind: RecordKind.RoomPacket, callId, voiceId, timestamp, arrivedAt: monotonicMs(), payload });
        },
        removeVoice(voiceId) {
          if (!closed) control(slot, { kind: RecordKind.RemoveVoice, callId, voiceId });
        },
        get counters() {
          return entry.counters;
        },
        close() {
          if (closed) return;
          closed = true;
          slot.calls.delete(callId);
          // The worker closes the call's links with it.
          for (const linkId of entry.links.keys()) slot.links.delete(linkId);
          entry.links.clear();
          control(slot, { kind: RecordKind.Close, callId });
        },
      };
    },
    warm() {
      while (slots.length < workers) spawn();
    },
    load: () => slots.map((s) => s.calls.size),
    dropped: () => slots.reduce((sum, s) => sum + s.rings.reduce((ringSum, ring) => ringSum + ring.dropped, 0), 0),
    async close() {
      const all = slots;
      slots = [];
      for (const slot of all) {
        slot.gone = true;
        slot.fromWorker.interrupt();
        for (const entry of slot.calls.values()) entry.handlers.failed('audio engine stopped');
        slot.calls.clear();
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
