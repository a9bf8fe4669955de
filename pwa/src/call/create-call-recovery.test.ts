import { describe, expect, it, vi } from 'vitest';
import { LeaveReason } from '../../../shared/room-events.ts';
import { deliver, joined, person, useCallTestEnvironment, welcome, world } from '../../../test/pwa/call-world.ts';
import { fakeStream } from '../../../test/pwa/fake-media.ts';

describe('call, when links drop', () => {
  useCallTestEnvironment();

  describe('a peer that vanishes', () => {
    it('a dropped call (ICE failed) is called again by the link keeper', async () => {
      const w = await world({ others: [person('p3')] });
      await joined(w);
      expect(w.calls()).toEqual(['p3']);
      w.net.offers[0]?.call.peerConnection?.setState('failed');
      expect(w.call.remoteStreams.value.has('p3')).toBe(false);
      expect(w.call.linkStatus.value.get('p3')).toEqual({ state: 'failed', reason: 'dropped' });
      vi.advanceTimersByTime(999);
      expect(w.calls()).toEqual(['p3']);
      vi.advanceTimersByTime(1);
      await w.net.settled();
      expect(w.calls()).toEqual(['p3', 'p3']);
      expect(w.call.remoteStreams.value.get('p3')).toBe(w.remotes.get('p3')?.camera);
      expect(w.call.linkStatus.value.get('p3')).toEqual({ state: 'connected' });
    });

    it('with a smaller id on the other side, waits for their call first, then calls itself', async () => {
      const w = await world({ others: [person('p1')] });
      await joined(w);
      w.net.offers[0]?.call.peerConnection?.setState('failed');
      vi.advanceTimersByTime(1_000 + 2_999);
      expect(w.calls()).toEqual(['p1']);
      vi.advanceTimersByTime(1);
      await w.net.settled();
      expect(w.calls()).toEqual(['p1', 'p1']);
    });

    it('someone who left is dropped: call, stream and roster; no call after', async () => {
      const w = await world({ others: [person('p3')] });
      await joined(w);
      const offer = w.net.offers[0]!;
      deliver(w, { type: 'participant-left', participantId: 'p3', reason: LeaveReason.Left });
      expect(offer.call.closed).toBe(true);
      expect(w.call.remoteStreams.value.has('p3')).toBe(false);
      expect(w.call.participants.value.map((p) => p.id)).toEqual(['p2']);
      expect(w.call.announcement.value?.text).toBe('Name of p3 left');
      vi.advanceTimersByTime(120_000);
      await w.net.settled();
      expect(w.calls()).toEqual(['p3']);
    });

    it('someone reconnecting is not called; back again, they are called at once', async () => {
      const w = await world({ others: [person('p3')] });
      await joined(w);
      deliver(w, { type: 'participant-updated', participant: person('p3', { presence: 'reconnecting' }) });
      w.net.offers[0]?.call.peerConnection?.setState('failed');
      vi.advanceTimersByTime(60_000);
      await w.net.settled();
      expect(w.calls()).toEqual(['p3']);
      deliver(w, { type: 'participant-updated', participant: person('p3') });
      await w.net.settled();
      expect(w.calls()).toEqual(['p3', 'p3']);
      expect(w.call.remoteStreams.value.get('p3')).toBe(w.remotes.get('p3')?.camera);
    });

    it('our own PeerServer socket back: we call whoever could not reach us meanwhile', async () => {
      const w = await world();
      await joined(w);
      const peer = w.net.peer('p2')!;
      peer.loseServer();
      // p3 joins while our PeerServer socket is down: their call cannot reach us.
      const p3 = await w.net.remote('p3');
      deliver(w, { type: 'participant-joined', participant: person('p3') });
      const errors: string[] = [];
      p3.on('error', (e) => errors.push((e as { type: string }).type));
      p3.call('p2', fakeStream('audio', 'video'));
      await w.net.settled();
      expect(errors).toEqual(['peer-unavailable']);
      vi.advanceTimersByTime(500);
      await w.net.settled();
      expect(peer.disconnected).toBe(false);
      expect(w.calls()).toEqual(['p3']);
    });

    it('our room channel back: a call lost meanwhile is restored from the welcome’s roster', async () => {
      const w = await world({ others: [person('p3')] });
      await joined(w);
      // p3's network drops; so does our call with them (the keeper waits: p3 is not there).
      deliver(w, { type: 'participant-updated', participant: person('p3', { presence: 'reconnecting' }) });
      w.net.offers[0]?.call.peerConnection?.setState('failed');
      vi.advanceTimersByTime(30_000);
      // Our channel drops too, and we miss p3 coming back.
      w.channel().serverClose(1006);
      vi.advanceTimersByTime(250);
      w.channel().open();
      expect(w.calls()).toEqual(['p3']);
      deliver(w, welcome([w.self, person('p3')]));
      await w.net.settled();
      expect(w.calls()).toEqual(['p3', 'p3']);
      expect(w.call.remoteStreams.value.get('p3')).toBe(w.remotes.get('p3')?.camera);
    });

    it('our room channel back: the room hears our state again, and the welcome does not call everyone twice', async () => {
      const w = await world({ others: [person('p3')] });
      await joined(w);
      w.media.setVideoMuted(true);
      w.channel().serverClose(1006);
      expect(w.call.channelStatus.value).toBe('reconnecting');
      vi.advanceTimersByTime(250);
      w.channel().open();
      expect(w.channel().messages()).toEqual([{ type: 'media-state', audioMuted: false, videoMuted: true }]);
      deliver(w, welcome([w.self, ...w.others]));
      await w.net.settled();
      expect(w.calls()).toEqual(['p3']);
    });
  });
});
