import { describe, expect, it } from 'vitest';
import type { ContractContext } from './fixtures.ts';

const T = 1_790_000_000_000;

export function rateCountersContract(ctx: ContractContext) {
  describe('rate counters', () => {
    it('count hits in a fixed window opened by the first, then start a new one', async () => {
      const { rateCounters: rc } = await ctx.open();
      expect(await rc.hit('signIns', 'ip1', 1000, T)).toEqual({ count: 1, start: T });
      expect(await rc.hit('signIns', 'ip1', 1000, T + 999)).toEqual({ count: 2, start: T });
      expect(await rc.hit('signIns', 'ip1', 1000, T + 1000)).toEqual({ count: 1, start: T + 1000 });
      expect(await rc.hit('signIns', 'ip2', 1000, T + 1000)).toEqual({ count: 1, start: T + 1000 });
      expect(await rc.hit('uploads', 'ip1', 1000, T + 1000)).toEqual({ count: 1, start: T + 1000 });
    });

    it('peek without counting, and see nothing once the window is over', async () => {
      const { rateCounters: rc } = await ctx.open();
      expect(await rc.peek('signIns', 'ip1', 1000, T)).toBeNull();
      await rc.hit('signIns', 'ip1', 1000, T);
      expect(await rc.peek('signIns', 'ip1', 1000, T + 500)).toEqual({ count: 1, start: T });
      expect(await rc.peek('signIns', 'ip1', 1000, T + 500)).toEqual({ count: 1, start: T });
      expect(await rc.peek('signIns', 'ip1', 1000, T + 1000)).toBeNull();
    });

    it('count every one of many hits at once', async () => {
      const { rateCounters: rc } = await ctx.open();
      const windows = await Promise.all(Array.from({ length: 50 }, () => rc.hit('chat', 'meeting', 10_000, T)));
      expect(windows.map((w) => w.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('sweep the windows that are over, only those', async () => {
      const { rateCounters: rc } = await ctx.open();
      await rc.hit('a', 'short', 1000, T);
      await rc.hit('a', 'long', 60_000, T);
      expect(await rc.sweep(T + 1000)).toBe(1);
      expect(await rc.peek('a', 'long', 60_000, T + 1000)).toEqual({ count: 1, start: T });
      expect(await rc.sweep(T + 1000)).toBe(0);
    });
  });
}
