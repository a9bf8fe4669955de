import { describe, expect, it } from 'vitest';
import { PlayoutWatch } from './playout-watch.ts';

describe('PlayoutWatch', () => {
  it('marks every n-th frame and measures how late Twilio played it', () => {
    const watch = new PlayoutWatch(3, 500);
    expect([watch.sent(0), watch.sent(20), watch.sent(40)]).toEqual([null, null, 'playout-1']);
    expect(watch.played('playout-1', 140)).toBe(false);
    expect(watch.lagMs).toBe(100);
  });

  it('asks for a clear when the backlog grows too long, and ignores the echoes that follow', () => {
    const watch = new PlayoutWatch(1, 500);
    const a = watch.sent(0)!;
    const b = watch.sent(20)!;
    expect(watch.played(a, 900)).toBe(true);
    expect(watch.played(b, 900)).toBe(false);
    expect(watch.played('unknown', 900)).toBe(false);
  });
});
