import {
  type CreateWebhookBody,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SIGNATURE_HEADER,
  WEBHOOK_ENDPOINTS_MAX,
  WEBHOOK_TEST_EVENT,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEventType,
} from '../../shared/api/webhooks.ts';
import { ErrorCode } from '../../shared/api/errors.ts';
import { ApiError, badRequest, notFound } from '../lib/api-error.ts';
import { newId, newSecret } from '../lib/ids.ts';
import { logFor } from '../lib/log.ts';
import type { WebhookDeliveryRecord, WebhookEndpointRecord } from '../storage/records.ts';
import type { DeliveryOutcome, Storage } from '../storage/repositories.ts';
import type { WebhookSettings } from './webhook-config.ts';
import { type PostOutcome, postWebhook } from './post-webhook.ts';
import { signatureHeader } from './signature.ts';
import { checkDestination, SsrfRefusal } from './ssrf-guard.ts';

const log = logFor('webhooks');
/** Deliveries one round of the worker takes at once. */
const BATCH = 8;

const toEndpoint = ({ userId: _user, secret: _secret, ...e }: WebhookEndpointRecord): WebhookEndpoint => e;
const toDelivery = ({ endpointId: _endpoint, body: _body, ...d }: WebhookDeliveryRecord): WebhookDelivery => ({
  ...d,
  nextAttemptAt: d.state === 'pending' ? d.nextAttemptAt : null,
});

export interface WebhookServiceDeps {
  storage: Pick<Storage, 'webhooks'>;
  settings: WebhookSettings;
  /** The queue's clock (ms): real time, even where a test holds the app's clock still. */
  now?: () => number;
  post?: typeof postWebhook;
}

/**
 * An account's webhook endpoints and the delivery of events to them. `emit` puts one delivery
 * per subscribed endpoint in the persistent queue and wakes the worker; the worker (started by
 * `start`, on every server process) claims due deliveries, POSTs them signed, and retries
 * failures with exponential back-off until `giveUpAfterMs` after the event.
 */
