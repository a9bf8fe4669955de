/**
 * A Prometheus histogram kept in memory: how many observations fell at or under each bound, their
 * count and sum. Observing is a search over the bounds and one increment; the cumulative counts
 * are made when scraped.
 */
export class Histogram {
  /** Upper bounds, in seconds, ascending. */
  readonly bounds: readonly number[];
  private readonly counts: number[];
  count = 0;
  sumSeconds = 0;

  constructor(bounds: readonly number[]) {
    this.bounds = bounds;
    this.counts = bounds.map(() => 0);
  }

  observe(seconds: number): void {
    this.count++;
    this.sumSeconds += seconds;
    const i = this.bounds.findIndex((bound) => seconds <= bound);
    if (i >= 0) this.counts[i]!++;
  }

  /** Observations at or under each bound (`le`), as /metrics shows them. */
  cumulative(): number[] {
    let total = 0;
    return this.counts.map((n) => (total += n));
  }
}

/** Its buckets, `+Inf`, sum and count, as samples of one Prometheus family. */
export function histogramSamples(h: Histogram) {
  const cumulative = h.cumulative();
  return [
    ...h.bounds.map((le, i) => ({ suffix: '_bucket', labels: { le: String(le) }, value: cumulative[i] ?? 0 })),
    { suffix: '_bucket', labels: { le: '+Inf' }, value: h.count },
    { suffix: '_sum', value: Math.round(h.sumSeconds * 1e6) / 1e6 },
    { suffix: '_count', value: h.count },
  ];
}
