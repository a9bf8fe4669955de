import { describe, expect, it } from 'vitest';
import { type AudioRecord, RecordKind, RecordWriter, readRecords } from './audio-records.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('audio records', () => {
  it('round-trips every kind of record through one buffer, in order', () => {
    const records: AudioRecord[] = [
      { kind: RecordKind.Open, callId: 7 },
      {
        kind: RecordKind.CallerFrame,
        callId: 7,
        sequence: 65535,
        timestamp: 2 ** 32 - 1,
        marker: true,
        arrivedAt: 1234.5678,
        payload: bytes(1, 2, 3),
      },
      { kind: RecordKind.RoomPacket, callId: 7, voiceId: 3, timestamp: 960, arrivedAt: 99.25, payload: bytes(0xfc, 0xff) },
      { kind: RecordKind.RemoveVoice, callId: 7, voiceId: 2 ** 32 - 2 },
      { kind: RecordKind.Link, callId: 7, linkId: 5, payload: new TextEncoder().encode('{"op":"offer"}') },
      { kind: RecordKind.CallerOpus, callId: 8, sequence: 1, timestamp: 0, marker: false, arrivedAt: 0.5, payload: bytes() },
      { kind: RecordKind.MixedFrame, callId: 8, arrivals: [1e12 + 0.125, 3], payload: new Uint8Array(160).fill(0x7f) },
      { kind: RecordKind.Close, callId: 7 },
    ];
    const writer = new RecordWriter(16); // small: it has to grow
    for (const record of records) writer.append(record);
    expect(writer.count).toBe(records.length);
    // Read from a copy at an offset inside a larger buffer, as a ring read may be.
    const copy = new Uint8Array(writer.bytes().length + 5);
    copy.set(writer.bytes(), 5);
    const read: AudioRecord[] = [];
    readRecords(copy.subarray(5), (record) => read.push(record));
    expect(read).toEqual(records);
  });

  it('starts again in the same buffer after clear()', () => {
    const writer = new RecordWriter();
    expect(writer.bytes()).toHaveLength(0);
    writer.append({ kind: RecordKind.MixedFrame, callId: 1, arrivals: [], payload: bytes(9) });
    writer.clear();
    writer.append({ kind: RecordKind.MixedFrame, callId: 2, arrivals: [], payload: bytes(8) });
    const ids: number[] = [];
    readRecords(writer.bytes(), (r) => ids.push(r.callId));
    expect(ids).toEqual([2]);
    expect(writer.count).toBe(1);
  });
});
