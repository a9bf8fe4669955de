import { describe, expect, it } from 'vitest';
import { Deepening } from './deepening.ts';
import { TransitWindow } from './transit-window.ts';

const options = { recurMs: 2000, calmPackets: 25, startDepthMs: 40, guardMs: 5 };

/** Packets every 20 ms from `from`: transit `transit(n)`, late where `late(n)`. */
function feed(
  d: Deepening,
  window: TransitWindow,
  from: number,
  count: number,
  transit: (n: number) => number,
  late: (n: number) => boolean,
) {
  for (let n = 0; n < count; n++) {
    window.add(transit(n));
    d.packet(transit(n), late(n), from + 20 * n);
  }
}

describe('Deepening', () => {
  it('a lone burst of late packets does not deepen; a second within recurMs does', () => {
    const d = new Deepening(options);
    const window = new TransitWindow();
    feed(
      d,
      window,
      0,
      50,
      () => 3,
      () => false,
    );
    // A stall: five packets 100 ms late, one after the other (one burst).
    feed(
      d,
      window,
      1000,
      5,
      () => 103,
      () => true,
    );
    feed(
      d,
      window,
      1100,
      50,
      () => 3,
      () => false,
    );
    expect(d.deepNow(window)).toBe(false);
    // Another burst 3 s after the first: still alone within 2 s.
    feed(
      d,
      window,
      4000,
      3,
      () => 90,
      () => true,
    );
    expect(d.deepNow(window)).toBe(false);
    // And one 1 s after that: recurring.
    feed(
      d,
      window,
      4060,
      50,
      () => 3,
      (n) => n === 49,
    );
    expect(d.deepNow(window)).toBe(true);
  });

  it('stays deep while the jitter lasts, and once 25 packets are calm leaves it and resets the window to them', () => {
    const d = new Deepening(options);
    const window = new TransitWindow();
    feed(
      d,
      window,
      0,
      10,
      () => 3,
      (n) => n === 2 || n === 6,
    );
    expect(d.deepNow(window)).toBe(true);
    // Jitter of up to 80 ms, nothing late any more (the buffer is deep enough): still deep.
    feed(
      d,
      window,
      200,
      100,
      (n) => 3 + 20 * (n % 5),
      () => false,
    );
    expect(d.deepNow(window)).toBe(true);
    expect(window.high).toBe(83);
    feed(
      d,
      window,
      2200,
      24,
      () => 3,
      () => false,
    );
    expect(d.deepNow(window)).toBe(true);
    feed(
      d,
      window,
      2680,
      1,
      () => 3,
      () => false,
    );
    expect(d.deepNow(window)).toBe(false);
    expect([window.count, window.high]).toEqual([25, 3]);
  });

  it('clear forgets the bursts', () => {
    const d = new Deepening(options);
    const window = new TransitWindow();
    feed(
      d,
      window,
      0,
      1,
      () => 90,
      () => true,
    );
    d.clear();
    feed(
      d,
      window,
      100,
      3,
      (n) => (n === 1 ? 90 : 3),
      (n) => n === 1,
    );
    expect(d.deepNow(window)).toBe(false);
  });
});
