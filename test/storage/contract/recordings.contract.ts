import { describe, expect, it } from 'vitest';
import { at, type ContractContext, recording } from './fixtures.ts';

export function recordingsContract(ctx: ContractContext) {
  describe('recordings', () => {
    it('lists by meeting, by owner and the unfinished ones, in the order they started', async () => {
      const storage = await ctx.open();
      const ready = recording(1, 'm1', 'ann', { state: 'ready', endedAt: at(40), durationMs: 3_000, size: 2 ** 40 });
      const running = recording(2, 'm1', 'ann');
      const elsewhere = recording(3, 'm2', 'bob');
      for (const r of [ready, running, elsewhere]) await storage.recordings.create(r);
      expect(await storage.recordings.listForMeeting('m1')).toEqual([ready, running]);
      expect(await storage.recordings.listForOwner('bob')).toEqual([elsewhere]);
      expect(await storage.recordings.listUnfinished()).toEqual([running, elsewhere]);
      expect(await storage.recordings.byId('m1', 'recording-1')).toEqual(ready);
      expect(await storage.recordings.byId('m2', 'recording-1')).toBeNull();
    });

    it('finishes one (ready, with its end, duration and size) and deletes one or a whole meeting’s', async () => {
      const storage = await ctx.open();
      for (const r of [recording(1, 'm1', 'ann'), recording(2, 'm1', 'ann'), recording(3, 'm2', 'ann')]) await storage.recordings.create(r);
      await storage.recordings.finish('recording-1', { endedAt: at(50), durationMs: 61_234, size: 123_456_789 });
      expect(await storage.recordings.byId('m1', 'recording-1')).toEqual(
        recording(1, 'm1', 'ann', { state: 'ready', endedAt: at(50), durationMs: 61_234, size: 123_456_789 }),
      );
      expect((await storage.recordings.listUnfinished()).map((r) => r.id)).toEqual(['recording-2', 'recording-3']);
      await storage.recordings.delete('recording-2');
      await storage.recordings.deleteForMeeting('m2');
      expect((await storage.dump()).recordings.map((r) => r.id)).toEqual(['recording-1']);
    });

    it('keeps a server recording’s source and moves it through processing to ready or failed with the reason', async () => {
      const storage = await ctx.open();
      const server = recording(1, 'm1', 'ann', { source: 'server' });
      await storage.recordings.create(server);
      await storage.recordings.create(recording(2, 'm1', 'ann', { source: 'server' }));
      await storage.recordings.update('recording-1', { state: 'processing', endedAt: at(45), durationMs: 6_400 });
      await storage.recordings.update('recording-2', { state: 'failed', error: 'ffmpeg failed (exit 1): no video' });
      // Processing is unfinished (a restart processes it again); failed is not.
      expect((await storage.recordings.listUnfinished()).map((r) => [r.id, r.state])).toEqual([['recording-1', 'processing']]);
      expect(await storage.recordings.byId('m1', 'recording-1')).toEqual({
        ...server,
        state: 'processing',
        endedAt: at(45),
        durationMs: 6_400,
      });
      expect(await storage.recordings.byId('m1', 'recording-2')).toMatchObject({
        source: 'server',
        state: 'failed',
        error: 'ffmpeg failed (exit 1): no video',
      });
      await storage.recordings.update('recording-1', { state: 'ready', size: 512_000, error: null });
      expect(await storage.recordings.byId('m1', 'recording-1')).toEqual({
        ...server,
        state: 'ready',
        endedAt: at(45),
        durationMs: 6_400,
        size: 512_000,
      });
    });
  });
}
