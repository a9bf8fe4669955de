import { parentPort } from 'node:worker_threads';
import { prepareWerift } from '../bridge/rtc-link.ts';
import { RecordKind, RecordWriter, readRecords } from './audio-records.ts';
import { monotonicMs, type RtcWorkerSetup } from './engine-messages.ts';
import { decodeLinkCommand } from './link-commands.ts';
import { RingReader, RingWriter } from './record-ring.ts';
import { WorkerLinks } from './worker-links.ts';

/**
 * The WebRTC links (werift) of one audio worker's calls, in a thread of the audio worker's own
 * (see audio-worker.ts): their ICE, DTLS, SRTP and RTP cost several times the audio work, and in
 * the audio thread they would make its 20 ms clock late whenever the machine is short of CPU.
 * From the audio worker, in a shared ring: the links' commands, each caller's Opus to send, voices
 * removed and calls closed; to it, in another: every packet the links receive, stamped on arrival.
 * Signalling goes to the audio worker as messages, which passes it on to the main thread.
 */

if (!parentPort) throw new Error('rtc-worker.ts runs as a worker thread');
const port = parentPort;

let output: RingWriter | null = null;
const packet = new RecordWriter();

const links = new WorkerLinks({
  roomPacket(callId, voiceId, timestamp, payload, arrivedAt) {
    if (!output) return;
    packet.clear();
    packet.append({ kind: RecordKind.RoomPacket, callId, voiceId, timestamp, arrivedAt, payload });
    output.write(packet.bytes()); // the audio worker reads it at its next poll or tick; a full ring drops it, counted
  },
  post: (event) => port.postMessage(event),
  now: monotonicMs,
});

function drain(input: RingReader): void {
  const bytes = input.read();
  if (!bytes) return;
  readRecords(bytes, (record) => {
    switch (record.kind) {
      case RecordKind.Link:
        try {
          links.command(record.callId, record.linkId, decodeLinkCommand(record.payload));
        } catch (error) {
          // A link that cannot be made (werift refused its options) is closed, with the reason.
          port.postMessage({ type: 'link-closed', linkId: record.linkId, reason: (error as Error).message });
        }
        return;
      case RecordKind.CallerOpus:
        links.sendCallerOpus(record.callId, record.payload, record.sequence, record.timestamp, record.marker);
        return;
      case RecordKind.RemoveVoice:
        links.voiceRemoved(record.callId, record.voiceId);
        return;
      case RecordKind.Close:
        links.closeCall(record.callId);
        return;
      default:
        throw new Error(`an RTC worker does not take records of kind ${record.kind}`);
    }
  });
}

async function listen(input: RingReader): Promise<void> {
  for (;;) {
    await input.written();
    drain(input);
  }
}

// werift's certificate is made while the thread has nothing else to do (if that fails, each
// link's negotiation fails the same way and says so).
void prepareWerift().catch(() => undefined);

port.on('message', (setup: RtcWorkerSetup) => {
  if (output) return;
  output = new RingWriter(setup.fromRtc);
  void listen(new RingReader(setup.toRtc));
});
