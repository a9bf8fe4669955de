import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import { FRAME_MS } from '../audio/frame.ts';
import { prepareWerift } from '../bridge/rtc-link.ts';
import { startTicker } from '../audio/ticker.ts';
import { RecordKind, RecordWriter, readRecords } from './audio-records.ts';
import { CallAudio } from './call-audio.ts';
import { type AudioWorkerSetup, type FromAudioWorker, monotonicMs } from './engine-messages.ts';
import { decodeLinkCommand } from './link-commands.ts';
import { RingReader, RingWriter } from './record-ring.ts';
import { WorkerLinks } from './worker-links.ts';

/**
 * An audio worker (see audio-pool.ts): the calls given to it with their WebRTC links
 * (worker-links.ts), and one 20 ms clock that mixes a frame for each of them. While it has calls it reads the main thread's ring at every tick,
 * before mixing (so every room packet that reached the bridge before the tick is in the mix), and
 * every `pollMs` between ticks (so caller frames are encoded soon); what it encodes goes back at
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

/** The calls' WebRTC links: what they receive goes into the call's mix at once. */
const links = new WorkerLinks({
  roomPacket: (callId, voiceId, timestamp, payload, arrivedAt) =>
    guarded(callId, (call) => call.pushRoomPacket(voiceId, timestamp, payload, arrivedAt)),
  post,
  now: monotonicMs,
});

/** Runs one call's work; a failure ends that call only. */
function guarded(callId: number, work: (call: CallAudio) => void): void {
  const call = calls.get(callId);
  if (!call) return; // closed meanwhile
  try {
    work(call);
  } catch (error) {
    links.closeCall(callId);
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

function close(callId: number): void {
  links.closeCall(callId);
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
        close(record.callId);
        return;
      case RecordKind.RemoveVoice:
        links.voiceRemoved(record.callId, record.voiceId);
        guarded(record.callId, (call) => call.removeVoice(record.voiceId));
        return;
      case RecordKind.CallerFrame:
        guarded(record.callId, (call) => {
          const payload = call.encodeCallerFrame(record.payload);
          links.sendCallerOpus(record.callId, payload, record.sequence, record.timestamp, record.marker);
          out.append({ ...record, kind: RecordKind.CallerOpus, payload });
        });
        return;
      case RecordKind.Link: {
        const command = decodeLinkCommand(record.payload);
        // A link that cannot be made (werift refused its options) is closed, with the reason.
        try {
          links.command(record.callId, record.linkId, command);
        } catch (error) {
          post({ type: 'link-closed', linkId: record.linkId, reason: (error as Error).message });
        }
        return;
      }
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

function tick(now: number): void {
  if (!rings) return;
  drain(rings);
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
  input: RingReader;
  output: RingWriter;
}
let rings: Rings | null = null;

/** Reads the ring: polling while there are calls, parked without; an error here (a corrupt record) fails the whole worker, as the pool expects. */
async function listen(current: Rings, pollMs: number): Promise<void> {
  for (;;) {
    if (calls.size === 0) await current.input.written();
    else await sleep(pollMs);
    drain(current);
    send(current);
  }
}

// werift's certificate is made while the worker has nothing else to do (if that fails, each
// link's negotiation fails the same way and says so).
void prepareWerift().catch(() => undefined);

// The listener also keeps the worker alive between calls (a pending Atomics.waitAsync does not).
port.on('message', (setup: AudioWorkerSetup) => {
  if (rings) return;
  rings = { input: new RingReader(setup.toWorker), output: new RingWriter(setup.fromWorker) };
  void listen(rings, setup.pollMs);
});
