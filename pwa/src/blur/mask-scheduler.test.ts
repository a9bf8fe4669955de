import { describe, expect, it } from 'vitest';
import { createMaskScheduler } from './mask-scheduler.ts';
import { channelToMask, confidenceToMask } from './mask.ts';

describe('createMaskScheduler', () => {
  it('starts at once, then one at a time, at most maxRate per second', () => {
    const s = createMaskScheduler({ maxRate: 10 });
    expect(s.due(0)).toBe(true);
    s.started(0);
    expect(s.due(50)).toBe(false); // still running
    s.finished(5);
    expect(s.due(60)).toBe(false); // too soon after the last start
    expect(s.due(100)).toBe(true);
  });

  it('spaces slow segmentations so they take at most cpuShare of a core', () => {
    const s = createMaskScheduler({ maxRate: 30, cpuShare: 0.5 });
    s.started(0);
    s.finished(100);
    expect(s.intervalMs()).toBe(200);
    expect(s.due(150)).toBe(false);
    expect(s.due(200)).toBe(true);
  });

  it('paces by the median of recent segmentations, so one slow outlier does not halve the rate', () => {
    const s = createMaskScheduler({ maxRate: 20, cpuShare: 0.5 });
    for (const ms of [12, 14, 400, 13, 15]) {
      s.started(0);
      s.finished(ms);
    }
    expect(s.intervalMs()).toBe(50);
  });

  it('gives up on a lost segmentation after the timeout, and after a failure', () => {
    const s = createMaskScheduler({ timeoutMs: 1000 });
    s.started(0);
    expect(s.due(999)).toBe(false);
    expect(s.due(1000)).toBe(true);
    s.started(1000);
    s.failed();
    expect(s.due(1100)).toBe(true);
  });
});

describe('masks', () => {
  it('puts confidence into alpha', () => {
    expect([...confidenceToMask([0, 0.5, 1], 3, 1).data]).toEqual([0, 0, 0, 0, 0, 0, 0, 128, 0, 0, 0, 255]);
  });
  it('takes one channel into alpha', () => {
    expect([...channelToMask([9, 1, 2, 3, 200, 1, 2, 3], 2, 1, 0).data]).toEqual([0, 0, 0, 9, 0, 0, 0, 200]);
  });
});
