import { parentPort } from 'node:worker_threads';
import { FRAME_MS } from '../audio/frame.ts';
import { startTicker } from '../audio/ticker.ts';
import { RecordKind, RecordWriter, readRecords } from './audio-records.ts';
import { CallAudio } from './call-audio.ts';
import { type FromAudioWorker, monotonicMs, type ToAudioWorker } from './engine-messages.ts';

/**
 * An audio worker (see audio-pool.ts): the calls given to it, and one 20 ms clock that mixes a
 * frame for each of them. Caller frames are encoded as soon as they arrive and go back in one
 * batch per batch received (the pool sends at most one every few ms); the mix in one per tick.
 */

const port = parentPort;
if (!port) throw new Error('audio-worker.ts runs as a worker thread');

const calls = new Map<number, CallAudio>();
const out = new RecordWriter();
let ticker: { stop(): void } | null = null;
let ticks = 0;

const post = (message: FromAudioWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

function flush(): void {
  const batch = out.take();
  if (batch) post({ type: 'records', ...batch }, [batch.buffer]);
}

/** Runs one call's work; a failure ends that call only. */
function guarded(callId: number, work: (call: CallAudio) => void): void {
  const call = calls.get(callId);
  if (!call) return; // closed meanwhile
  try {
    work(call);
  } catch (error) {
    call.dispose();
    calls.delete(callId);
    post({ type: 'call-failed', callId, message: (error as Error).message });
  }
}

function tick(now: number): void {
  for (const callId of calls.keys()) {
    guarded(callId, (call) => {
      const frame = call.mix(now);
      if (frame) out.append({ kind: RecordKind.MixedFrame, callId, arrivals: frame.arrivals, payload: frame.mulaw });
    });
  }
  flush();
  if (++ticks % 50 === 0) post({ type: 'counters', calls: [...calls].map(([id, call]) => [id, call.counters()]) });
}

function onRecords(buffer: ArrayBuffer, length: number): void {
  const now = monotonicMs();
  readRecords(buffer, length, (record) => {
    switch (record.kind) {
      case RecordKind.CallerFrame:
        guarded(record.callId, (call) =>
          out.append({ ...record, kind: RecordKind.CallerOpus, payload: call.encodeCallerFrame(record.payload) }),
        );
        return;
      case RecordKind.RoomPacket:
        guarded(record.callId, (call) => call.pushRoomPacket(record.voiceId, record.timestamp, record.payload, record.arrivedAt, now));
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
  flush();
}

port.on('message', (message: ToAudioWorker) => {
  switch (message.type) {
    case 'open':
      calls.set(message.callId, new CallAudio());
      ticker ??= startTicker(FRAME_MS, tick, monotonicMs, (skipped) => {
        for (const call of calls.values()) call.missed(skipped);
      });
      return;
    case 'close':
      calls.get(message.callId)?.dispose();
      calls.delete(message.callId);
      if (calls.size === 0) {
        ticker?.stop();
        ticker = null;
      }
      return;
    case 'remove-voice':
      guarded(message.callId, (call) => call.removeVoice(message.voiceId));
      return;
    case 'records':
      onRecords(message.buffer, message.length);
      return;
    default: {
      const unknown: never = message;
      throw new Error(`unknown message ${JSON.stringify(unknown)}`);
    }
  }
});
