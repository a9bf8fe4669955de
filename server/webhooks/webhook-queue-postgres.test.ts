import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningPostgres, startPostgres } from '../../test/postgres/start-postgres.ts';
import { startWebhookReceiver } from '../../test/server/webhook-receiver.ts';
import { addWebhookOwner, WEBHOOK_OWNER } from '../../test/server/webhook-owner.ts';
import { openStorage } from '../storage/open-storage.ts';
import type { Storage } from '../storage/repositories.ts';
import { WEBHOOK_DEFAULTS, type WebhookSettings } from './webhook-config.ts';
import { createWebhookService, type WebhookService } from './webhook-service.ts';

const USER = WEBHOOK_OWNER;
const fast: WebhookSettings = { ...WEBHOOK_DEFAULTS, allowPrivate: true, retryBaseMs: 20, retryMaxMs: 200, timeoutMs: 2_000, pollMs: 10 };

/**
 * The webhook queue in PostgreSQL (a server started for this file), as several server processes
 * share it: each event delivered once whichever node works it, and a delivery that outlives them.
 */
describe('webhook deliveries from a queue in PostgreSQL', () => {
  let pg: RunningPostgres;
  let admin: postgres.Sql;
  let n = 0;
  const cleanups: (() => Promise<unknown>)[] = [];
  const database = async () => {
    const name = `webhooks_${++n}`;
    await admin.unsafe(`CREATE DATABASE ${name}`);
    return pg.urlFor(name);
  };
  const storageAt = async (url: string) => {
    const storage = await openStorage({ dataDir: '/nonexistent', databaseUrl: url, databasePoolSize: 5 });
    cleanups.push(() => storage.close());
    return storage;
  };
  const node = (storage: Storage) => {
    const webhooks = createWebhookService({ storage, settings: fast });
    webhooks.start();
    cleanups.push(() => webhooks.stop());
    return webhooks;
  };
  const receiver = async () => {
    const r = await startWebhookReceiver();
    cleanups.push(r.close);
    return r;
  };
  beforeAll(async () => {
    pg = await startPostgres();
    admin = postgres(pg.url, { max: 1, onnotice: () => undefined });
  }, 60_000);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await admin?.end();
    await pg?.stop();
  });

  it('delivers each event once when three nodes work the queue at once', async () => {
    const r = await receiver();
    const url = await database();
    const storages = [await storageAt(url), await storageAt(url), await storageAt(url)];
    await addWebhookOwner(storages[0]!);
    const nodes: WebhookService[] = storages.map(node);
    await nodes[0]!.register(USER, { url: r.url(), events: ['participant.joined'] });
    for (let i = 0; i < 30; i++) await nodes[i % 3]!.emit(USER, 'participant.joined', { n: i });
    await vi.waitFor(() => expect(r.received).toHaveLength(30), { timeout: 10_000 });
    expect(new Set(r.received.map((x) => x.headers['x-webhook-id'])).size).toBe(30);
    expect(
      r
        .events()
        .map((e) => (e.data as { n: number }).n)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await vi.waitFor(async () => expect((await storages[0]!.dump()).webhookDeliveries.every((d) => d.state === 'delivered')).toBe(true));
    expect(r.received).toHaveLength(30);
  });

  it('keeps a delivery that failed across a restart of every node, and the next server sends it', async () => {
    const r = await receiver();
    r.answer(500);
    const url = await database();
    const first = await storageAt(url);
    await addWebhookOwner(first);
    const before = createWebhookService({ storage: first, settings: { ...fast, retryBaseMs: 60_000 } });
    before.start();
    const { endpoint } = await before.register(USER, { url: r.url(), events: ['meeting.ended'] });
    await before.emit(USER, 'meeting.ended', {});
    await vi.waitFor(async () =>
      expect((await before.deliveries(USER, endpoint.id))[0]).toMatchObject({ attempts: 1, responseStatus: 500 }),
    );
    await before.stop();
    await first.close();

    // A minute later (the retry is due then), another server process on the same database.
    const second = await storageAt(url);
    const after = createWebhookService({ storage: second, settings: fast, now: () => Date.now() + 61_000 });
    after.start();
    cleanups.push(() => after.stop());
    await vi.waitFor(async () => expect((await after.deliveries(USER, endpoint.id))[0]).toMatchObject({ state: 'delivered', attempts: 2 }));
    expect(r.received).toHaveLength(2);
    expect(new Set(r.received.map((x) => x.headers['x-webhook-id'])).size).toBe(1);
  });
});
