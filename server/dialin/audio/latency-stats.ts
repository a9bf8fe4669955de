export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

/** Keeps the last `capacity` measurements (ms) and summarises them. */
export class LatencyStats {
  private readonly values: number[] = [];
  private next = 0;
  private total = 0;

  private readonly capacity: number;
  constructor(capacity = 3000) {
    this.capacity = capacity;
  }

  record(ms: number): void {
    this.total++;
    if (this.values.length < this.capacity) this.values.push(ms);
    else this.values[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
  }

  summary(): LatencySummary {
    const sorted = [...this.values].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
    return { count: this.total, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
  }
}
