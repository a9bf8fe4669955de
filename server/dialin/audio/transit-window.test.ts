import { describe, expect, it } from 'vitest';
import { TransitWindow } from './transit-window.ts';

describe('TransitWindow', () => {
  it('gives the fastest transit and the one a quantile of packets beat', () => {
    const window = new TransitWindow(100, 0.9);
    for (let i = 1; i <= 100; i++) window.add(1000 + i);
    expect(window.floor).toBe(1001);
    expect(window.high).toBe(1090);
  });

  it('counts a new extreme at once, and forgets what left the window', () => {
    const window = new TransitWindow(10, 1);
    for (let i = 0; i < 10; i++) window.add(50);
    expect(window.high).toBe(50);
    window.add(130);
    expect(window.high).toBe(130);
    for (let i = 0; i < 10; i++) window.add(60);
    expect([window.floor, window.high]).toEqual([60, 60]);
  });

  it('resets to what a shorter window holds, in order, forgetting the rest', () => {
    const long = new TransitWindow(10, 1, 1);
    const short = new TransitWindow(3, 1, 1);
    for (const value of [200, 5, 7, 9, 11]) {
      long.add(value);
      short.add(value);
    }
    expect([long.floor, long.high]).toEqual([5, 200]);
    long.resetTo(short);
    expect(long.count).toBe(3);
    expect([long.floor, long.high]).toEqual([7, 11]);
    // The oldest kept goes first: nine more values push out 7 and 9, not yet 11.
    for (let i = 0; i < 9; i++) long.add(8);
    expect([long.floor, long.high]).toEqual([8, 11]);
    long.add(8);
    expect(long.high).toBe(8);
  });
});
