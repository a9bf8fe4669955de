import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakePeerNetwork, type FakePeerNetwork } from '../../../test/pwa/fake-peerjs.ts';
import { lastCall, meshOf, useMeshTestEnvironment } from '../../../test/pwa/mesh-world.ts';
import { fakeStream } from '../../../test/pwa/fake-media.ts';

describe('peer mesh, screening and screen calls', () => {
  let net: FakePeerNetwork;
  useMeshTestEnvironment();
  beforeEach(() => {
    net = createFakePeerNetwork();
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
});
