import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callKindOf, createCallScreening, type CallKind, type ScreeningVerdict } from './call-screening.ts';

const call = (peer: string, metadata?: unknown) => ({
  peer,
  metadata,
  closed: false,
  close() {
    this.closed = true;
  },
});
type FakeCall = ReturnType<typeof call>;

describe('call screening', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(verdict: (peer: string, kind: CallKind) => ScreeningVerdict) {
    const answered: [string, CallKind][] = [];
    const refused: string[] = [];
    const screening = createCallScreening<FakeCall>({
      verdict,
      answer: (c, kind) => answered.push([c.peer, kind]),
      onRefused: (c, reason) => refused.push(`${c.peer}: ${reason}`),
      holdMs: 1_000,
    });
    return { screening, answered, refused };
  }

  it.each([
    [undefined, 'camera'],
    [null, 'camera'],
    [{ kind: 'screen' }, 'screen'],
    [{ kind: 'camera' }, null],
    [{ kind: 'file' }, null],
    ['screen', null],
    [['screen'], null],
  ])('metadata %j is a %s call', (metadata, kind) => {
    expect(callKindOf(metadata)).toBe(kind);
  });

  it('answers a participant on the roster at once', () => {
    const t = setup(() => 'answer');
    t.screening.offer(call('a'));
    expect(t.answered).toEqual([['a', 'camera']]);
  });

  it('refuses, without answering, a call of a kind it does not know and one the roster forbids', () => {
    const t = setup((peer) => (peer === 'stranger' ? 'refuse' : 'answer'));
    const odd = call('a', { kind: 'data' });
    const stranger = call('stranger');
    t.screening.offer(odd);
    t.screening.offer(stranger);
    expect(t.answered).toEqual([]);
    expect(odd.closed && stranger.closed).toBe(true);
    expect(t.refused).toHaveLength(2);
  });

  it('holds a call from someone not yet on the roster and answers when they appear', () => {
    const roster = new Set<string>();
    const t = setup((peer) => (roster.has(peer) ? 'answer' : 'wait'));
    const early = call('newcomer');
    t.screening.offer(early);
    expect(t.answered).toEqual([]);
    expect(t.screening.heldCount()).toBe(1);
    roster.add('newcomer');
    t.screening.recheck();
    expect(t.answered).toEqual([['newcomer', 'camera']]);
    vi.advanceTimersByTime(5_000);
    expect(early.closed).toBe(false);
  });

  it('refuses a held call whose caller never appears on the roster', () => {
    const t = setup(() => 'wait');
    const outsider = call('outsider');
    t.screening.offer(outsider);
    vi.advanceTimersByTime(999);
    expect(outsider.closed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(outsider.closed).toBe(true);
    expect(t.answered).toEqual([]);
    expect(t.refused).toEqual(['outsider: caller never appeared on the roster']);
  });
});
