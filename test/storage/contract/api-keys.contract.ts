import { describe, expect, it } from 'vitest';
import { apiKey, at, type ContractContext, user } from './fixtures.ts';

export function apiKeysContract(ctx: ContractContext) {
  describe('API keys', () => {
    const withUsers = async () => {
      const storage = await ctx.open();
      await storage.users.create(user('ada'));
      await storage.users.create(user('bob'));
      return storage;
    };

    it('keeps a key and finds it by its hash, with its scopes', async () => {
      const storage = await withUsers();
      const key = apiKey(1, 'user-ada', { scopes: ['recordings:read', 'webhooks:write'] });
      await storage.apiKeys.create(key);
      expect(await storage.apiKeys.byHash('key-hash-1')).toEqual(key);
      expect(await storage.apiKeys.byHash('key-hash-none')).toBeNull();
    });

    it("lists an account's keys oldest first, and the server's (no account) apart", async () => {
      const storage = await withUsers();
      await storage.apiKeys.create(apiKey('a1', 'user-ada'));
      await storage.apiKeys.create(apiKey('b1', 'user-bob'));
      await storage.apiKeys.create(apiKey('ops', null));
      await storage.apiKeys.create(apiKey('a2', 'user-ada'));
      expect((await storage.apiKeys.listFor('user-ada')).map((k) => k.id)).toEqual(['key-a1', 'key-a2']);
      expect((await storage.apiKeys.listFor(null)).map((k) => k.id)).toEqual(['key-ops']);
      expect(await storage.apiKeys.listFor('user-none')).toEqual([]);
    });

    it('notes when a key was last used', async () => {
      const storage = await withUsers();
      await storage.apiKeys.create(apiKey(1, 'user-ada'));
      await storage.apiKeys.markUsed('key-1', at(5));
      await storage.apiKeys.markUsed('key-none', at(5));
      expect((await storage.apiKeys.byHash('key-hash-1'))?.lastUsedAt).toBe(at(5));
      expect((await storage.dump()).apiKeys).toHaveLength(1);
    });

    it("revokes only its owner's key, once", async () => {
      const storage = await withUsers();
      await storage.apiKeys.create(apiKey(1, 'user-ada'));
      await storage.apiKeys.create(apiKey('ops', null));
      expect(await storage.apiKeys.revoke('key-1', 'user-bob', at(6))).toBe(false);
      expect(await storage.apiKeys.revoke('key-1', null, at(6))).toBe(false);
      expect(await storage.apiKeys.revoke('key-ops', 'user-ada', at(6))).toBe(false);
      expect((await storage.apiKeys.byHash('key-hash-1'))?.revokedAt).toBeNull();
      expect(await storage.apiKeys.revoke('key-1', 'user-ada', at(7))).toBe(true);
      expect(await storage.apiKeys.revoke('key-1', 'user-ada', at(8))).toBe(false);
      expect((await storage.apiKeys.byHash('key-hash-1'))?.revokedAt).toBe(at(7));
      expect(await storage.apiKeys.revoke('key-ops', null, at(9))).toBe(true);
    });
  });
}
