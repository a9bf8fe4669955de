import { describe, expect, it } from 'vitest';
import { type AudioRecord, RecordKind, readRecords } from './audio-records.ts';
import { createRingMemory, RingReader, RingWriter } from './record-ring.ts';
import { RingSender } from './ring-sender.ts';

const opus = (sequence: number): AudioRecord => ({
  kind: RecordKind.CallerOpus,
  callId: 1,
  sequence,
  timestamp: sequence * 960,
  marker: false,
  arrivedAt: 0,
  payload: new Uint8Array(60),
});
const command = (linkId: number): AudioRecord => ({ kind: RecordKind.Link, callId: 1, linkId, payload: new Uint8Array(60) });

function rig(capacity: number) {
  const memory = createRingMemory(capacity);
  const writer = new RingWriter(memory);
  const reader = new RingReader(memory);
  const read = () => {
    const got: string[] = [];
    readRecords(reader.read() ?? new Uint8Array(0), (r) =>
      got.push(r.kind === RecordKind.Link ? `link ${r.linkId}` : `opus ${'sequence' in r ? r.sequence : ''}`),
    );
    return got;
  };
  return { sender: new RingSender(writer), writer, read };
}

describe('RingSender (control never dropped, audio dropped when late)', () => {
  it('writes control before audio, in order', () => {
    const { sender, read } = rig(1024);
    sender.audio(opus(1));
    sender.control(command(7));
    sender.control(command(8));
    sender.flush();
    expect(read()).toEqual(['link 7', 'link 8', 'opus 1']);
  });

  it('keeps control that finds the ring full and writes it first once there is room; audio meanwhile is dropped and counted', () => {
    const { sender, writer, read } = rig(512);
    // Every record here is 88 bytes: five fill the ring but for 72.
    for (let i = 0; i < 5; i++) sender.audio(opus(i));
    sender.flush();
    sender.control(command(1));
    sender.audio(opus(5));
    expect(sender.flush()).toBe(false); // the command waits
    expect(sender.waiting).toBe(1);
    expect(writer.dropped).toBe(1); // opus 5, behind the waiting command
    expect(read()).toEqual(['opus 0', 'opus 1', 'opus 2', 'opus 3', 'opus 4']); // the reader catches up
    sender.control(command(2));
    sender.audio(opus(6));
    expect(sender.flush()).toBe(true);
    expect(sender.waiting).toBe(0);
    expect(read()).toEqual(['link 1', 'link 2', 'opus 6']);
  });
});
