/** A Prometheus histogram as scraped from /metrics: its bounds (s, ascending, +Inf last) and cumulative counts. */
export interface ScrapedHistogram {
  bounds: number[];
  cumulative: number[];
}

/** The histogram `name` in a /metrics text; throws if it is not there. */
export function scrapeHistogram(text: string, name: string): ScrapedHistogram {
  const pattern = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)$`, 'gm');
  const rows = [...text.matchAll(pattern)].map((m) => [m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]), Number(m[2])] as const);
  if (rows.length === 0) throw new Error(`/metrics has no histogram ${name}`);
  rows.sort((a, b) => a[0] - b[0]);
  return { bounds: rows.map(([le]) => le), cumulative: rows.map(([, n]) => n) };
}

/**
 * The observations made between two scrapes: their count and their `q`-quantile (ms), found as
 * Prometheus's histogram_quantile does, by linear interpolation inside the bucket it falls in
 * (so within that bucket's width of the true value).
 */
export function quantileBetween(before: ScrapedHistogram, after: ScrapedHistogram, q: number): { count: number; ms: number } {
  const counts = after.cumulative.map((n, i) => n - (before.cumulative[i] ?? 0));
  const count = counts.at(-1) ?? 0;
  if (count === 0) return { count, ms: Number.NaN };
  const rank = q * count;
  const i = counts.findIndex((n) => n >= rank);
  const upper = after.bounds[i]!;
  const lower = i === 0 ? 0 : after.bounds[i - 1]!;
  if (!Number.isFinite(upper)) return { count, ms: lower * 1000 }; // past the last bound: at least that
  const below = i === 0 ? 0 : counts[i - 1]!;
  return { count, ms: (lower + ((upper - lower) * (rank - below)) / (counts[i]! - below)) * 1000 };
}
