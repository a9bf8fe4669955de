/**
 * The recent transit times of one voice's packets: arrival time minus media time (ms), so a
 * constant network delay and any clock offset cancel out and only the variation remains.
 * `floor` is the fastest recent packet, `high` the one a `quantile` of packets beat: their
 * difference is the jitter a buffer has to absorb. A value outside [floor, high] counts at once;
 * otherwise both are recomputed (a sort of at most `capacity` numbers) every `refreshEvery` values.
 */
export class TransitWindow {
  private readonly values: Float64Array;
  private size = 0;
  private next = 0;
  private added = 0;
  private cachedFloor = 0;
  private cachedHigh = 0;

  private readonly quantile: number;
  private readonly refreshEvery: number;
  constructor(capacity = 150, quantile = 0.98, refreshEvery = 8) {
    this.values = new Float64Array(capacity);
    this.quantile = quantile;
    this.refreshEvery = refreshEvery;
  }

  /** Most transits it keeps. */
  get capacity() {
    return this.values.length;
  }

  get count() {
    return this.size;
  }

  add(transitMs: number): void {
    this.values[this.next] = transitMs;
    this.next = (this.next + 1) % this.values.length;
    if (this.size < this.values.length) this.size++;
    const extreme = this.size === 1 || transitMs < this.cachedFloor || transitMs > this.cachedHigh;
    this.added = extreme ? this.refreshEvery : this.added + 1;
  }

  /** Keeps only what `other` holds, oldest first (the newest `capacity` of them). */
  resetTo(other: TransitWindow): void {
    const values = other.oldestFirst();
    this.clear();
    for (const value of values) this.add(value);
  }

  private oldestFirst(): number[] {
    const start = this.size < this.values.length ? 0 : this.next;
    return Array.from({ length: this.size }, (_, i) => this.values[(start + i) % this.values.length]!);
  }

  clear(): void {
    this.size = this.next = this.added = 0;
    this.cachedFloor = this.cachedHigh = 0;
  }

  /** The fastest transit in the window (ms). */
  get floor(): number {
    this.refresh();
    return this.cachedFloor;
  }

  /** The transit `quantile` of the packets in the window beat (ms). */
  get high(): number {
    this.refresh();
    return this.cachedHigh;
  }

  private refresh(): void {
    if (this.added < this.refreshEvery || this.size === 0) return;
    this.added = 0;
    const sorted = this.values.slice(0, this.size).sort();
    this.cachedFloor = sorted[0]!;
    this.cachedHigh = sorted[Math.min(this.size - 1, Math.ceil(this.quantile * this.size) - 1)]!;
  }
}
