/**
 * A byte ring in a SharedArrayBuffer between two threads: one writer, one reader, no locks.
 * The writer copies whole batches of records (audio-records.ts) in and publishes them by moving
 * its index with an atomic store; the reader copies everything published out and moves its own.
 * Neither side ever blocks: the reader waits with `Atomics.waitAsync` (a promise), the writer
 * wakes it with `Atomics.notify` only when it is parked, so a busy stream costs a load per write.
 *
 * A full ring drops the newest batch, never the oldest (the oldest belongs to the reader, and
 * taking it back would need a lock), and counts it in `dropped`. Sized for a second or more of
 * audio, it fills only when the reader has stalled that long.
 *
 * Layout: Int32 header (write index, read index, parked flag, dropped count), then the data.
 * The indices run freely modulo 2^32; their difference is the bytes in the ring.
 */

const WRITE = 0;
const READ = 1;
const PARKED = 2;
const DROPPED = 3;
const HEADER_BYTES = 16;

/** 256 KiB: over a second of audio for 20 calls each way (a ring's size unless a pool is given another). */
export const DEFAULT_RING_BYTES = 2 ** 18;

/** Shared memory for a ring of `capacity` bytes (a power of two). */
export function createRingMemory(capacity: number): SharedArrayBuffer {
  if (!Number.isInteger(Math.log2(capacity)) || capacity < 16 || capacity > 2 ** 30) {
    throw new Error(`a ring's capacity is a power of two from 16 to 2^30 bytes, not ${capacity}`);
  }
  return new SharedArrayBuffer(HEADER_BYTES + capacity);
}

/** A ring seen from outside: how full it is and what its writer dropped; reading and writing are its subclasses'. */
export class RingView {
  protected readonly header: Int32Array;
  protected readonly data: Uint8Array;
  protected readonly capacity: number;
  constructor(memory: SharedArrayBuffer) {
    this.header = new Int32Array(memory, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(memory, HEADER_BYTES);
    this.capacity = this.data.length;
  }

  /** Bytes written and not yet read. */
  get used(): number {
    return (Atomics.load(this.header, WRITE) - Atomics.load(this.header, READ)) >>> 0;
  }

  /** Batches the writer dropped because the ring was full. */
  get dropped(): number {
    return Atomics.load(this.header, DROPPED);
  }
}

export class RingWriter extends RingView {
  /** Bytes that can be written now. */
  get free(): number {
    return this.capacity - this.used;
  }

  /** Copies `bytes` in as one batch, or nothing if they do not fit (then false, and counted). */
  write(bytes: Uint8Array): boolean {
    const w = Atomics.load(this.header, WRITE);
    if (bytes.length > this.free) {
      this.countDropped();
      return false;
    }
    const at = w & (this.capacity - 1);
    const first = Math.min(bytes.length, this.capacity - at);
    this.data.set(bytes.subarray(0, first), at);
    if (first < bytes.length) this.data.set(bytes.subarray(first), 0);
    Atomics.store(this.header, WRITE, (w + bytes.length) | 0);
    return true;
  }

  /** Counts a batch dropped before it reached the ring. */
  countDropped(): void {
    Atomics.add(this.header, DROPPED, 1);
  }

  /** Wakes the reader if it is parked (cheap when it is not). */
  wake(): void {
    if (Atomics.load(this.header, PARKED) === 1 && Atomics.exchange(this.header, PARKED, 0) === 1) {
      Atomics.notify(this.header, PARKED);
    }
  }
}

export class RingReader extends RingView {
  /** Everything written so far, copied out (the writer reuses the space at once); null if nothing. */
  read(): Uint8Array | null {
    const r = Atomics.load(this.header, READ);
    const length = (Atomics.load(this.header, WRITE) - r) >>> 0;
    if (length === 0) return null;
    const out = new Uint8Array(length);
    const at = r & (this.capacity - 1);
    const first = Math.min(length, this.capacity - at);
    out.set(this.data.subarray(at, at + first));
    if (first < length) out.set(this.data.subarray(0, length - first), first);
    Atomics.store(this.header, READ, (r + length) | 0);
    return out;
  }

  /**
   * Resolves once something is written and the writer calls `wake()` (at once if something
   * is there already). Never blocks the thread; a pending wait does not keep it alive.
   */
  async written(): Promise<void> {
    Atomics.store(this.header, PARKED, 1);
    if (this.used > 0) {
      Atomics.store(this.header, PARKED, 0);
      return;
    }
    const wait = Atomics.waitAsync(this.header, PARKED, 1);
    if (wait.async) await wait.value;
  }

  /** Ends a pending `written()` now, written or not (a parked wait would otherwise hold on forever). */
  interrupt(): void {
    Atomics.store(this.header, PARKED, 0);
    Atomics.notify(this.header, PARKED);
  }
}
