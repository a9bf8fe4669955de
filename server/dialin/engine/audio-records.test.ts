import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { type AudioRecord, RecordKind, RecordWriter, readRecords } from './audio-records.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('audio records', () => {
  it('round-trips every kind of record through one transferable buffer, in order', () => {
    const records: AudioRecord[] = [
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
      { kind: RecordKind.CallerOpus, callId: 8, sequence: 1, timestamp: 0, marker: false, arrivedAt: 0.5, payload: bytes() },
      { kind: RecordKind.MixedFrame, callId: 8, arrivals: [1e12 + 0.125, 3], payload: new Uint8Array(160).fill(0x7f) },
    ];
    const writer = new RecordWriter(16); // small: it has to grow
    for (const record of records) writer.append(record);
    expect(writer.count).toBe(4);
    const batch = writer.take()!;
    // Transfer it, as the pool does.
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(batch, [batch.buffer]);
    expect(batch.buffer.byteLength).toBe(0);
    port1.close();
    return new Promise<void>((resolve) => {
      port2.once('message', ({ buffer, length }: { buffer: ArrayBuffer; length: number }) => {
        const read: AudioRecord[] = [];
        readRecords(buffer, length, (record) => read.push(record));
        expect(read).toEqual(records);
        port2.close();
        resolve();
      });
    });
  });

  it('starts a new buffer after take(), and takes nothing when empty', () => {
    const writer = new RecordWriter();
    expect(writer.take()).toBeNull();
    writer.append({ kind: RecordKind.MixedFrame, callId: 1, arrivals: [], payload: bytes(9) });
    const first = writer.take()!;
    writer.append({ kind: RecordKind.MixedFrame, callId: 2, arrivals: [], payload: bytes(8) });
    const second = writer.take()!;
    expect(second.buffer).not.toBe(first.buffer);
    const ids: number[] = [];
    readRecords(first.buffer, first.length, (r) => ids.push(r.callId));
    readRecords(second.buffer, second.length, (r) => ids.push(r.callId));
    expect(ids).toEqual([1, 2]);
  });
});
