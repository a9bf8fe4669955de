import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakePeerNetwork, type FakePeer, type FakePeerNetwork } from '../../../test/pwa/fake-peerjs.ts';
import { lastCall, meshOf, useMeshTestEnvironment } from '../../../test/pwa/mesh-world.ts';
import { fakeStream } from '../../../test/pwa/fake-media.ts';

describe('peer mesh, when links or the PeerServer drop', () => {
  let net: FakePeerNetwork;
  useMeshTestEnvironment();
  beforeEach(() => {
    net = createFakePeerNetwork();
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
});
