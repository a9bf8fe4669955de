import { describe, expect, it } from 'vitest';
import { quantileBetween, scrapeHistogram } from './histogram-window.ts';

const text = (counts: number[]) =>
  `${['0.01', '0.02', '0.05', '+Inf'].map((le, i) => `d_seconds_bucket{le="${le}"} ${counts[i]}`).join('\n')}\nd_seconds_count 1\n`;

describe('a histogram between two scrapes', () => {
  it('counts only what was observed in between, and interpolates the quantile inside its bucket', () => {
    const before = scrapeHistogram(text([5, 5, 5, 5]), 'd_seconds');
    const after = scrapeHistogram(text([5, 55, 105, 105]), 'd_seconds');
    // 50 between 10 and 20 ms, 50 between 20 and 50 ms: the median is at 20, p95 at 47.
    expect(quantileBetween(before, after, 0.5)).toEqual({ count: 100, ms: 20 });
    expect(quantileBetween(before, after, 0.95).ms).toBeCloseTo(47, 6);
  });

  it('says "at least the last bound" for a quantile past it, and NaN for nothing observed', () => {
    const before = scrapeHistogram(text([0, 0, 0, 0]), 'd_seconds');
    expect(quantileBetween(before, scrapeHistogram(text([0, 0, 1, 10]), 'd_seconds'), 0.95).ms).toBe(50);
    expect(quantileBetween(before, before, 0.95).ms).toBeNaN();
  });

  it('throws when /metrics does not have it', () => {
    expect(() => scrapeHistogram('x 1\n', 'd_seconds')).toThrow('no histogram d_seconds');
  });
});
