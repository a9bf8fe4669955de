import { type AudioRecord, RecordWriter } from './audio-records.ts';
import type { RingWriter } from './record-ring.ts';

/**
 * What one thread writes into another's ring, the one way both the main thread (to each audio
 * worker) and an audio worker (to its RTC thread) do it. Control records (calls opened and closed,
 * voices removed, the links' commands) go in order and are never dropped: those that find the ring
 * full wait, and are written first once there is room. Audio is written after them, or dropped and
 * counted when it does not fit or control is still waiting, as late audio is worth nothing.
 * Records are batched until `flush()`.
 */
export class RingSender {
  private readonly controlBatch = new RecordWriter();
  private readonly audioBatch = new RecordWriter();
  /** Control batches that found the ring full, oldest first. */
  private readonly backlog: Uint8Array[] = [];

  private readonly ring: RingWriter;
  constructor(ring: RingWriter) {
    this.ring = ring;
  }

  /** Control batches waiting for room. */
  get waiting(): number {
    return this.backlog.length;
  }

  /** Never dropped; in order with every other control record. */
  control(record: AudioRecord): void {
    this.controlBatch.append(record);
  }

  /** Dropped (and counted) if the ring has no room for it at the next flush. */
  audio(record: AudioRecord): void {
    this.audioBatch.append(record);
  }

  /** Writes what it can (control first) and wakes the reader if anything was written; true when no control waits. */
  flush(): boolean {
    if (this.controlBatch.count > 0) {
      this.backlog.push(this.controlBatch.bytes().slice());
      this.controlBatch.clear();
    }
    let wrote = false;
    while (this.backlog.length > 0 && this.ring.free >= this.backlog[0]!.length) wrote = this.ring.write(this.backlog.shift()!);
    if (this.audioBatch.count > 0) {
      if (this.backlog.length === 0) wrote = this.ring.write(this.audioBatch.bytes()) || wrote;
      else this.ring.countDropped();
      this.audioBatch.clear();
    }
    if (wrote) this.ring.wake();
    return this.backlog.length === 0;
  }
}
