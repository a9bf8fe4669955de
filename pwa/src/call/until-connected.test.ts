import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isConnecting, untilConnected } from './until-connected.ts';

class FakeConnection extends EventTarget {
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: RTCSessionDescription | null = null;
  remoteDescription: RTCSessionDescription | null = null;
  become(state: RTCPeerConnectionState) {
    this.connectionState = state;
    this.dispatchEvent(new Event('connectionstatechange'));
  }
}
const answered = (pc: FakeConnection) => {
  pc.remoteDescription = { type: 'answer', sdp: 'v=0' } as RTCSessionDescription;
  return pc;
};
const resolvedYet = async (promise: Promise<void>) => {
  let resolved = false;
  void promise.then(() => (resolved = true));
  await Promise.resolve();
  await Promise.resolve();
  return resolved;
};

describe('untilConnected', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a connection not yet described, or up, is not being set up: at once', async () => {
    const fresh = new FakeConnection();
    expect(isConnecting(fresh)).toBe(false);
    expect(await resolvedYet(untilConnected(fresh))).toBe(true);
    const up = answered(new FakeConnection());
    up.connectionState = 'connected';
    expect(isConnecting(up)).toBe(false);
    expect(await resolvedYet(untilConnected(up))).toBe(true);
  });

  it('one whose offer is out (its answer may be being applied: the page cannot tell) waits', async () => {
    const pc = new FakeConnection();
    pc.localDescription = { type: 'offer', sdp: 'v=0' } as RTCSessionDescription;
    expect(isConnecting(pc)).toBe(true);
    const up = untilConnected(pc);
    expect(await resolvedYet(up)).toBe(false);
    pc.become('connected');
    expect(await resolvedYet(up)).toBe(true);
  });

  it('an answered connection still connecting: once it is up', async () => {
    const pc = answered(new FakeConnection());
    pc.connectionState = 'connecting';
    const up = untilConnected(pc);
    expect(await resolvedYet(up)).toBe(false);
    pc.become('connecting');
    expect(await resolvedYet(up)).toBe(false);
    pc.become('connected');
    expect(await resolvedYet(up)).toBe(true);
  });

  it('one that fails or closes lets go too', async () => {
    for (const end of ['failed', 'closed'] as const) {
      const pc = answered(new FakeConnection());
      const settled = untilConnected(pc);
      pc.become(end);
      expect(await resolvedYet(settled)).toBe(true);
    }
  });

  it('waits a second at most', async () => {
    const pc = answered(new FakeConnection());
    const settled = untilConnected(pc);
    vi.advanceTimersByTime(999);
    expect(await resolvedYet(settled)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await resolvedYet(settled)).toBe(true);
  });
});
