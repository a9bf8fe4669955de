import { describe, expect, it, vi } from 'vitest';
import { FakeSignallingPc } from '../../../test/pwa/fake-peer-connection.ts';
import { createPeerConnections, holdCandidatesWhileDescribing } from './peer-connections.ts';

const CONFIG: RTCConfiguration = { iceServers: [{ urls: 'stun:a' }], bundlePolicy: 'max-bundle' };

/** A factory whose scheduled tasks run only when the test says (`runSoon`, `runIdle`). */
function world() {
  const made: FakeSignallingPc[] = [];
  const soonQueue: (() => void)[] = [];
  const idleQueue: (() => void)[] = [];
  const queue = (q: (() => void)[]) => (run: () => void) => {
    q.push(run);
    return () => q.splice(q.indexOf(run) >>> 0, 1);
  };
  const connections = createPeerConnections({
    create: (config) => {
      const pc = new FakeSignallingPc(config);
      made.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    soon: queue(soonQueue),
    idle: queue(idleQueue),
  });
  const drain = (q: (() => void)[]) => {
    for (const run of q.splice(0)) run();
  };
  return { connections, made, runSoon: () => drain(soonQueue), runIdle: () => drain(idleQueue), soonQueue, idleQueue };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createPeerConnections', () => {
  it('makes each connection when asked until the page joins, and none ahead', () => {
    const w = world();
    const pc = w.connections.make(CONFIG);
    expect(w.made).toHaveLength(1);
    expect(pc).toBe(w.made[0]);
    w.runSoon();
    w.runIdle();
    expect(w.made).toHaveLength(1);
  });

  it('once the page joins, makes one ahead in a task of its own, which the first call takes; the next is made at an idle moment', () => {
    const w = world();
    w.connections.warm(CONFIG);
    expect(w.made).toHaveLength(0); // not in the join's own task
    w.runSoon();
    expect(w.made).toHaveLength(1);
    const first = w.connections.make(CONFIG);
    expect(first).toBe(w.made[0]);
    expect(w.made).toHaveLength(1);
    w.runIdle();
    expect(w.made).toHaveLength(2);
    expect(w.connections.make(CONFIG)).toBe(w.made[1]);
  });

  it('brings a spare made with older ICE servers to the call’s configuration', () => {
    const w = world();
    w.connections.warm(CONFIG);
    w.runSoon();
    const fresh = { ...CONFIG, iceServers: [{ urls: 'turn:b', username: 'u', credential: 'c' }] };
    const pc = w.connections.make(fresh) as unknown as FakeSignallingPc;
    expect(pc).toBe(w.made[0]);
    expect(pc.calls).toEqual(['configured']);
    expect(pc.config).toEqual(fresh);
  });

  it('does not hand out a spare that cannot take the configuration (another bundle policy, or closed): it is closed and a new one made', () => {
    const w = world();
    w.connections.warm(CONFIG);
    w.runSoon();
    const pc = w.connections.make({ ...CONFIG, bundlePolicy: 'balanced' }) as unknown as FakeSignallingPc;
    expect(w.made[0]!.calls).toEqual(['closed']);
    expect(w.made[0]!.signalingState).toBe('closed');
    expect(pc).toBe(w.made[1]);
    w.runIdle();
    w.made[2]!.close();
    expect(w.connections.make(CONFIG)).toBe(w.made[3]);
  });

  it('closes its spare and makes no more once disposed', () => {
    const w = world();
    w.connections.warm(CONFIG);
    w.runSoon();
    w.connections.make(CONFIG);
    w.runIdle();
    expect(w.made).toHaveLength(2);
    w.connections.dispose();
    expect(w.made[1]!.calls).toEqual(['closed']);
    w.runIdle();
    w.runSoon();
    expect(w.made).toHaveLength(2);
  });

  it('keeps a failed attempt from breaking the calls', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let fail = true;
    const connections = createPeerConnections({
      create: (config) => {
        if (fail) throw new Error('too many connections');
        return new FakeSignallingPc(config) as unknown as RTCPeerConnection;
      },
      soon: (run) => {
        run();
        return () => undefined;
      },
    });
    connections.warm(CONFIG);
    fail = false;
    expect(connections.make(CONFIG)).toBeInstanceOf(FakeSignallingPc);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});

describe('holdCandidatesWhileDescribing', () => {
  const candidate = (n: number) => ({ candidate: `c${n}`, sdpMid: '0' });

  it('adds candidates at once when no description is being applied', async () => {
    const pc = new FakeSignallingPc(CONFIG);
    holdCandidatesWhileDescribing(pc as unknown as RTCPeerConnection);
    await (pc as unknown as RTCPeerConnection).addIceCandidate(candidate(1));
    expect(pc.calls).toEqual(['candidate c1']);
  });

  it('adds the candidates that came while a description was applied after it, in their order', async () => {
    const fake = new FakeSignallingPc(CONFIG);
    const pc = fake as unknown as RTCPeerConnection;
    holdCandidatesWhileDescribing(pc);
    const applied = pc.setRemoteDescription({ type: 'answer', sdp: 'x' });
    const added = [pc.addIceCandidate(candidate(1)), pc.addIceCandidate(candidate(2))];
    await flush();
    expect(fake.calls).toEqual(['remote answer']);
    fake.applied();
    await applied;
    await Promise.all(added);
    expect(fake.calls).toEqual(['remote answer', 'candidate c1', 'candidate c2']);
    // Later candidates go straight in.
    await pc.addIceCandidate(candidate(3));
    expect(fake.calls.at(-1)).toBe('candidate c3');
  });

  it('lets held candidates go when the description is refused (WebRTC then refuses them itself)', async () => {
    const fake = new FakeSignallingPc(CONFIG);
    const pc = fake as unknown as RTCPeerConnection;
    holdCandidatesWhileDescribing(pc);
    const applied = pc.setRemoteDescription({ type: 'offer', sdp: 'x' });
    const added = pc.addIceCandidate(candidate(1));
    fake.refused();
    await expect(applied).rejects.toThrow('refused');
    await added;
    expect(fake.calls).toEqual(['remote offer', 'candidate c1']);
  });

  it('holds candidates until the latest of two descriptions is applied', async () => {
    const fake = new FakeSignallingPc(CONFIG);
    const pc = fake as unknown as RTCPeerConnection;
    holdCandidatesWhileDescribing(pc);
    const first = pc.setRemoteDescription({ type: 'offer', sdp: 'x' });
    const second = pc.setRemoteDescription({ type: 'offer', sdp: 'y' });
    const added = pc.addIceCandidate(candidate(1));
    fake.applied();
    await first;
    await flush();
    expect(fake.calls).not.toContain('candidate c1');
    fake.applied();
    await Promise.all([second, added]);
    expect(fake.calls.at(-1)).toBe('candidate c1');
  });
});
