import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, Worker } from 'node:worker_threads';
import { FRAME_MS } from '../audio/frame.ts';
import { startTicker } from '../audio/ticker.ts';
import { RecordKind, RecordWriter, readRecords } from './audio-records.ts';
import { CallAudio } from './call-audio.ts';
import { type AudioWorkerSetup, type FromAudioWorker, monotonicMs, type RtcWorkerSetup } from './engine-messages.ts';
import type { LinkEvent } from './link-commands.ts';
import { RingReader, RingWriter } from './record-ring.ts';
import { RingSender } from './ring-sender.ts';

/**
 * An audio worker (see audio-pool.ts): the calls given to it, their WebRTC links in a thread of
 * its own (rtc-worker.ts), and one 20 ms clock that mixes a frame for each call. While it has
 * calls it reads the main thread's ring and the RTC worker's at every tick, before mixing (so
 * every room packet that reached the bridge before the tick is in the mix), and every `pollMs`
 * between ticks (so caller frames are encoded soon); what it encodes goes back at
 * once. Without calls it parks on the ring and the main thread's next record wakes it: the main
 * thread never pays for a wake-up while audio flows (measured: Atomics.notify for every record
 * cost it as much as the postMessage batches did).
 */

const port = parentPort;
if (!port) throw new Error('audio-worker.ts runs as a worker thread');

const calls = new Map<number, CallAudio>();
const out = new RecordWriter();
let ticker: { stop(): void } | null = null;
let ticks = 0;

const post = (message: FromAudioWorker) => port.postMessage(message);

/**
 * The calls' WebRTC links run in a thread of this worker's own (rtc-worker.ts), so werift's work
 * never makes this clock late; the links' signalling goes straight on to the main thread. A
 * failure there fails this worker, and so every call on it, as the pool expects.
 */
function startRtc(toRtc: SharedArrayBuffer, fromRtc: SharedArrayBuffer): void {
  const rtc = new Worker(new URL('./rtc-worker.ts', import.meta.url));
  rtc.postMessage({ type: 'rtc-rings', toRtc, fromRtc } satisfies RtcWorkerSetup);
  rtc.on('message', (event: LinkEvent) => post(event));
  rtc.on('error', (error) => {
    throw error;
  });
  rtc.on('exit', (code) => {
    throw new Error(`the RTC worker exited (${code})`);
  });
}

/** The packets the links received since the last read, into their calls' jitter buffers. */
function drainRtc({ fromRtc }: Rings): void {
  const bytes = fromRtc.read();
  if (!bytes) return;
  readRecords(bytes, (record) => {
    if (record.kind !== RecordKind.RoomPacket) throw new Error(`unexpected record ${record.kind} from the RTC worker`);
    guarded(record.callId, (call) => call.pushRoomPacket(record.voiceId, record.timestamp, record.payload, record.arrivedAt));
  });
}

/** Runs one call's work; a failure ends that call only. */
function guarded(callId: number, work: (call: CallAudio) => void): void {
  const call = calls.get(callId);
  if (!call) return; // closed meanwhile
  try {
    work(call);
  } catch (error) {
    rings?.forRtc.control({ kind: RecordKind.Close, callId });
    call.dispose();
    calls.delete(callId);
    post({ type: 'call-failed', callId, message: (error as Error).message });
  }
}

function open(callId: number): void {
  calls.set(callId, new CallAudio());
  ticker ??= startTicker(FRAME_MS, tick, monotonicMs, (skipped) => {
    for (const call of calls.values()) call.missed(skipped);
  });
}

function close(callId: number, forRtc: RingSender): void {
  forRtc.control({ kind: RecordKind.Close, callId });
  calls.get(callId)?.dispose();
  calls.delete(callId);
  if (calls.size === 0) {
    ticker?.stop();
    ticker = null;
  }
}

/** Hands what `out` holds to the main thread. */
function send(rings: Rings): void {
  if (out.count === 0) return;
  rings.output.write(out.bytes()); // a full ring (main stalled for seconds) drops it, counted
  out.clear();
  rings.output.wake();
}

/** Does what the main thread's records say. */
function drain(rings: Rings): void {
  const bytes = rings.input.read();
  if (!bytes) return;
  readRecords(bytes, (record) => {
    switch (record.kind) {
      case RecordKind.Open:
        open(record.callId);
        return;
      case RecordKind.Close:
        close(record.callId, rings.forRtc);
        return;
      case RecordKind.RemoveVoice:
        rings.forRtc.control(record); // its link's packets are no longer mixed
        guarded(record.callId, (call) => call.removeVoice(record.voiceId));
        return;
      case RecordKind.CallerFrame:
        guarded(record.callId, (call) => {
          const opus = { ...record, kind: RecordKind.CallerOpus, payload: call.encodeCallerFrame(record.payload) } as const;
          rings.forRtc.audio(opus);
          out.append(opus);
        });
        return;
      case RecordKind.Link:
        rings.forRtc.control(record);
        return;
      case RecordKind.RoomPacket:
        // Its jitter is measured from its arrival at the bridge: reading it at the next tick at
        // the latest, the worker adds none that matters to its playout.
        guarded(record.callId, (call) => call.pushRoomPacket(record.voiceId, record.timestamp, record.payload, record.arrivedAt));
        return;
      case RecordKind.CallerOpus:
      case RecordKind.MixedFrame:
        return; // ours to send, never received
      default: {
        const unknown: never = record;
        throw new Error(`unknown record ${JSON.stringify(unknown)}`);
      }
    }
  });
}

/** The main thread's records, then the RTC worker's packets; what the links need goes to them at once. */
function exchange(current: Rings): void {
  drain(current);
  drainRtc(current);
  current.forRtc.flush();
}

function tick(now: number): void {
  if (!rings) return;
  exchange(rings);
  for (const callId of calls.keys()) {
    guarded(callId, (call) => {
      const frame = call.mix(now);
      if (frame) out.append({ kind: RecordKind.MixedFrame, callId, arrivals: frame.arrivals, payload: frame.mulaw });
    });
  }
  send(rings);
  if (++ticks % 50 === 0) post({ type: 'counters', calls: [...calls].map(([id, call]) => [id, call.counters()]) });
}

interface Rings {
  /** The main thread's records. */
  input: RingReader;
  /** Ours for the main thread. */
  output: RingWriter;
  /** Link commands, removed voices and closed calls in order, never dropped; the callers' Opus dropped when late. */
  forRtc: RingSender;
  /** The packets the links received. */
  fromRtc: RingReader;
}
let rings: Rings | null = null;

/** Reads the ring: polling while there are calls, parked without; an error here (a corrupt record) fails the whole worker, as the pool expects. */
async function listen(current: Rings, pollMs: number): Promise<void> {
  for (;;) {
    if (calls.size === 0) await current.input.written();
    else await sleep(pollMs);
    exchange(current);
    send(current);
  }
}

// The listener also keeps the worker alive between calls (a pending Atomics.waitAsync does not).
port.on('message', (setup: AudioWorkerSetup) => {
  if (rings) return;
  rings = {
    input: new RingReader(setup.toWorker),
    output: new RingWriter(setup.fromWorker),
    forRtc: new RingSender(new RingWriter(setup.toRtc)),
    fromRtc: new RingReader(setup.fromRtc),
  };
  startRtc(setup.toRtc, setup.fromRtc);
  void listen(rings, setup.pollMs);
});
