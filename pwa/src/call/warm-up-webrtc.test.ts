import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A fresh copy of the module (its once-per-page flag), with RTCPeerConnection stubbed by a counter. */
async function fresh(withWebRtc = true) {
  vi.resetModules();
  const made: { closed: boolean }[] = [];
  if (withWebRtc) {
    vi.stubGlobal(
      'RTCPeerConnection',
      class {
        closed = false;
        constructor() {
          made.push(this);
        }
        close() {
          this.closed = true;
        }
      },
    );
  }
  return { made, ...(await import('./warm-up-webrtc.ts')) };
}

describe('setting WebRTC up ahead', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('makes and closes one peer connection, once per page', async () => {
    const { made, warmUpWebRtc } = await fresh();
    expect(warmUpWebRtc()).toBe(true);
    expect(warmUpWebRtc()).toBe(false);
    expect(made).toEqual([{ closed: true }]);
  });

  it('does nothing where there is no WebRTC', async () => {
    vi.stubGlobal('RTCPeerConnection', undefined);
    const { warmUpWebRtc } = await fresh(false);
    expect(warmUpWebRtc()).toBe(false);
  });

  it('after a frame, only if still wanted then (a guest who clicked Join meanwhile makes the call’s own)', async () => {
    const frames: (() => void)[] = [];
    const frame = () => new Promise<void>((resolve) => frames.push(resolve));
    const draw = async () => {
      await vi.advanceTimersByTimeAsync(0);
      frames.shift()?.();
      await vi.advanceTimersByTimeAsync(0);
    };
    const a = await fresh();
    let wanted = false;
    a.warmUpWebRtcAfterDraw(() => wanted, frame);
    await draw();
    expect(a.made).toHaveLength(0);
    const b = await fresh();
    wanted = true;
    b.warmUpWebRtcAfterDraw(() => wanted, frame);
    await vi.advanceTimersByTimeAsync(50);
    expect(b.made).toHaveLength(0); // not before the frame
    frames.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    expect(b.made).toEqual([{ closed: true }]);
  });

  it('without frames (a hidden tab), within 100 ms', async () => {
    vi.stubGlobal('requestAnimationFrame', undefined);
    const { made, warmUpWebRtcAfterDraw } = await fresh();
    warmUpWebRtcAfterDraw(() => true);
    await vi.advanceTimersByTimeAsync(99);
    expect(made).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(made).toEqual([{ closed: true }]);
  });

  it('cancelled, makes none', async () => {
    const { made, warmUpWebRtcAfterDraw } = await fresh();
    const cancel = warmUpWebRtcAfterDraw(() => true);
    cancel();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(made).toHaveLength(0);
  });
});
