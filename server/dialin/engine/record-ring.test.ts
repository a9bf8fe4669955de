import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createRingMemory, RingReader, RingWriter } from './record-ring.ts';

const ring = (capacity: number) => {
  const memory = createRingMemory(capacity);
  return { writer: new RingWriter(memory), reader: new RingReader(memory) };
};
const run = (from: number, length: number) => Uint8Array.from({ length }, (_, i) => (from + i) & 0xff);

describe('record ring (shared memory, one writer, one reader)', () => {
  it('hands over what was written, in order, and nothing twice', () => {
    const { writer, reader } = ring(64);
    expect(reader.read()).toBeNull();
    writer.write(run(0, 10));
    writer.write(run(10, 5));
    expect(reader.read()).toEqual(run(0, 15));
    expect(reader.read()).toBeNull();
  });

  it('wraps around the end of its memory, within a batch too', () => {
    const { writer, reader } = ring(16);
    let next = 0;
    // Batches of 7 against a ring of 16: they straddle the end in every position.
    for (let round = 0; round < 40; round++) {
      expect(writer.write(run(next, 7))).toBe(true);
      expect(reader.read()).toEqual(run(next, 7));
      next += 7;
    }
    expect(writer.dropped).toBe(0);
  });

  it('when full, drops the newest batch whole and counts it, never blocking or overwriting unread bytes', () => {
    const { writer, reader } = ring(16);
    expect(writer.write(run(0, 10))).toBe(true);
    expect(writer.write(run(10, 7))).toBe(false); // 6 bytes free
    expect(writer.write(run(10, 6))).toBe(true); // exactly full
    expect(writer.write(run(16, 1))).toBe(false);
    expect(writer.dropped).toBe(2);
    expect(reader.read()).toEqual(run(0, 16));
    expect(writer.write(run(16, 16))).toBe(true); // the whole ring again, from the middle
    expect(reader.read()).toEqual(run(16, 16));
  });

  it('keeps working past 2^32 bytes written (free-running indices)', () => {
    const memory = createRingMemory(16);
    new Int32Array(memory, 0, 2).fill(-5); // write and read 5 bytes before the indices wrap
    const writer = new RingWriter(memory);
    const reader = new RingReader(memory);
    writer.write(run(0, 12));
    expect(writer.used).toBe(12);
    expect(reader.read()).toEqual(run(0, 12));
    expect(writer.write(run(12, 16))).toBe(true);
    expect(reader.read()).toEqual(run(12, 16));
  });

  it('lets a pending wait go when interrupted (its reader is gone)', async () => {
    const { reader } = ring(64);
    const waiting = reader.written();
    reader.interrupt();
    await waiting;
    expect(reader.read()).toBeNull();
  });

  it('refuses a capacity that is not a power of two', () => {
    expect(() => createRingMemory(1000)).toThrow(/power of two/);
  });

  it('wakes a reader waiting on another thread, and one that finds data already there', async () => {
    const { writer, reader } = ring(64);
    writer.write(run(0, 3));
    await reader.written(); // something there: resolves at once
    expect(reader.read()).toEqual(run(0, 3));

    // A writer on another thread, after a moment.
    const memory = createRingMemory(64);
    const remoteReader = new RingReader(memory);
    const waiting = remoteReader.written();
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const h = new Int32Array(workerData, 0, 4), d = new Uint8Array(workerData, 16);
       setTimeout(() => { d.set([1, 2, 3, 4]); Atomics.store(h, 0, 4);
         if (Atomics.exchange(h, 2, 0) === 1) Atomics.notify(h, 2); }, 50);`,
      { eval: true, workerData: memory },
    );
    await waiting;
    expect(remoteReader.read()).toEqual(Uint8Array.from([1, 2, 3, 4]));
    await worker.terminate();
  });
});
