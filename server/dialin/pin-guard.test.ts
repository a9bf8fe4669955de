import { describe, expect, it } from 'vitest';
import { createLimitBook } from '../limits/limit-book.ts';
import { memoryRateCounters } from '../storage/memory-rate-counters.ts';
import { LIMITS } from '../limits/limits.ts';
import { createPinGuard } from './pin-guard.ts';

const PIN_LIMITS = {
  perNumber: LIMITS.wrongPinsPerNumber,
  globalPerMinute: LIMITS.wrongPinsPerMinute,
  globalPerHour: LIMITS.wrongPinsPerHour,
};

describe('PIN guard', () => {
  const setup = () => {
    let now = 0;
    const lines: string[] = [];
    const guard = createPinGuard(createLimitBook({ counters: memoryRateCounters(), now: () => now }), {
      now: () => now,
      log: (l) => lines.push(l),
    });
    return { guard, lines, advance: (ms: number) => (now += ms) };
  };

  it('stops one number after its wrong PINs, and lets it try again an hour later', async () => {
    const { guard, advance } = setup();
    for (let i = 0; i < PIN_LIMITS.perNumber.max; i++) {
      expect(await guard.refused('+15550001111')).toBeNull();
      await guard.failed('+15550001111', `CA${i}`);
      advance(7_000); // slower than the global per-minute budget
    }
    expect(await guard.refused('+1 555 000 1111')).toBe('number');
    expect(await guard.refused('+15550002222')).toBeNull();
    advance(PIN_LIMITS.perNumber.windowMs);
    expect(await guard.refused('+15550001111')).toBeNull();
  });

  it('stops everyone once all calls together spent the per-minute budget, whatever their numbers', async () => {
    const { guard, lines, advance } = setup();
    for (let i = 0; i < PIN_LIMITS.globalPerMinute.max; i++) await guard.failed(`+1555${String(i).padStart(7, '0')}`, `CA${i}`);
    expect(await guard.refused('+19990000000')).toBe('everyone');
    expect(await guard.refused(undefined)).toBe('everyone');
    await guard.failed('+19990000001', 'CAx');
    expect(lines.filter((l) => l.includes('across all calls'))).toHaveLength(1);
    advance(PIN_LIMITS.globalPerMinute.windowMs);
    expect(await guard.refused('+19990000000')).toBeNull();
  });

  it('keeps an hourly budget for slow guessers', async () => {
    const { guard, advance } = setup();
    for (let i = 0; i < PIN_LIMITS.globalPerHour.max; i++) {
      await guard.failed(`+1555${String(i).padStart(7, '0')}`, `CA${i}`);
      advance(4_000); // 15 a minute: under the per-minute budget
    }
    expect(await guard.refused('+19990000000')).toBe('everyone');
  });

  it('counts withheld numbers together', async () => {
    const { guard, advance } = setup();
    for (let i = 0; i < PIN_LIMITS.perNumber.max; i++) {
      await guard.failed(undefined, `CA${i}`);
      advance(7_000);
    }
    expect(await guard.refused('')).toBe('number');
  });
});
