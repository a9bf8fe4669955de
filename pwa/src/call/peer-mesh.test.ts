import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { asTrack, FakeTrack, fakeStream } from '../../../test/pwa/fake-media.ts';
import { createFakePeerNetwork, type FakeMediaConnection, type FakePeer, type FakePeerNetwork } from '../../../test/pwa/fake-peerjs.ts';
import type { CallKind, ScreeningVerdict } from './call-screening.ts';
import { createPeerMesh, type PeerMeshOptions } from './peer-mesh.ts';

/** One page's mesh on the fake network, with what it reported. */
async function meshOf(net: FakePeerNetwork, selfId: string, options: Partial<PeerMeshOptions> = {}) {
  const camera = fakeStream('audio', 'video');
  const lost: string[] = [];
  const errors: string[] = [];
  let reopened = 0;
  /** Who this page lets in: camera calls from these ids, screen calls from `sharing`. */
  const allowed = new Set<string>();
  const sharing = new Set<string>();
  const asked: [string, CallKind][] = [];
  const mesh = createPeerMesh({
    selfId,
    token: `token-${selfId}`,
    peerPath: '/peerjs',
    peerKey: 'meeting',
    iceServers: [{ urls: 'stun:stun.example.org' }],
    localStream: () => camera,
    onLinkLost: (id) => lost.push(id),
    onPeerReopened: () => reopened++,
    onError: (m) => errors.push(m),
    screen: (id, kind): ScreeningVerdict => {
      asked.push([id, kind]);
      if (kind === 'camera') return allowed.has(id) ? 'answer' : 'wait';
      return sharing.has(id) ? 'answer' : 'wait';
    },
    loadPeer: net.loadPeer,
    ...options,
  });
  await mesh.open();
  return {
    mesh,
    camera,
    lost,
    errors,
    allowed,
    sharing,
    asked,
    reopened: () => reopened,
    peer: () => net.peer(selfId)!,
  };
}

/** The two ends of the newest call from `from` to `to`. */
function lastCall(net: FakePeerNetwork, from: string, to: string): { caller: FakeMediaConnection; callee: FakeMediaConnection } {
  const offer = net.offers.filter((o) => o.from === from && o.to === to).at(-1);
  if (!offer) throw new Error(`no call from ${from} to ${to}`);
  return { caller: offer.call, callee: offer.call.other };
}

