import { describe, expect, it, vi } from 'vitest';
import { deliver, joined, person, useCallTestEnvironment, world } from '../../../test/pwa/call-world.ts';
import { fakeStream } from '../../../test/pwa/fake-media.ts';

describe('call, screening incoming calls', () => {
  useCallTestEnvironment();

  describe('call screening, by the room’s roster', () => {
    it('does not answer a caller who is not on the roster', async () => {
      const w = await world({ others: [person('p3')] });
      await joined(w);
      const stranger = await w.net.remote('p9');
      const call = stranger.call('p2', fakeStream('audio', 'video'))!;
      await w.net.settled();
      expect(call.other.answered).toBe(false);
      vi.advanceTimersByTime(5_000);
      expect(call.other.closed).toBe(true);
      expect(call.other.answered).toBe(false);
      expect(w.call.remoteStreams.value.has('p9')).toBe(false);
    });

    it('answers a caller as soon as the room announces them', async () => {
      const w = await world();
      await joined(w);
      const newcomer = await w.net.remote('p7');
      const camera = fakeStream('audio', 'video');
      const call = newcomer.call('p2', camera)!;
      await w.net.settled();
      expect(call.other.answered).toBe(false);
      deliver(w, { type: 'participant-joined', participant: person('p7') });
      await w.net.settled();
      expect(call.other.answered).toBe(true);
      expect(w.call.remoteStreams.value.get('p7')).toBe(camera);
      expect(w.call.announcement.value?.text).toBe('Name of p7 joined');
    });

    it('takes a screen only from the participant the room says is sharing', async () => {
      const w = await world({ others: [person('p1'), person('p3')] });
      await joined(w);
      const screen = fakeStream('video');
      const early = w.remotes.get('p3')!.peer.call('p2', screen, { metadata: { kind: 'screen' } })!;
      await w.net.settled();
      expect(early.other.answered).toBe(false); // p3 is not sharing (yet)
      // The room says p1 shares: p3's screen call is still not taken.
      deliver(w, { type: 'participant-updated', participant: person('p1', { screenSharing: true }) });
      await w.net.settled();
      expect(early.other.answered).toBe(false);
      expect(w.call.sharer.value?.id).toBe('p1');
      // Now p3 takes over.
      deliver(w, { type: 'participant-updated', participant: person('p1') });
      deliver(w, { type: 'participant-updated', participant: person('p3', { screenSharing: true }) });
      await w.net.settled();
      expect(early.other.answered).toBe(true);
      expect(w.call.remoteScreens.value.get('p3')).toBe(screen);
      // p3 stops: their screen goes, even before their hang-up arrives.
      w.net.hold();
      deliver(w, { type: 'participant-updated', participant: person('p3') });
      expect(w.call.remoteScreens.value.has('p3')).toBe(false);
    });

    it('refuses a call of an unknown kind, even from the roster', async () => {
      const w = await world({ others: [person('p3')] });
      await joined(w);
      const odd = w.remotes.get('p3')!.peer.call('p2', fakeStream('video'), { metadata: { kind: 'remote-control' } })!;
      await w.net.settled();
      expect(odd.other.closed).toBe(true);
      expect(odd.other.answered).toBe(false);
    });
  });
});
