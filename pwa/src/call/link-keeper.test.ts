import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Participant } from '../../../shared/api/participants.ts';
import { createLinkKeeper } from './link-keeper.ts';

const person = (id: string, presence: 'connected' | 'reconnecting' = 'connected'): Participant => ({
  id,
  name: id,
  role: 'guest',
  audioMuted: false,
  videoMuted: false,
  presence,
  screenSharing: false,
  joinedAt: '',
});

describe('link keeper', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(selfId: string, others: Participant[]) {
    const live = new Set<string>();
    const calls: string[] = [];
    const people = [person(selfId), ...others];
    const keeper = createLinkKeeper({
      selfId,
      participants: () => people,
      hasLiveLink: (id) => live.has(id),
      call: (id) => void calls.push(id),
    });
    return { keeper, live, calls, people };
  }

  it('the smaller id calls at once; the larger waits for that call', () => {
    const small = setup('a', [person('b')]);
    small.keeper.ensure('b');
    expect(small.calls).toEqual(['b']);
    const large = setup('b', [person('a')]);
    large.keeper.ensure('a');
    expect(large.calls).toEqual([]);
    large.live.add('a'); // a's call arrived
    vi.advanceTimersByTime(5_000);
    expect(large.calls).toEqual([]);
  });

  it('the larger id calls itself when no call comes', () => {
    const { keeper, calls } = setup('b', [person('a')]);
    keeper.ensure('a');
    vi.advanceTimersByTime(3_000);
    expect(calls).toEqual(['a']);
  });

  it('does not call someone who is reconnecting, or already linked', () => {
    const { keeper, calls, live } = setup('a', [person('b', 'reconnecting'), person('c')]);
    live.add('c');
    keeper.ensureAll();
    vi.advanceTimersByTime(60_000);
    expect(calls).toEqual([]);
  });

  it('calls again with backoff while the link does not come up, and stops when it does', () => {
    const { keeper, calls, live } = setup('a', [person('b')]);
    keeper.ensure('b');
    expect(calls).toHaveLength(1);
    vi.advanceTimersByTime(10_000 + 2_000);
    expect(calls).toHaveLength(2);
    vi.advanceTimersByTime(10_000 + 4_000);
    expect(calls).toHaveLength(3);
    live.add('b');
    vi.advanceTimersByTime(120_000);
    expect(calls).toHaveLength(3);
  });
});