describe('peer mesh', () => {
  let net: FakePeerNetwork;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('location', new URL('https://meet.example.org/m/abc'));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    net = createFakePeerNetwork();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  describe('opening', () => {
    it('registers with the PeerServer of this page, as itself, with its token and the ICE servers', async () => {
      const a = await meshOf(net, 'a', { iceTransportPolicy: 'relay' });
      expect(a.peer().options).toMatchObject({
        host: 'meet.example.org',
        port: 443,
        secure: true,
        path: '/peerjs/',
        key: 'meeting',
        token: 'token-a',
        config: { iceServers: [{ urls: 'stun:stun.example.org' }], iceTransportPolicy: 'relay' },
      });
      expect(a.peer().open).toBe(true);
    });

    it('fails to open when the PeerServer refuses', async () => {
      net.refuseNextOpen('a', 'unavailable-id');
      await expect(meshOf(net, 'a')).rejects.toMatchObject({ type: 'unavailable-id' });
    });
  });

  describe('calling', () => {
    it('calls a participant with our camera; both see the other’s stream once answered', async () => {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      b.allowed.add('a');
      a.mesh.connectTo('b');
      expect(a.mesh.linkStatus.value.get('b')).toEqual({ state: 'connecting' });
      await net.settled();
      expect(a.mesh.remoteStreams.value.get('b')).toBe(b.camera);
      expect(b.mesh.remoteStreams.value.get('a')).toBe(a.camera);
      expect(a.mesh.linkStatus.value.get('b')).toEqual({ state: 'connected' });
      expect(b.mesh.linkStatus.value.get('a')).toEqual({ state: 'connected' });
      expect(a.mesh.hasLiveLink('b') && b.mesh.hasLiveLink('a')).toBe(true);
      expect([...a.mesh.peerConnections().keys()]).toEqual(['b']);
    });

    it('does not call again while a call is up, nor itself', async () => {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      b.allowed.add('a');
      a.mesh.connectTo('b');
      await net.settled();
      a.mesh.connectTo('b');
      a.mesh.connectTo('a');
      await net.settled();
      expect(net.offers.map((o) => `${o.from}→${o.to}`)).toEqual(['a→b']);
    });

    it('says nothing of a peer that is gone already (peer-unavailable: the room channel tells)', async () => {
      const a = await meshOf(net, 'a');
      a.mesh.connectTo('ghost');
      await net.settled();
      expect(a.errors).toEqual([]);
    });

    it('reports other PeerJS errors', async () => {
      const a = await meshOf(net, 'a');
      a.peer().emit('error', Object.assign(new Error('WebRTC is not supported'), { type: 'browser-incompatible' }));
      expect(a.errors).toEqual(['Connection problem: WebRTC is not supported']);
    });
  });

  describe('crossing calls (glare)', () => {
    it.each([
      ['a’s offer arrives first', ['a', 'b']],
      ['b’s offer arrives first', ['b', 'a']],
    ])('the smaller id’s call wins on both sides: %s', async (_name, order) => {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      a.allowed.add('b');
      b.allowed.add('a');
      net.hold();
      for (const id of order) (id === 'a' ? a : b).mesh.connectTo(id === 'a' ? 'b' : 'a');
      net.deliver();
      await net.settled();
      const winner = lastCall(net, 'a', 'b');
      const loser = lastCall(net, 'b', 'a');
      expect(winner.caller.open && winner.callee.open).toBe(true);
      expect(loser.caller.closed).toBe(true);
      expect(loser.callee.closed && !loser.callee.answered).toBe(true);
      // Both pages show the other over the one call left.
      expect(a.mesh.remoteStreams.value.get('b')).toBe(b.camera);
      expect(b.mesh.remoteStreams.value.get('a')).toBe(a.camera);
      expect(a.mesh.peerConnections().get('b')).toBe(winner.caller.peerConnection);
      expect(b.mesh.peerConnections().get('a')).toBe(winner.callee.peerConnection);
      // Settling a glare is not losing a link.
      expect([...a.lost, ...b.lost]).toEqual([]);
    });
  });

  describe('a peer that vanishes', () => {
    async function linked() {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      b.allowed.add('a');
      a.mesh.connectTo('b');
      await net.settled();
      return { a, b, call: lastCall(net, 'a', 'b') };
    }

    it('ICE failed: the call is dropped, reported lost once, and the tile keeps why', async () => {
      const { a, call } = await linked();
      call.caller.peerConnection!.setState('failed');
      expect(a.lost).toEqual(['b']);
      expect(a.mesh.remoteStreams.value.has('b')).toBe(false);
      expect(a.mesh.hasLiveLink('b')).toBe(false);
      expect(a.mesh.linkStatus.value.get('b')).toEqual({ state: 'failed', reason: 'dropped' });
      // Calling again works (the link keeper does this).
      a.mesh.connectTo('b');
      await net.settled();
      expect(net.offers).toHaveLength(2);
      expect(a.mesh.linkStatus.value.get('b')).toEqual({ state: 'connected' });
    });

    it('a connection disconnected past the grace period is closed and reported lost; a shorter blip is not', async () => {
      const { a, call } = await linked();
      const pc = call.caller.peerConnection!;
      pc.setState('disconnected');
      vi.advanceTimersByTime(5_000);
      pc.setState('connected'); // the blip is over
      vi.advanceTimersByTime(10_000);
      expect(a.lost).toEqual([]);
      expect(call.caller.closed).toBe(false);
      pc.setState('disconnected');
      vi.advanceTimersByTime(6_000);
      expect(call.caller.closed).toBe(true);
      expect(a.lost).toEqual(['b']);
    });

    it('the answering side also closes a call that stays disconnected past the grace period', async () => {
      const { b, call } = await linked();
      call.callee.peerConnection!.setState('disconnected');
      vi.advanceTimersByTime(6_000);
      expect(call.callee.closed).toBe(true);
      expect(b.lost).toEqual(['a']);
      expect(b.mesh.remoteStreams.value.has('a')).toBe(false);
    });

    it('the other side hung up: the call closes here too and is reported lost', async () => {
      const { a, b, call } = await linked();
      call.callee.close(); // as b's page does when it gives up the call
      await net.settled();
      expect(call.caller.closed).toBe(true);
      expect(a.lost).toEqual(['b']);
      expect(a.mesh.remoteStreams.value.has('b')).toBe(false);
      expect(b.mesh.remoteStreams.value.has('a')).toBe(false);
    });

    it('a participant who left is dropped: call, stream, screen and status go, and nothing is reported lost', async () => {
      const { a, b, call } = await linked();
      a.sharing.add('b');
      b.sharing.add('a');
      b.mesh.shareScreenTo('a', fakeStream('video'));
      a.mesh.shareScreenTo('b', fakeStream('video'));
      await net.settled();
      expect(a.mesh.remoteScreens.value.has('b')).toBe(true);
      a.mesh.drop('b');
      expect(call.caller.closed).toBe(true);
      expect(lastCall(net, 'a', 'b').caller.closed).toBe(true); // our screen to them
      expect(a.mesh.remoteStreams.value.has('b')).toBe(false);
      expect(a.mesh.remoteScreens.value.has('b')).toBe(false);
      expect(a.mesh.linkStatus.value.has('b')).toBe(false);
      expect(a.lost).toEqual([]);
    });

    it('a newer call from the same participant replaces the old one without a loss or a gap in their picture', async () => {
      const { a, b, call } = await linked();
      // b's side of the call failed (nothing of it reached us: our side still looks up)…
      a.allowed.add('b');
      const seen: (MediaStream | undefined)[] = [];
      const stop = a.mesh.remoteStreams.subscribe((m) => seen.push(m.get('b')));
      call.callee.peerConnection!.setState('failed');
      expect(b.lost).toEqual(['a']);
      // …and b calls again (its link keeper does).
      b.mesh.connectTo('a');
      await net.settled();
      stop();
      expect(call.caller.closed).toBe(true);
      expect(lastCall(net, 'b', 'a').callee.open).toBe(true);
      expect(a.mesh.remoteStreams.value.get('b')).toBe(b.camera);
      expect(seen).not.toContain(undefined);
      expect(a.lost).toEqual([]);
    });

    it('retry hangs up and calls again', async () => {
      const { a } = await linked();
      a.mesh.retry('b');
      await net.settled();
      expect(net.offers.map((o) => `${o.from}→${o.to}`)).toEqual(['a→b', 'a→b']);
      expect(lastCall(net, 'a', 'b').caller.open).toBe(true);
      expect(a.lost).toEqual([]);
    });
  });

  describe('losing the PeerServer', () => {
    it('reconnects with a growing wait, and says so once back (the call keeper then restores calls)', async () => {
      const a = await meshOf(net, 'a');
      const peer = a.peer();
      net.refuseNextOpen('a', 'network');
      net.refuseNextOpen('a', 'network');
      peer.loseServer();
      vi.advanceTimersByTime(499);
      await net.settled();
      expect(peer.disconnected).toBe(true);
      vi.advanceTimersByTime(1); // 500 ms: first try, refused
      await net.settled();
      expect(peer.disconnected).toBe(true);
      vi.advanceTimersByTime(999);
      await net.settled();
      expect(a.reopened()).toBe(0);
      vi.advanceTimersByTime(1); // 1 s later: second try, refused
      await net.settled();
      vi.advanceTimersByTime(2_000); // 2 s later: third try gets through
      await net.settled();
      expect(peer.disconnected).toBe(false);
      expect(a.reopened()).toBe(1);
      expect(a.errors).toEqual([]);
      expect(net.made).toHaveLength(1); // the same Peer, reconnected
    });

    it('rebuilds a destroyed peer with the same id and token, and calls work again', async () => {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      b.allowed.add('a');
      a.peer().destroy();
      vi.advanceTimersByTime(500);
      await net.settled();
      expect(net.made.map((p) => p.id)).toEqual(['a', 'b', 'a']);
      const rebuilt = net.made[2] as FakePeer;
      expect(rebuilt.open).toBe(true);
      expect(rebuilt.options.token).toBe('token-a');
      expect(a.reopened()).toBe(1);
      a.mesh.connectTo('b');
      await net.settled();
      expect(a.mesh.remoteStreams.value.get('b')).toBe(b.camera);
    });
  });

  describe('call screening', () => {
    it('answers a camera call only once the room lists the caller; until then it is held', async () => {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      a.mesh.connectTo('b');
      await net.settled();
      const { callee } = lastCall(net, 'a', 'b');
      expect(callee.answered).toBe(false);
      expect(b.mesh.remoteStreams.value.size).toBe(0);
      b.allowed.add('a'); // the room channel announced a
      b.mesh.rescreen();
      await net.settled();
      expect(callee.answered).toBe(true);
      expect(b.mesh.remoteStreams.value.get('a')).toBe(a.camera);
    });

    it('refuses a call from someone never listed, after holding it', async () => {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      a.mesh.connectTo('b');
      await net.settled();
      vi.advanceTimersByTime(5_000);
      const { callee } = lastCall(net, 'a', 'b');
      expect(callee.closed).toBe(true);
      expect(callee.answered).toBe(false);
      expect(b.mesh.remoteStreams.value.size).toBe(0);
    });

    it('refuses a call of a kind it does not know at once, without asking who it is', async () => {
      await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      b.allowed.add('a');
      const caller = net.peer('a')!;
      caller.call('b', fakeStream('video'), { metadata: { kind: 'file-transfer' } });
      await net.settled();
      const { callee } = lastCall(net, 'a', 'b');
      expect(callee.closed && !callee.answered).toBe(true);
      expect(b.asked).toEqual([]);
    });

    it('takes a screen only from the participant the room says is sharing', async () => {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      const screen = fakeStream('video');
      b.allowed.add('a'); // on the roster, but not sharing
      a.mesh.shareScreenTo('b', screen);
      await net.settled();
      expect(b.asked).toEqual([['a', 'screen']]);
      expect(b.mesh.remoteScreens.value.size).toBe(0);
      b.sharing.add('a');
      b.mesh.rescreen();
      await net.settled();
      expect(b.mesh.remoteScreens.value.get('a')).toBe(screen);
      // The screen is received only: we send nothing back on it.
      expect(lastCall(net, 'a', 'b').callee.localStream).toBeUndefined();
      // …and the camera link is another call.
      expect(b.mesh.remoteStreams.value.size).toBe(0);
    });
  });

  describe('screen sharing', () => {
    it('sends our screen once per receiver and takes it back on stop', async () => {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      b.sharing.add('a');
      const screen = fakeStream('video');
      a.mesh.shareScreenTo('b', screen);
      a.mesh.shareScreenTo('b', screen);
      await net.settled();
      expect(net.offers.filter((o) => (o.call.metadata as { kind?: string })?.kind === 'screen')).toHaveLength(1);
      expect(b.mesh.remoteScreens.value.get('a')).toBe(screen);
      a.mesh.stopScreenShare();
      await net.settled();
      expect(b.mesh.remoteScreens.value.has('a')).toBe(false);
    });

    it('drops a sharer’s screen when the room says they stopped, even if their hang-up never arrives', async () => {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      b.sharing.add('a');
      a.mesh.shareScreenTo('b', fakeStream('video'));
      await net.settled();
      net.hold(); // the hang-up is lost
      b.mesh.dropScreen('a');
      expect(b.mesh.remoteScreens.value.has('a')).toBe(false);
    });

    it('a new screen call from the same sharer replaces the one before (whose hang-up was lost)', async () => {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      b.sharing.add('a');
      a.mesh.shareScreenTo('b', fakeStream('video'));
      await net.settled();
      const first = lastCall(net, 'a', 'b');
      net.hold();
      a.mesh.stopScreenShare();
      net.lose(); // the hang-up never arrives
      const second = fakeStream('video');
      a.mesh.shareScreenTo('b', second);
      await net.settled();
      expect(lastCall(net, 'a', 'b').caller).not.toBe(first.caller);
      expect(first.callee.closed).toBe(true);
      expect(b.mesh.remoteScreens.value.get('a')).toBe(second);
    });
  });

  describe('media and ICE updates on open calls', () => {
    it('swaps the track of one kind on every call, leaving the other kind', async () => {
      const a = await meshOf(net, 'a');
      for (const id of ['b', 'c']) (await meshOf(net, id)).allowed.add('a');
      a.mesh.connectTo('b');
      a.mesh.connectTo('c');
      await net.settled();
      const camera = asTrack(new FakeTrack('video', 'USB camera'));
      await a.mesh.replaceTrack('video', camera);
      for (const id of ['b', 'c']) {
        const pc = lastCall(net, 'a', id).caller.peerConnection!;
        expect(pc.video.track).toBe(camera);
        expect(pc.audio.track).toBe(a.camera.getAudioTracks()[0]);
      }
      await a.mesh.replaceTrack('video', camera); // the same track again: nothing to do
      expect(lastCall(net, 'a', 'b').caller.peerConnection!.video.replaced).toBe(1);
    });

    it('hands fresh ICE servers to open calls and to the calls still to come', async () => {
      const a = await meshOf(net, 'a');
      (await meshOf(net, 'b')).allowed.add('a');
      a.mesh.connectTo('b');
      await net.settled();
      const fresh = [{ urls: 'turn:turn.example.org', username: 'u2', credential: 'c2' }];
      a.mesh.setIceServers(fresh);
      expect(lastCall(net, 'a', 'b').caller.peerConnection!.getConfiguration().iceServers).toEqual(fresh);
      expect(a.peer().options.config?.iceServers).toEqual(fresh);
    });
  });

  it('dispose hangs up everything, leaves the PeerServer, and reports no loss', async () => {
    const a = await meshOf(net, 'a');
    (await meshOf(net, 'b')).allowed.add('a');
    a.mesh.connectTo('b');
    await net.settled();
    const peer = a.peer();
    a.mesh.dispose();
    await net.settled();
    vi.advanceTimersByTime(60_000);
    expect(peer.destroyed).toBe(true);
    expect(lastCall(net, 'a', 'b').caller.closed).toBe(true);
    expect(a.mesh.remoteStreams.value.size).toBe(0);
    expect(a.lost).toEqual([]);
    expect(net.made).toHaveLength(2); // not rebuilt
    a.mesh.connectTo('b');
    expect(net.offers).toHaveLength(1);
  });
});
