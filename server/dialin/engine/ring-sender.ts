import { type AudioRecord, RecordKind, RecordWriter } from './audio-records.ts';
import type { RingWriter } from './record-ring.ts';

/**
 * What one thread writes into another's ring, batched: control records (a call's links' commands,
 * removed voices, closed calls) in order and never dropped, waiting for room when the ring is
 * full; audio (the callers' Opus) after them, dropped and counted when it does not fit or control
 * is still waiting, as late audio is worth nothing.
 */
export class RingSender {
  private readonly control = new RecordWriter();
  private readonly audio = new RecordWriter();
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

  append(record: AudioRecord): void {
    (record.kind === RecordKind.CallerOpus ? this.audio : this.control).append(record);
  }

  /** Writes what it can (control first) and wakes the reader if anything was written. */
  flush(): void {
    if (this.control.count > 0) {
      this.backlog.push(this.control.bytes().slice());
      this.control.clear();
    }
    let wrote = false;
    while (this.backlog.length > 0 && this.ring.free >= this.backlog[0]!.length) wrote = this.ring.write(this.backlog.shift()!);
    if (this.audio.count > 0) {
      if (this.backlog.length === 0) wrote = this.ring.write(this.audio.bytes()) || wrote;
      else this.ring.countDropped();
      this.audio.clear();
    }
    if (wrote) this.ring.wake();
  }
}
