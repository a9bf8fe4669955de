import { describe, expect, it } from 'vitest';
import { at, type ContractContext, delivery, endpoint, user } from './fixtures.ts';

export function webhooksContract(ctx: ContractContext) {
  describe('webhooks', () => {
    const withEndpoints = async () => {
      const storage = await ctx.open();
      await storage.users.create(user('ada'));
      await storage.users.create(user('bob'));
      await storage.webhooks.createEndpoint(endpoint('a1', 'user-ada'));
      await storage.webhooks.createEndpoint(endpoint('b1', 'user-bob', { events: ['recording.ready'] }));
      await storage.webhooks.createEndpoint(endpoint('a2', 'user-ada', { description: 'CRM' }));
      return storage;
    };

    it("keeps an account's endpoints oldest first, each found only by its account", async () => {
      const storage = await withEndpoints();
      expect((await storage.webhooks.listEndpoints('user-ada')).map((e) => e.id)).toEqual(['endpoint-a1', 'endpoint-a2']);
      expect(await storage.webhooks.endpoint('user-bob', 'endpoint-b1')).toEqual(
        endpoint('b1', 'user-bob', { events: ['recording.ready'] }),
      );
      expect(await storage.webhooks.endpoint('user-ada', 'endpoint-b1')).toBeNull();
      expect((await storage.webhooks.endpointById('endpoint-b1'))?.userId).toBe('user-bob');
      expect(await storage.webhooks.endpointById('endpoint-none')).toBeNull();
    });

    it('deletes an endpoint with its deliveries, only for its account', async () => {
      const storage = await withEndpoints();
      await storage.webhooks.enqueue(delivery(1, 'endpoint-a1'));
      await storage.webhooks.enqueue(delivery(2, 'endpoint-b1'));
      expect(await storage.webhooks.deleteEndpoint('user-bob', 'endpoint-a1')).toBe(false);
      expect(await storage.webhooks.deleteEndpoint('user-ada', 'endpoint-a1')).toBe(true);
      expect(await storage.webhooks.deleteEndpoint('user-ada', 'endpoint-a1')).toBe(false);
      expect((await storage.dump()).webhookDeliveries.map((x) => x.id)).toEqual(['delivery-2']);
      expect((await storage.webhooks.listEndpoints('user-ada')).map((e) => e.id)).toEqual(['endpoint-a2']);
    });

    it('hands out due deliveries soonest first (ties in the order queued), each to one claimant until its lease lapses', async () => {
      const storage = await withEndpoints();
      await storage.webhooks.enqueue(delivery('late', 'endpoint-a1', { nextAttemptAt: at(20) }));
      await storage.webhooks.enqueue(delivery('second', 'endpoint-a1', { nextAttemptAt: at(6) }));
      await storage.webhooks.enqueue(delivery('first', 'endpoint-b1', { nextAttemptAt: at(5) }));
      await storage.webhooks.enqueue(delivery('done', 'endpoint-a1', { state: 'delivered', nextAttemptAt: null }));
      const claimed = await storage.webhooks.claimDue(at(10), at(11), 10);
      expect(claimed.map((x) => [x.id, x.nextAttemptAt])).toEqual([
        ['delivery-first', at(11)],
        ['delivery-second', at(11)],
      ]);
      expect(await storage.webhooks.claimDue(at(10), at(12), 10)).toEqual([]);
      // The claimant went away: after the lease they are due again.
      expect((await storage.webhooks.claimDue(at(11), at(13), 1)).map((x) => x.id)).toEqual(['delivery-second']);
      expect((await storage.webhooks.claimDue(at(30), at(31), 10)).map((x) => x.id).sort()).toEqual([
        'delivery-first',
        'delivery-late',
        'delivery-second',
      ]);
    });

    it('gives each of many claimants at once different deliveries', async () => {
      const storage = await withEndpoints();
      for (let i = 0; i < 20; i++) await storage.webhooks.enqueue(delivery(i, 'endpoint-a1'));
      const claims = await Promise.all(Array.from({ length: 5 }, () => storage.webhooks.claimDue(at(10), at(11), 4)));
      const ids = claims.flat().map((x) => x.id);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
    });

    it('records the outcome of an attempt, and logs an endpoint’s deliveries newest first', async () => {
      const storage = await withEndpoints();
      for (const n of [1, 2, 3]) await storage.webhooks.enqueue(delivery(n, 'endpoint-a1'));
      const outcome = {
        state: 'delivered' as const,
        attempts: 2,
        nextAttemptAt: null,
        lastAttemptAt: at(9),
        responseStatus: 204,
        error: null,
        deliveredAt: at(9),
      };
      await storage.webhooks.settle('delivery-2', outcome);
      await storage.webhooks.settle('delivery-none', outcome);
      const log = await storage.webhooks.deliveries('endpoint-a1', 2);
      expect(log.map((x) => x.id)).toEqual(['delivery-3', 'delivery-2']);
      expect(log[1]).toEqual(delivery(2, 'endpoint-a1', outcome));
      expect(await storage.webhooks.deliveries('endpoint-b1', 10)).toEqual([]);
    });

    it('prunes settled deliveries made before a time, never pending ones', async () => {
      const storage = await withEndpoints();
      await storage.webhooks.enqueue(delivery('old-done', 'endpoint-a1', { state: 'delivered', createdAt: at(1) }));
      await storage.webhooks.enqueue(delivery('old-failed', 'endpoint-a1', { state: 'failed', createdAt: at(1) }));
      await storage.webhooks.enqueue(delivery('old-pending', 'endpoint-a1', { createdAt: at(1) }));
      await storage.webhooks.enqueue(delivery('new-done', 'endpoint-a1', { state: 'delivered', createdAt: at(8) }));
      expect(await storage.webhooks.pruneSettled(at(5))).toBe(2);
      expect((await storage.dump()).webhookDeliveries.map((x) => x.id)).toEqual(['delivery-old-pending', 'delivery-new-done']);
    });
  });
}
