import { describe, expect, it } from 'vitest';
import { at, type ContractContext, session, user } from './fixtures.ts';

export function sessionsContract(ctx: ContractContext) {
  describe('sessions', () => {
    const withUsers = async () => {
      const storage = await ctx.open();
      await storage.users.create(user('ada'));
      await storage.users.create(user('bob'));
      return storage;
    };

    it('keeps a session and finds it by the hash of its token, expired or not', async () => {
      const storage = await withUsers();
      const live = session('live', 'user-ada');
      const old = session('old', 'user-ada', { expiresAt: at(-1) });
      await storage.sessions.create(live);
      await storage.sessions.create(old);
      expect(await storage.sessions.byTokenHash('hash-live')).toEqual(live);
      expect(await storage.sessions.byTokenHash('hash-old')).toEqual(old);
      expect(await storage.sessions.byTokenHash('hash-none')).toBeNull();
    });

    it("lists a user's sessions oldest first, and deletes one or all of them", async () => {
      const storage = await withUsers();
      for (const n of [1, 2, 3]) await storage.sessions.create(session(`ada${n}`, 'user-ada', { createdAt: at(n) }));
      await storage.sessions.create(session('bob', 'user-bob'));
      expect((await storage.sessions.listForUser('user-ada')).map((s) => s.tokenHash)).toEqual(['hash-ada1', 'hash-ada2', 'hash-ada3']);
      expect(await storage.sessions.delete('hash-ada2')).toBe(true);
      expect(await storage.sessions.delete('hash-ada2')).toBe(false);
      expect((await storage.sessions.listForUser('user-ada')).map((s) => s.tokenHash)).toEqual(['hash-ada1', 'hash-ada3']);
      expect(await storage.sessions.deleteForUser('user-ada')).toBe(2);
      expect(await storage.sessions.listForUser('user-ada')).toEqual([]);
      expect(await storage.sessions.deleteForUser('user-ada')).toBe(0);
      expect(await storage.sessions.byTokenHash('hash-bob')).not.toBeNull();
    });

    it('sweeps exactly the sessions whose expiry is not after now', async () => {
      const storage = await withUsers();
      const now = new Date(at(30));
      await storage.sessions.create(session('gone', 'user-ada', { expiresAt: at(10) }));
      await storage.sessions.create(session('now', 'user-bob', { expiresAt: at(30) }));
      await storage.sessions.create(session('kept', 'user-ada', { expiresAt: new Date(now.getTime() + 1).toISOString() }));
      expect(await storage.sessions.deleteExpired(now)).toBe(2);
      expect((await storage.dump()).sessions.map((s) => s.tokenHash)).toEqual(['hash-kept']);
      expect(await storage.sessions.deleteExpired(now)).toBe(0);
    });
  });
}
