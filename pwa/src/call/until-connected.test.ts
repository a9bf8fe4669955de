import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isConnecting, untilConnected, untilIceUnderWay } from './until-connected.ts';

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

describe('untilIceUnderWay', () => {
  class FakeIce extends EventTarget {
    iceConnectionState: RTCIceConnectionState = 'new';
    signalingState: RTCSignalingState = 'have-local-offer';
    become(state: RTCIceConnectionState) {
      this.iceConnectionState = state;
      this.dispatchEvent(new Event('iceconnectionstatechange'));
    }
  }

  it('waits while ICE is new, and lets go once it checks', async () => {
    const pc = new FakeIce();
    const underWay = untilIceUnderWay(pc);
    expect(await resolvedYet(underWay)).toBe(false);
    pc.become('checking');
    expect(await resolvedYet(underWay)).toBe(true);
  });

  it('at once when ICE is past new, or the connection is closed', async () => {
    const connected = new FakeIce();
    connected.iceConnectionState = 'connected';
    expect(await resolvedYet(untilIceUnderWay(connected))).toBe(true);
    const closed = new FakeIce();
    closed.signalingState = 'closed';
    expect(await resolvedYet(untilIceUnderWay(closed))).toBe(true);
  });

  it('a failure lets go too', async () => {
    const pc = new FakeIce();
    const underWay = untilIceUnderWay(pc);
    pc.become('failed');
    expect(await resolvedYet(underWay)).toBe(true);
  });
});