export function createWebhookService({ storage: { webhooks }, settings, now = Date.now, post = postWebhook }: WebhookServiceDeps) {
  const iso = (ms: number) => new Date(ms).toISOString();
  let timer: ReturnType<typeof setInterval> | null = null;
  let pumping: Promise<void> | null = null;
  let again = false;

  async function ownEndpoint(userId: string, id: string) {
    const endpoint = await webhooks.endpoint(userId, id);
    if (!endpoint) throw notFound('webhook endpoint');
    return endpoint;
  }

  async function enqueue(endpoint: WebhookEndpointRecord, type: string, data: unknown): Promise<WebhookDeliveryRecord> {
    const at = now();
    const eventId = `evt_${newId()}`;
    const delivery: WebhookDeliveryRecord = {
      id: newId(),
      endpointId: endpoint.id,
      eventId,
      event: type,
      body: JSON.stringify({ id: eventId, type, createdAt: iso(at), data }),
      state: 'pending',
      attempts: 0,
      createdAt: iso(at),
      nextAttemptAt: iso(at),
      lastAttemptAt: null,
      responseStatus: null,
      error: null,
      deliveredAt: null,
    };
    await webhooks.enqueue(delivery);
    return delivery;
  }

  /** What one attempt's result makes of the delivery: delivered, retried later, or given up. */
  function outcomeOf(d: WebhookDeliveryRecord, result: PostOutcome, at: number): DeliveryOutcome {
    const attempts = d.attempts + 1;
    const base = { attempts, lastAttemptAt: iso(at), deliveredAt: null };
    if ('status' in result && result.status >= 200 && result.status < 300) {
      return { ...base, state: 'delivered', nextAttemptAt: null, responseStatus: result.status, error: null, deliveredAt: iso(at) };
    }
    const responseStatus = 'status' in result ? result.status : null;
    const error = 'status' in result ? `the receiver answered ${result.status}` : result.error;
    const next = at + Math.min(settings.retryBaseMs * 2 ** (attempts - 1), settings.retryMaxMs);
    if (('refused' in result && result.refused) || next > new Date(d.createdAt).getTime() + settings.giveUpAfterMs) {
      return { ...base, state: 'failed', nextAttemptAt: null, responseStatus, error };
    }
    return { ...base, state: 'pending', nextAttemptAt: iso(next), responseStatus, error };
  }

  async function attempt(d: WebhookDeliveryRecord): Promise<void> {
    const endpoint = await webhooks.endpointById(d.endpointId);
    if (!endpoint) return; // deleted meanwhile, its deliveries with it
    const headers = {
      'user-agent': 'meeting-room-webhooks/1',
      [EVENT_ID_HEADER]: d.eventId,
      [EVENT_TYPE_HEADER]: d.event,
      [SIGNATURE_HEADER]: signatureHeader(endpoint.secret, d.body, Math.floor(now() / 1000)),
    };
    const result = await post(endpoint.url, d.body, headers, settings);
    await webhooks.settle(d.id, outcomeOf(d, result, now()));
  }

  /** Works the queue until nothing is due; a call while it runs makes it look once more. */
  function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return pumping;
    }
    pumping = (async () => {
      do {
        again = false;
        const lease = settings.timeoutMs + 30_000;
        const claimed = await webhooks.claimDue(iso(now()), iso(now() + lease), BATCH);
        await Promise.all(
          claimed.map((d) => attempt(d).catch((error) => log.error({ err: error, delivery: d.id }, 'webhook attempt failed'))),
        );
        if (claimed.length === BATCH) again = true;
      } while (again && timer);
    })().finally(() => {
      pumping = null;
    });
    return pumping;
  }

  const wake = () => {
    if (timer) void pump().catch((error) => log.error({ err: error }, 'webhook queue failed'));
  };

  return {
    async register(userId: string, body: CreateWebhookBody): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
      if ((await webhooks.listEndpoints(userId)).length >= WEBHOOK_ENDPOINTS_MAX) {
        throw new ApiError(ErrorCode.Conflict, `at most ${WEBHOOK_ENDPOINTS_MAX} webhook endpoints per account; delete one first`);
      }
      try {
        await checkDestination(body.url, settings.allowPrivate);
      } catch (error) {
        if (error instanceof SsrfRefusal) throw badRequest(`url refused: ${error.message}`);
        throw error;
      }
      const record: WebhookEndpointRecord = {
        id: newId(),
        userId,
        url: body.url,
        events: body.events,
        secret: `whsec_${newSecret()}`,
        description: body.description ?? '',
        createdAt: iso(now()),
      };
      await webhooks.createEndpoint(record);
      return { endpoint: toEndpoint(record), secret: record.secret };
    },
    list: async (userId: string) => (await webhooks.listEndpoints(userId)).map(toEndpoint),
    get: async (userId: string, id: string) => toEndpoint(await ownEndpoint(userId, id)),
    async remove(userId: string, id: string) {
      if (!(await webhooks.deleteEndpoint(userId, id))) throw notFound('webhook endpoint');
    },
    /** An endpoint's deliveries, newest first: the log. */
    async deliveries(userId: string, id: string, limit = 50): Promise<WebhookDelivery[]> {
      await ownEndpoint(userId, id);
      return (await webhooks.deliveries(id, limit)).map(toDelivery);
    },
    /** "Send test event": a `webhook.test` event to this endpoint only. */
    async sendTest(userId: string, id: string): Promise<WebhookDelivery> {
      const endpoint = await ownEndpoint(userId, id);
      const delivery = await enqueue(endpoint, WEBHOOK_TEST_EVENT, { endpointId: id, message: 'A test event, sent on request.' });
      wake();
      return toDelivery(delivery);
    },
    /** An event of the account `userId`: queued for each of its endpoints that want it. */
    async emit(userId: string, type: WebhookEventType, data: unknown): Promise<void> {
      const endpoints = (await webhooks.listEndpoints(userId)).filter((e) => e.events.includes(type));
      for (const endpoint of endpoints) await enqueue(endpoint, type, data);
      if (endpoints.length) wake();
    },
    /** Starts the worker: what is due now (a restart picks up the queue), then every `pollMs`. */
    start() {
      if (timer) return;
      timer = setInterval(wake, settings.pollMs);
      timer.unref?.();
      wake();
    },
    /** Stops the worker, waiting for the attempts under way. */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await pumping;
    },
    /** Works the queue once now (tests and the bench; the worker does it by itself). */
    pump,
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
