import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openLowdbStorage } from '../storage/lowdb/lowdb-storage.ts';
import { createMemoryStorage } from '../storage/lowdb/lowdb-storage.ts';
import type { Storage } from '../storage/repositories.ts';
import { startWebhookReceiver, type ReceivedWebhook } from '../../test/server/webhook-receiver.ts';
import { addWebhookOwner, WEBHOOK_OWNER } from '../../test/server/webhook-owner.ts';
import { WEBHOOK_DEFAULTS, type WebhookSettings } from './webhook-config.ts';
import { createWebhookService, type WebhookService } from './webhook-service.ts';

const USER = WEBHOOK_OWNER;
const fast: WebhookSettings = { ...WEBHOOK_DEFAULTS, allowPrivate: true, retryBaseMs: 20, retryMaxMs: 200, timeoutMs: 2_000, pollMs: 10 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver() {
  const r = await startWebhookReceiver();
  cleanups.push(r.close);
  return r;
}

function service(storage: Storage, settings: Partial<WebhookSettings> = {}) {
  const webhooks = createWebhookService({ storage, settings: { ...fast, ...settings } });
  webhooks.start();
  cleanups.push(() => webhooks.stop());
  return webhooks;
}

const withUser = (storage: Storage = createMemoryStorage()) => addWebhookOwner(storage);

/** The receiver's side: the signature checked as docs/api.md tells, with nothing of ours. */
function verify(secret: string, request: ReceivedWebhook): boolean {
  const header = String(request.headers['x-webhook-signature']);
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${request.body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
}

const logOf = (webhooks: WebhookService, endpointId: string) => webhooks.deliveries(USER, endpointId);

describe('webhook deliveries to a real receiver on loopback', () => {
  it('POSTs an event as JSON, signed with the endpoint secret, and logs the response code', async () => {
    const r = await receiver();
    const webhooks = service(await withUser());
    const { endpoint, secret } = await webhooks.register(USER, { url: r.url(), events: ['meeting.ended'] });
    expect(secret).toMatch(/^whsec_/);
    await webhooks.emit(USER, 'meeting.ended', { meeting: { id: 'm1', title: 'Demo' } });
    await vi.waitFor(() => expect(r.received).toHaveLength(1));
    const [request] = r.received;
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-webhook-event']).toBe('meeting.ended');
    expect(verify(secret, request!)).toBe(true);
    expect(verify('whsec_wrong', request!)).toBe(false);
    const event = r.events()[0]!;
    expect(event).toEqual({
      id: request!.headers['x-webhook-id'],
      type: 'meeting.ended',
      createdAt: expect.any(String),
      data: { meeting: { id: 'm1', title: 'Demo' } },
    });
    await vi.waitFor(async () =>
      expect(await logOf(webhooks, endpoint.id)).toEqual([
        expect.objectContaining({
          eventId: event.id,
          event: 'meeting.ended',
          state: 'delivered',
          attempts: 1,
          responseStatus: 200,
          error: null,
          nextAttemptAt: null,
        }),
      ]),
    );
  });

  it('sends only the events an endpoint subscribed to, to each such endpoint of the account', async () => {
    const r = await receiver();
    const storage = await withUser();
    const webhooks = service(storage);
    await webhooks.register(USER, { url: r.url('/a'), events: ['guest.waiting'] });
    await webhooks.register(USER, { url: r.url('/b'), events: ['guest.waiting', 'meeting.ended'] });
    await webhooks.emit(USER, 'meeting.ended', {});
    await webhooks.emit(USER, 'guest.waiting', {});
    await webhooks.emit('user-other', 'guest.waiting', {});
    await vi.waitFor(() => expect(r.received).toHaveLength(3));
    expect(r.received.map((x) => `${x.path} ${x.headers['x-webhook-event']}`).sort()).toEqual([
      '/a guest.waiting',
      '/b guest.waiting',
      '/b meeting.ended',
    ]);
  });

  it('retries after 500s with growing waits, the same event and id each time, until a 2xx', async () => {
    const r = await receiver();
    r.answer(500, 503, 500);
    const webhooks = service(await withUser());
    const { endpoint, secret } = await webhooks.register(USER, { url: r.url(), events: ['guest.waiting'] });
    await webhooks.emit(USER, 'guest.waiting', { guest: { name: 'Gus' } });
    await vi.waitFor(() => expect(r.received).toHaveLength(4), { timeout: 5_000 });
    expect(new Set(r.received.map((x) => x.headers['x-webhook-id'])).size).toBe(1);
    expect(new Set(r.received.map((x) => x.body)).size).toBe(1);
    expect(r.received.every((x) => verify(secret, x))).toBe(true);
    const gaps = r.received.slice(1).map((x, i) => x.at - r.received[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(fast.retryBaseMs - 2);
    expect(gaps[2]).toBeGreaterThanOrEqual(4 * fast.retryBaseMs - 2);
    await vi.waitFor(async () =>
      expect((await logOf(webhooks, endpoint.id))[0]).toMatchObject({ state: 'delivered', attempts: 4, responseStatus: 200 }),
    );
  });

  it('logs a failed attempt with the status and the next try; gives up after the retry period', async () => {
    const r = await receiver();
    r.answer(...Array(100).fill(500));
    const webhooks = service(await withUser(), { giveUpAfterMs: 150 });
    const { endpoint } = await webhooks.register(USER, { url: r.url(), events: ['recording.ready'] });
    await webhooks.emit(USER, 'recording.ready', {});
    await vi.waitFor(async () => expect((await logOf(webhooks, endpoint.id))[0]!.state).toBe('failed'), { timeout: 5_000 });
    const [entry] = await logOf(webhooks, endpoint.id);
    expect(entry).toMatchObject({ responseStatus: 500, error: 'the receiver answered 500', nextAttemptAt: null, deliveredAt: null });
    expect(entry!.attempts).toBeGreaterThan(1);
    expect(r.received).toHaveLength(entry!.attempts);
  });

  it('does not follow a redirect (a 3xx is a failed attempt, nothing is sent where it points)', async () => {
    const r = await receiver();
    r.answer(302);
    const webhooks = service(await withUser());
    const { endpoint } = await webhooks.register(USER, { url: r.url(), events: ['meeting.started'] });
    await webhooks.emit(USER, 'meeting.started', {});
    await vi.waitFor(() => expect(r.received).toHaveLength(2));
    expect(r.received.map((x) => x.path)).toEqual(['/hook', '/hook']);
    const [entry] = await logOf(webhooks, endpoint.id);
    expect(entry!.attempts).toBeGreaterThanOrEqual(1);
  });

  it('sends a test event on request, to that endpoint only, whatever it subscribed to', async () => {
    const r = await receiver();
    const webhooks = service(await withUser());
    const { endpoint, secret } = await webhooks.register(USER, { url: r.url(), events: ['chat.file.shared'] });
    const queued = await webhooks.sendTest(USER, endpoint.id);
    expect(queued).toMatchObject({ event: 'webhook.test', state: 'pending', attempts: 0 });
    await vi.waitFor(() => expect(r.received).toHaveLength(1));
    expect(r.events()[0]).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } });
    expect(verify(secret, r.received[0]!)).toBe(true);
    await expect(webhooks.sendTest('user-other', endpoint.id)).rejects.toThrow(/not found/);
  });

  it('keeps a delivery across a restart: pending on disk, sent by the next server', async () => {
    const r = await receiver();
    r.answer(500);
    const dir = await mkdtemp(path.join(tmpdir(), 'webhook-restart-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const first = await withUser(await openLowdbStorage(dir));
    const before = createWebhookService({ storage: first, settings: { ...fast, retryBaseMs: 60_000 } });
    before.start();
    const { endpoint } = await before.register(USER, { url: r.url(), events: ['meeting.ended'] });
    await before.emit(USER, 'meeting.ended', { meeting: { id: 'm1' } });
    await vi.waitFor(async () =>
      expect((await before.deliveries(USER, endpoint.id))[0]).toMatchObject({ attempts: 1, responseStatus: 500 }),
    );
    await before.stop();
    await first.close();

    // The server comes back a minute later, when the retry is due.
    const second = await openLowdbStorage(dir);
    cleanups.push(() => second.close());
    const [pending] = await second.webhooks.deliveries(endpoint.id, 10);
    expect(pending).toMatchObject({ state: 'pending', attempts: 1 });
    const after = createWebhookService({ storage: second, settings: fast, now: () => Date.now() + 61_000 });
    after.start();
    cleanups.push(() => after.stop());
    await vi.waitFor(async () => expect((await after.deliveries(USER, endpoint.id))[0]).toMatchObject({ state: 'delivered', attempts: 2 }));
    expect(r.received).toHaveLength(2);
    expect(new Set(r.received.map((x) => x.headers['x-webhook-id'])).size).toBe(1);
  });

  it('takes up a delivery whose worker died in the middle of it, once its claim lapses', async () => {
    const r = await receiver();
    const storage = await withUser();
    const webhooks = createWebhookService({ storage, settings: fast });
    const { endpoint } = await webhooks.register(USER, { url: r.url(), events: ['meeting.ended'] });
    await webhooks.emit(USER, 'meeting.ended', {});
    // A worker claims it and is never heard of again.
    const past = new Date(Date.now() - 1).toISOString();
    expect(await storage.webhooks.claimDue(new Date().toISOString(), past, 10)).toHaveLength(1);
    service(storage);
    await vi.waitFor(async () => expect((await webhooks.deliveries(USER, endpoint.id))[0]!.state).toBe('delivered'));
    expect(r.received).toHaveLength(1);
  });
});

describe('webhooks and private addresses (SSRF)', () => {
  it.each([
    'http://127.0.0.1:9/hook',
    'http://localhost:9/hook',
    'http://[::1]:9/',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.1/',
  ])('refuses to register %s unless the operator allows private addresses', async (url) => {
    const storage = await withUser();
    const webhooks = service(storage, { allowPrivate: false });
    await expect(webhooks.register(USER, { url, events: ['meeting.ended'] })).rejects.toThrow(
      /private address.*WEBHOOKS_ALLOW_PRIVATE=true/,
    );
    expect(await webhooks.list(USER)).toEqual([]);
  });

  it.each(['127.0.0.1', 'localhost'])('never connects to %s at delivery time (an endpoint stored while it was allowed)', async (host) => {
    const r = await receiver();
    const storage = await withUser();
    const allowed = createWebhookService({ storage, settings: fast });
    const { endpoint } = await allowed.register(USER, { url: `http://${host}:${r.port}/hook`, events: ['meeting.ended'] });
    const webhooks = service(storage, { allowPrivate: false });
    await webhooks.emit(USER, 'meeting.ended', {});
    await vi.waitFor(async () => expect((await webhooks.deliveries(USER, endpoint.id))[0]!.state).toBe('failed'));
    const [entry] = await webhooks.deliveries(USER, endpoint.id);
    expect(entry).toMatchObject({ attempts: 1, responseStatus: null, error: expect.stringMatching(/private address/) });
    expect(r.received).toEqual([]);
  });
});
