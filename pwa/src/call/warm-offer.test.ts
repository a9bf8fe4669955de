import { describe, expect, it } from 'vitest';
import { FakeRtcConnection } from '../../../test/pwa/fake-rtc-connection.ts';
import { fakeStream } from '../../../test/pwa/fake-media.ts';
import { createWarmOffer } from './warm-offer.ts';

const config: RTCConfiguration = {
  iceServers: [{ urls: 'turn:turn.example.org', username: 'u', credential: 'c' }],
  bundlePolicy: 'max-bundle',
};

function warmed() {
  let pc: FakeRtcConnection | undefined;
  const stream = fakeStream('audio', 'video');
  const warm = createWarmOffer(config, stream, (c) => {
    pc = new FakeRtcConnection(c, undefined);
    return pc as unknown as RTCPeerConnection;
  });
  return { warm, pc: pc!, stream };
}

/** One task later (the warm offer's `later` is a task: a timer where there is no `scheduler.yield`). */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
/** Its two tasks done: the channel and tracks, then the offer. */
const settle = async () => {
  await nextTask();
  await nextTask();
};

describe('an offer made ahead of its call', () => {
  it('is made as PeerJS makes a media call’s: our configuration, its data channel, each track we send with its stream', async () => {
    const { warm, pc, stream } = warmed();
    expect(pc.getConfiguration()).toEqual(config);
    // The connection in this task; its channel and tracks in the next, its offer in the one after
    // (three shorter tasks).
    expect(pc.channels).toEqual([]);
    expect(pc.added).toEqual([]);
    await nextTask();
    expect(pc.channels).toEqual([{ label: 'undefined', init: { ordered: false } }]);
    expect(pc.added).toEqual(stream.getTracks().map((track) => ({ track, stream })));
    expect(pc.offersMade).toBe(0);
    await nextTask();
    expect(pc.offersMade).toBe(1);
    const taken = warm.take()!;
    expect(taken.pc).toBe(pc);
    expect(taken.offer).toEqual({ type: 'offer', sdp: 'v=0 offer 1' });
    expect(pc.localDescription).toEqual(taken.offer);
  });

  it('taken in the task it was made in gets its channel and tracks at the take, once', async () => {
    const { warm, pc, stream } = warmed();
    const taken = warm.take()!;
    expect(taken.channel.label).toBe('undefined');
    expect(pc.channels).toEqual([{ label: 'undefined', init: { ordered: false } }]);
    expect(pc.added).toEqual(stream.getTracks().map((track) => ({ track, stream })));
    await settle();
    expect(pc.channels).toHaveLength(1);
    expect(pc.added).toHaveLength(stream.getTracks().length);
    await expect(taken.offered).resolves.toEqual({ type: 'offer', sdp: 'v=0 offer 1' });
  });

  it('taken between its tasks: the take makes the offer, once', async () => {
    const { warm, pc } = warmed();
    await nextTask();
    const taken = warm.take()!;
    expect(pc.offersMade).toBe(1);
    await settle();
    expect(pc.offersMade).toBe(1);
    await expect(taken.offered).resolves.toEqual({ type: 'offer', sdp: 'v=0 offer 1' });
  });

  it('closed before its second task adds nothing to its connection', async () => {
    const { warm, pc } = warmed();
    warm.close();
    await settle();
    expect(pc.channels).toEqual([]);
    expect(pc.added).toEqual([]);
    expect(pc.signalingState).toBe('closed');
  });

  it('is taken while its offer is still being made: the call sends it once set', async () => {
    const { warm, pc } = warmed();
    const taken = warm.take()!;
    expect(taken.offer).toBeNull();
    await expect(taken.offered).resolves.toEqual({ type: 'offer', sdp: 'v=0 offer 1' });
    expect(pc.localDescription).toEqual({ type: 'offer', sdp: 'v=0 offer 1' });
  });

  it('hands over the candidates found before the take once; later ones are the call’s own', async () => {
    const { warm, pc } = warmed();
    await settle();
    pc.findCandidate('candidate:1 host');
    pc.findCandidate('candidate:2 srflx');
    const taken = warm.take()!;
    pc.findCandidate('candidate:3 relay');
    const sent: string[] = [];
    taken.flush((c) => sent.push(c.candidate));
    taken.flush((c) => sent.push(c.candidate));
    expect(sent).toEqual(['candidate:1 host', 'candidate:2 srflx']);
  });

  it('is taken once', async () => {
    const { warm } = warmed();
    expect(warm.take()).not.toBeNull();
    expect(warm.take()).toBeNull();
  });

  it('whose offer failed is closed and taken by nobody (the call makes its own)', async () => {
    let pc: FakeRtcConnection | undefined;
    const warm = createWarmOffer(config, fakeStream('audio', 'video'), (c) => {
      pc = new FakeRtcConnection(c, undefined);
      pc.failOffer = true;
      return pc as unknown as RTCPeerConnection;
    });
    await settle();
    expect(pc!.signalingState).toBe('closed');
    expect(warm.take()).toBeNull();
  });

  it('closes its connection when no call took it, and leaves a taken one to its call', async () => {
    const a = warmed();
    a.warm.close();
    expect(a.pc.signalingState).toBe('closed');
    expect(a.warm.take()).toBeNull();
    const b = warmed();
    await settle();
    b.warm.take();
    b.warm.close();
    expect(b.pc.signalingState).toBe('have-local-offer');
  });
});
