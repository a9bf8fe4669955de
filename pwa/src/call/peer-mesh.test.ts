import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakePeerNetwork, type FakePeerNetwork } from '../../../test/pwa/fake-peerjs.ts';
import { lastCall, meshOf, useMeshTestEnvironment } from '../../../test/pwa/mesh-world.ts';
import { asTrack, FakeTrack } from '../../../test/pwa/fake-media.ts';
import { FakeRtcConnection } from '../../../test/pwa/fake-rtc-connection.ts';
import { createWarmOffer } from './warm-offer.ts';
import { createSpareAnswer } from './spare-answer.ts';
import { RELOAD_CALL_WAIT_MS } from './calls-after-reload.ts';
import { GLARE_WINDOW_MS } from './peer-mesh.ts';
import { SPARE_DELAY_MS } from './made-ahead.ts';

describe('peer mesh', () => {
  let net: FakePeerNetwork;
  useMeshTestEnvironment();
  beforeEach(() => {
    net = createFakePeerNetwork();
  });

  describe('opening', () => {
    it('registers with the PeerServer of this page, as itself, with its token, the ICE servers and one bundled transport', async () => {
      const a = await meshOf(net, 'a', { iceTransportPolicy: 'relay' });
      expect(a.peer().options).toMatchObject({
        host: 'meet.example.org',
        port: 443,
        secure: true,
        path: '/peerjs/',
        key: 'meeting',
        token: 'token-a',
        config: { iceServers: [{ urls: 'stun:stun.example.org' }], iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle' },
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

  describe('an offer made ahead (warmUp: warm-offer.ts)', () => {
    const warmingMesh = (id: string) => meshMakingAhead(net, id, 'warmOffer');

    it('is made once, with our RTC settings and the stream we send, and the first call we place takes it', async () => {
      const a = await warmingMesh('a');
      const b = await meshOf(net, 'b');
      b.allowed.add('a');
      a.mesh.warmUp();
      a.mesh.warmUp();
      expect(a.made).toHaveLength(1);
      a.mesh.connectTo('b');
      // Taken in the task it was made in: its tracks were added at the take (warm-offer.ts).
      expectOurs(a.made[0]!, a.camera);
      const { caller } = lastCall(net, 'a', 'b');
      expect(caller.tookWarm).toBe(true);
      expect(caller.peerConnection).toBe(a.made[0]);
      await net.settled();
      expect(a.mesh.remoteStreams.value.get('b')).toBe(b.camera);
      expect(b.mesh.remoteStreams.value.get('a')).toBe(a.camera);
    });

    it('serves one call: the next call makes its own, and none is made ahead once a call is up', async () => {
      const a = await warmingMesh('a');
      await meshOf(net, 'b');
      await meshOf(net, 'c');
      a.mesh.warmUp();
      a.mesh.connectTo('b');
      a.mesh.connectTo('c');
      expect(lastCall(net, 'a', 'c').caller.tookWarm).toBe(false);
      a.mesh.warmUp();
      expect(a.made).toHaveLength(1);
    });

    it('is closed when no call took it: new ICE servers (it gathered with the old ones), and the mesh going', async () => {
      const a = await warmingMesh('a');
      await meshOf(net, 'b');
      a.mesh.warmUp();
      a.mesh.setIceServers([{ urls: 'turn:fresh.example.org' }]);
      expect(a.made[0]!.signalingState).toBe('closed');
      a.mesh.connectTo('b');
      expect(lastCall(net, 'a', 'b').caller.tookWarm).toBe(false);
      const c = await warmingMesh('c');
      c.mesh.warmUp();
      expect(c.made[0]!.getConfiguration().iceServers).toEqual([{ urls: 'stun:stun.example.org' }]);
      c.mesh.dispose();
      expect(c.made[0]!.signalingState).toBe('closed');
    });

    it('is made with the ICE servers of the moment', async () => {
      const a = await warmingMesh('a');
      a.mesh.setIceServers([{ urls: 'turn:fresh.example.org' }]);
      a.mesh.warmUp();
      expect(a.made[0]!.getConfiguration().iceServers).toEqual([{ urls: 'turn:fresh.example.org' }]);
    });
  });

  describe('a connection made ahead for the next call we answer (keepSpare: spare-answer.ts)', () => {
    const sparingMesh = (id: string) => meshMakingAhead(net, id, 'spareAnswer');

    it('is made a moment after we are in, with our RTC settings and the stream we send, and the next call we answer takes it', async () => {
      const b = await sparingMesh('b');
      b.allowed.add('a').add('c');
      b.mesh.keepSpare();
      b.mesh.keepSpare();
      expect(b.made).toHaveLength(0);
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      expect(b.made).toHaveLength(1);
      expectOurs(b.made[0]!, b.camera);
      const a = await meshOf(net, 'a');
      a.mesh.connectTo('b');
      await net.settled();
      const { callee } = lastCall(net, 'a', 'b');
      expect(callee.tookSpare).toBe(true);
      expect(callee.peerConnection).toBe(b.made[0]);
      expect(a.mesh.remoteStreams.value.get('b')).toBe(b.camera);
      expect(b.mesh.remoteStreams.value.get('a')).toBe(a.camera);
      // The next one is made a moment later, for whoever comes next.
      const c = await meshOf(net, 'c');
      c.mesh.connectTo('b');
      await net.settled();
      expect(lastCall(net, 'c', 'b').callee.tookSpare).toBe(false);
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      expect(b.made).toHaveLength(2);
    });

    it('is made only once asked (a page on its pre-join page answers nobody), and not for the calls we place', async () => {
      const a = await sparingMesh('a');
      const b = await meshOf(net, 'b');
      b.allowed.add('a');
      vi.advanceTimersByTime(SPARE_DELAY_MS * 5);
      expect(a.made).toHaveLength(0);
      a.mesh.keepSpare();
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      a.mesh.connectTo('b');
      await net.settled();
      expect(lastCall(net, 'a', 'b').caller.peerConnection).not.toBe(a.made[0]);
      expect(a.made[0]!.signalingState).toBe('stable');
    });

    it('sends the track we switch to while it waits, as every call does', async () => {
      const b = await sparingMesh('b');
      b.mesh.keepSpare();
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      const mic = asTrack(new FakeTrack('audio'));
      await b.mesh.replaceTrack('audio', mic);
      expect(b.made[0]!.audio.track).toBe(mic);
    });

    it('is let go, and made no more, once no longer kept (the cameras went to the SFU)', async () => {
      const b = await sparingMesh('b');
      b.mesh.keepSpare();
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      b.mesh.keepSpare(false);
      expect(b.made[0]!.signalingState).toBe('closed');
      b.mesh.setIceServers([{ urls: 'turn:fresh.example.org' }]);
      vi.advanceTimersByTime(SPARE_DELAY_MS * 3);
      expect(b.made).toHaveLength(1);
    });

    it('is made again with new ICE servers (it would gather with the old ones), and closed with the mesh', async () => {
      const b = await sparingMesh('b');
      b.mesh.keepSpare();
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      b.mesh.setIceServers([{ urls: 'turn:fresh.example.org' }]);
      expect(b.made[0]!.signalingState).toBe('closed');
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      expect(b.made).toHaveLength(2);
      expect(b.made[1]!.getConfiguration().iceServers).toEqual([{ urls: 'turn:fresh.example.org' }]);
      b.mesh.dispose();
      expect(b.made[1]!.signalingState).toBe('closed');
      vi.advanceTimersByTime(SPARE_DELAY_MS);
      expect(b.made).toHaveLength(2);
    });
  });

  describe('waiting for a call after our reload (answered)', () => {
    it('resolves once we answered their call; a wait given up (its signal aborted) is forgotten', async () => {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      a.allowed.add('b');
      const given = new AbortController();
      const settled: string[] = [];
      void a.mesh.answered('b', given.signal).then(() => settled.push('given up'));
      void a.mesh.answered('b').then(() => settled.push('kept'));
      given.abort();
      b.mesh.connectTo('a');
      await net.settled();
      await vi.advanceTimersByTimeAsync(10);
      expect(settled).toEqual(['kept']);
      // Answered already: a wait resolves at once; the signal drops only a wait for a call still to come.
      const gone = new AbortController();
      gone.abort();
      void a.mesh.answered('b', gone.signal).then(() => settled.push('late'));
      await vi.advanceTimersByTimeAsync(10);
      expect(settled).toEqual(['kept', 'late']);
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

    it('takes their call when ours went unanswered longer than a crossing takes (our offer was lost: a reloaded page calls after its wait)', async () => {
      const a = await meshOf(net, 'a');
      const b = await meshOf(net, 'b');
      a.allowed.add('b');
      b.allowed.add('a');
      // a's offer to b is lost on its way (the PeerServer sent it to b's old, closing socket).
      net.hold();
      a.mesh.connectTo('b');
      net.lose();
      await vi.advanceTimersByTimeAsync(RELOAD_CALL_WAIT_MS);
      b.mesh.connectTo('a');
      await net.settled();
      const theirs = lastCall(net, 'b', 'a');
      expect(theirs.callee.answered && theirs.caller.open).toBe(true);
      expect(a.mesh.remoteStreams.value.get('b')).toBe(b.camera);
      expect(b.mesh.remoteStreams.value.get('a')).toBe(a.camera);
      expect(a.mesh.peerConnections().get('b')).toBe(theirs.callee.peerConnection);
      expect(lastCall(net, 'a', 'b').caller.closed).toBe(true);
      expect(GLARE_WINDOW_MS).toBeLessThan(RELOAD_CALL_WAIT_MS);
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

    it('a connection being set up takes a new track once it is up, the newest one then', async () => {
      net.ice = 'manual';
      const a = await meshOf(net, 'a');
      (await meshOf(net, 'b')).allowed.add('a');
      a.mesh.connectTo('b');
      await net.settled();
      const pc = lastCall(net, 'a', 'b').caller.peerConnection!;
      expect(pc.remoteDescription).not.toBeNull();
      const first = asTrack(new FakeTrack('video', 'camera 1'));
      const second = asTrack(new FakeTrack('video', 'camera 2'));
      const swapped = a.mesh.replaceTrack('video', first);
      const swappedAgain = a.mesh.replaceTrack('video', second);
      await net.settled();
      expect(pc.video.track).toBe(a.camera.getVideoTracks()[0]);
      pc.setState('checking');
      await net.settled();
      expect(pc.video.track).toBe(a.camera.getVideoTracks()[0]);
      pc.setState('connected');
      await Promise.all([swapped, swappedAgain]);
      expect(pc.video.track).toBe(second);
      expect(pc.video.replaced).toBe(1);
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

/** A mesh whose connections made ahead (offers, or connections for answers) are real ones on fake connections, kept in `made`. */
async function meshMakingAhead(net: FakePeerNetwork, id: string, kind: 'warmOffer' | 'spareAnswer') {
  const made: FakeRtcConnection[] = [];
  const connection = (c: RTCConfiguration) => {
    const pc = new FakeRtcConnection(c, undefined);
    made.push(pc);
    return pc as unknown as RTCPeerConnection;
  };
  const m = await meshOf(
    net,
    id,
    kind === 'warmOffer'
      ? { warmOffer: (config, stream) => createWarmOffer(config, stream, connection) }
      : { spareAnswer: (config, stream) => createSpareAnswer(config, stream, connection) },
  );
  return { ...m, made };
}

/** A connection made ahead with our RTC settings (one bundled transport) and the tracks we send. */
function expectOurs(pc: FakeRtcConnection, camera: MediaStream) {
  expect(pc.getConfiguration()).toEqual({
    iceServers: [{ urls: 'stun:stun.example.org' }],
    iceTransportPolicy: 'all',
    bundlePolicy: 'max-bundle',
  });
  expect(pc.added.map((x) => x.track)).toEqual(camera.getTracks());
}
