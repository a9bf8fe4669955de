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
});
