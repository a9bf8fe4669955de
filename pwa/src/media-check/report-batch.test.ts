import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReportBatch, REPORT_BATCH_MS } from './report-batch.ts';

describe('the media check’s reports, batched', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const batcher = (max = 8) => {
    const sent: { reports: number[]; keepalive: boolean }[] = [];
    const page = new EventTarget();
    const batch = createReportBatch<number>((reports, keepalive) => sent.push({ reports, keepalive }), { max, page });
    return { sent, page, batch };
  };

  it('sends those made within the moment of the first one waiting together, in order', async () => {
    const { sent, batch } = batcher();
    batch.add(1);
    await vi.advanceTimersByTimeAsync(REPORT_BATCH_MS - 1);
    batch.add(2);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([{ reports: [1, 2], keepalive: false }]);
    batch.add(3);
    await vi.advanceTimersByTimeAsync(REPORT_BATCH_MS);
    expect(sent.at(-1)).toEqual({ reports: [3], keepalive: false });
  });

  it('sends at once when as many wait as one request takes', async () => {
    const { sent, batch } = batcher(3);
    for (const n of [1, 2, 3, 4]) batch.add(n);
    expect(sent).toEqual([{ reports: [1, 2, 3], keepalive: false }]);
    await vi.advanceTimersByTimeAsync(REPORT_BATCH_MS);
    expect(sent).toEqual([
      { reports: [1, 2, 3], keepalive: false },
      { reports: [4], keepalive: false },
    ]);
  });

  it('sends what waits when the page goes away, keepalive; nothing when nothing waits', async () => {
    const { sent, page, batch } = batcher();
    page.dispatchEvent(new Event('pagehide'));
    expect(sent).toEqual([]);
    batch.add(1);
    page.dispatchEvent(new Event('pagehide'));
    expect(sent).toEqual([{ reports: [1], keepalive: true }]);
    await vi.advanceTimersByTimeAsync(REPORT_BATCH_MS);
    expect(sent).toHaveLength(1);
  });
});
