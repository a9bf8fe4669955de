import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLowdbStorage } from '../server/storage/lowdb/lowdb-storage.ts';
import { WEBHOOK_DEFAULTS } from '../server/webhooks/webhook-config.ts';
import { createWebhookService } from '../server/webhooks/webhook-service.ts';
import { startWebhookReceiver } from '../test/server/webhook-receiver.ts';
import { percentile, type BenchRow } from './table.ts';

const EVENTS = 200;
const USER = 'bench-user';
const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * Webhook delivery latency: from `emit` (an event of the account, as the hub or the waiting room
 * raises it) to the receiver's 2xx, through the persistent queue on disk (lowdb, fsync'd: the
 * enqueue, the claim and the outcome are each a durable write) and a real HTTP POST on loopback.
 * One event at a time, each waited for.
 */
export async function benchWebhooks(): Promise<BenchRow[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-webhooks-'));
  const receiver = await startWebhookReceiver();
  const storage = await openLowdbStorage(dir);
  const webhooks = createWebhookService({ storage, settings: { ...WEBHOOK_DEFAULTS, allowPrivate: true } });
  try {
    await storage.users.create({
      id: USER,
      email: 'bench@example.com',
      name: 'Bench',
      passwordHash: 'scrypt$1$1$1$a$b',
      createdAt: new Date().toISOString(),
      features: { backgroundBlur: false, recording: false },
    });
    await webhooks.register(USER, { url: receiver.url(), events: ['guest.waiting'] });
    webhooks.start();
    const latencies: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const before = receiver.received.length;
      const t0 = performance.now();
      await webhooks.emit(USER, 'guest.waiting', { guest: { name: `Guest ${i}`, kind: 'browser', removedBefore: false } });
      while (receiver.received.length === before) await new Promise((resolve) => setImmediate(resolve));
      latencies.push(receiver.received[before]!.at - t0);
    }
    return [
      {
        metric: 'webhook delivery, event → receiver 2xx, p50 (lowdb on disk, loopback)',
        value: ms(percentile(latencies, 50)),
        target: '< 100 ms',
        ok: percentile(latencies, 50) < 100,
      },
      {
        metric: 'webhook delivery, event → receiver 2xx, p99',
        value: ms(percentile(latencies, 99)),
        target: '< 500 ms',
        ok: percentile(latencies, 99) < 500,
      },
    ];
  } finally {
    await webhooks.stop();
    await storage.close();
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
}
