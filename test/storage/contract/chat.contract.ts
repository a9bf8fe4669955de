import { describe, expect, it } from 'vitest';
import type { ChatRecord } from '../../../server/storage/records.ts';
import type { ChatPageQuery } from '../../../server/storage/repositories.ts';
import { chatMessage, type ContractContext } from './fixtures.ts';

/** What a page must hold, worked out from the whole history. */
function expectedPage(all: ChatRecord[], { before, limit, includeHostOnly }: ChatPageQuery) {
  const visible = all.filter((m) => (includeHostOnly || m.audience === 'all') && (before === undefined || m.seq < before));
  const start = Math.max(0, visible.length - limit);
  return { messages: visible.slice(start), hasEarlier: start > 0 };
}

export function chatContract(ctx: ContractContext) {
  describe('chat', () => {
    it('numbers each meeting’s messages 1, 2, 3… and keeps them as given', async () => {
      const storage = await ctx.open();
      const file = { id: 'file1', name: 'notes.txt', size: 27, mime: 'text/plain' };
      const a1 = await storage.chat.append(chatMessage('A', 'hello\nworld – ünïcödé 🎉 "quoted"'));
      const b1 = await storage.chat.append(chatMessage('B', 'other room'));
      const a2 = await storage.chat.append(chatMessage('A', 'notes.txt', { kind: 'file', file }));
      const device = { browser: 'Firefox', browserVersion: '153.0', os: 'Linux', osVersion: '', kind: 'desktop', model: null } as const;
      const note = { type: 'guest-waiting', name: 'Gus', device, removedBefore: true } as const;
      const a3 = await storage.chat.append(chatMessage('A', 'Gus is waiting', { kind: 'bot', audience: 'host', note }));
      expect([a1.seq, b1.seq, a2.seq, a3.seq]).toEqual([1, 1, 2, 3]);
      expect(a3).toStrictEqual({ ...chatMessage('A', 'Gus is waiting', { kind: 'bot', audience: 'host', note }), seq: 3 });
      expect(a1).toStrictEqual({ ...chatMessage('A', 'hello\nworld – ünïcödé 🎉 "quoted"'), seq: 1 });
      expect(a2).toStrictEqual({ ...chatMessage('A', 'notes.txt', { kind: 'file', file }), seq: 2 });
      expect(await storage.chat.page('A', { limit: 10, includeHostOnly: true })).toStrictEqual({
        messages: [a1, a2, a3],
        hasEarlier: false,
      });
      expect(await storage.chat.findFile('A', 'file1')).toEqual(file);
      expect(await storage.chat.findFile('B', 'file1')).toBeNull();
      expect(await storage.chat.findFile('A', 'nope')).toBeNull();
      expect(await storage.chat.page('none', { limit: 10, includeHostOnly: true })).toEqual({ messages: [], hasEarlier: false });
    });

    it('answers every page as the whole history says: newest first cut, oldest first order, guests without host notes', async () => {
      const storage = await ctx.open();
      const all: ChatRecord[] = [];
      for (let i = 0; i < 40; i++) {
        all.push(await storage.chat.append(chatMessage('A', `m${i}`, { audience: i % 3 === 1 || i >= 37 ? 'host' : 'all' })));
      }
      for (const includeHostOnly of [true, false]) {
        for (const limit of [1, 3, 100]) {
          for (const before of [undefined, 1, 2, 3, 10, 25, 38, 40, 41, 500]) {
            const query = { before, limit, includeHostOnly };
            expect(await storage.chat.page('A', query), JSON.stringify(query)).toEqual(expectedPage(all, query));
          }
        }
      }
    });

    it('keeps one order with no gaps when many append at once', async () => {
      const storage = await ctx.open();
      const appended = await Promise.all(
        Array.from({ length: 120 }, (_, i) => storage.chat.append(chatMessage(i % 2 ? 'A' : 'B', `m${i}`))),
      );
      for (const meetingId of ['A', 'B']) {
        const seqs = appended
          .filter((m) => m.meetingId === meetingId)
          .map((m) => m.seq)
          .sort((x, y) => x - y);
        expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
        const { messages } = await storage.chat.page(meetingId, { limit: 1000, includeHostOnly: true });
        expect(messages.map((m) => m.seq)).toEqual(seqs);
        expect(messages.map((m) => m.id).sort()).toEqual(
          appended
            .filter((m) => m.meetingId === meetingId)
            .map((m) => m.id)
            .sort(),
        );
      }
    });

    describe.each(ctx.breakWrites?.chat ? [ctx.breakWrites.chat] : [])('when a message cannot be written', (breakChat) => {
      it('keeps nothing of it, and the next one takes its number (no gap)', async () => {
        const storage = await ctx.open();
        await storage.chat.append(chatMessage('A', 'first'));
        const repair = await breakChat(storage);
        await expect(storage.chat.append(chatMessage('A', 'lost'))).rejects.toThrow(/broken on purpose/);
        await repair();
        expect((await storage.chat.append(chatMessage('A', 'second'))).seq).toBe(2);
        const { messages } = await storage.chat.page('A', { limit: 10, includeHostOnly: true });
        expect(messages.map((m) => [m.seq, m.text])).toEqual([
          [1, 'first'],
          [2, 'second'],
        ]);
      });
    });
  });
}
