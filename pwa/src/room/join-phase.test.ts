import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJoinPhase, DRAW_WAIT_MS, PICTURE_WAIT_MS, SETTLE_LIMIT_MS } from './join-phase.ts';

function world() {
  const status = signal('idle');
  const participants = signal<unknown[]>([]);
  const remoteStreams = signal<ReadonlyMap<string, unknown>>(new Map());
  const callsUnderWay = signal(false);
  const knocking = signal(false);
  const phase = createJoinPhase({ status, participants, remoteStreams, callsUnderWay }, { knocking });
  return { status, participants, remoteStreams, callsUnderWay, knocking, phase };
}

describe('join phase', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('settles when the first remote picture is shown, not when the join answer or the stream does', () => {
    const w = world();
    expect(w.phase.settling.value).toBe(false);
    w.knocking.value = true;
    expect(w.phase.settling.value).toBe(true);
    w.knocking.value = false;
    w.status.value = 'joining';
    expect(w.phase.settling.value).toBe(true);
    w.participants.value = [{}, {}];
    w.status.value = 'in-call';
    expect(w.phase.settling.value).toBe(true);
    w.remoteStreams.value = new Map([['p1', {}]]);
    expect(w.phase.settling.value).toBe(true);
    w.phase.pictureShown();
    // The held work goes on a task later, not in the frame's own task.
    expect(w.phase.settling.value).toBe(true);
    vi.advanceTimersByTime(0);
    expect(w.phase.settling.value).toBe(false);
  });

  it('is getting in from its own join until the call first settles, not when someone joins it later', () => {
    const w = world();
    expect(w.phase.gettingIn.value).toBe(false);
    // A host alone: in at once.
    w.status.value = 'joining';
    expect(w.phase.gettingIn.value).toBe(true);
    w.participants.value = [{}];
    w.status.value = 'in-call';
    expect(w.phase.gettingIn.value).toBe(false);
    // A guest joins the host: the host's page settles again for the newcomer, but is not getting in.
    w.participants.value = [{}, {}];
    expect(w.phase.settling.value).toBe(true);
    expect(w.phase.gettingIn.value).toBe(false);
    // A join of its own again (after leaving): getting in until its first picture.
    w.status.value = 'left';
    w.status.value = 'joining';
    expect(w.phase.gettingIn.value).toBe(true);
    w.status.value = 'in-call';
    w.remoteStreams.value = new Map([['p1', {}]]);
    expect(w.phase.gettingIn.value).toBe(true);
    w.phase.pictureShown();
    vi.advanceTimersByTime(0);
    expect(w.phase.gettingIn.value).toBe(false);
  });

  it('settles a while after the first stream when no picture comes (a camera off, a phone caller)', () => {
    const w = world();
    w.status.value = 'joining';
    w.participants.value = [{}, {}];
    w.status.value = 'in-call';
    vi.advanceTimersByTime(PICTURE_WAIT_MS); // the wait counts from the stream, not the join
    expect(w.phase.settling.value).toBe(true);
    w.remoteStreams.value = new Map([['phone', {}]]);
    vi.advanceTimersByTime(PICTURE_WAIT_MS - 1);
    expect(w.phase.settling.value).toBe(true);
    vi.advanceTimersByTime(1);
    expect(w.phase.settling.value).toBe(false);
  });

  it('a later join waits for its own picture', () => {
    const w = world();
    w.status.value = 'joining';
    w.participants.value = [{}, {}];
    w.status.value = 'in-call';
    w.remoteStreams.value = new Map([['p1', {}]]);
    w.phase.pictureShown();
    vi.advanceTimersByTime(0);
    expect(w.phase.settling.value).toBe(false);
    w.status.value = 'left';
    w.remoteStreams.value = new Map();
    w.status.value = 'joining';
    w.status.value = 'in-call';
    w.remoteStreams.value = new Map([['p1', {}]]);
    expect(w.phase.settling.value).toBe(true);
    w.phase.pictureShown();
    vi.advanceTimersByTime(0);
    expect(w.phase.settling.value).toBe(false);
  });

  it('is settled at once for someone alone in the room', () => {
    const w = world();
    w.participants.value = [{}];
    w.status.value = 'in-call';
    expect(w.phase.settling.value).toBe(false);
  });

  it('stops holding work back when the first picture never comes', () => {
    const w = world();
    w.status.value = 'joining';
    vi.advanceTimersByTime(SETTLE_LIMIT_MS); // the join itself may take long: that is not the limit
    w.participants.value = [{}, {}];
    w.status.value = 'in-call';
    vi.advanceTimersByTime(SETTLE_LIMIT_MS - 1);
    expect(w.phase.settling.value).toBe(true);
    vi.advanceTimersByTime(1);
    expect(w.phase.settling.value).toBe(false);
  });

  it('a failed join is settled', () => {
    const w = world();
    w.status.value = 'joining';
    w.status.value = 'failed';
    expect(w.phase.settling.value).toBe(false);
  });

  it('draws the room once our first calls are under way, not at the join answer', () => {
    const w = world();
    w.status.value = 'joining';
    expect(w.phase.drawRoom.value).toBe(false);
    w.status.value = 'in-call';
    expect(w.phase.drawRoom.value).toBe(false);
    vi.advanceTimersByTime(DRAW_WAIT_MS - 1);
    w.callsUnderWay.value = true;
    expect(w.phase.drawRoom.value).toBe(true);
  });

  it('draws the room after a while when the offers are slow, and not again for a later join until its own', () => {
    const w = world();
    w.status.value = 'in-call';
    vi.advanceTimersByTime(DRAW_WAIT_MS - 1);
    expect(w.phase.drawRoom.value).toBe(false);
    vi.advanceTimersByTime(1);
    expect(w.phase.drawRoom.value).toBe(true);
    w.status.value = 'left';
    expect(w.phase.drawRoom.value).toBe(false);
    w.status.value = 'in-call';
    expect(w.phase.drawRoom.value).toBe(false);
    vi.advanceTimersByTime(DRAW_WAIT_MS);
    expect(w.phase.drawRoom.value).toBe(true);
  });
});
