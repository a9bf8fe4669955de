import { signal, type ReadonlySignal } from '@preact/signals';
import {
  CreatedWebhookSchema,
  WebhookDeliveryAnswerSchema,
  WebhookDeliveryListSchema,
  WebhookEndpointListSchema,
  type CreateWebhookBody,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../../../shared/api/webhooks.ts';
import { apiRequest } from '../api/api-client.ts';
import { createShownOnce } from './create-shown-once.ts';
import { createActionRunner } from './run-action.ts';

export const ACCOUNT_WEBHOOKS = '/api/auth/webhooks';
/** Deliveries shown per endpoint (the server keeps 50). */
export const DELIVERIES_SHOWN = 5;
/** How long "Send test event" watches the log for the outcome: this many looks, one a second. */
const TEST_LOOKS = 15;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The account's webhook endpoints: the list with each one's last deliveries, registering one (its
 * signing secret is shown once, until dismissed), deleting, and "Send test event", which follows
 * the test's delivery in the log until it was tried. `wait` is the pause between looks (tests: none).
 */
export function createWebhooksState({
  request = apiRequest,
  copy,
  wait = sleep,
}: {
  request?: typeof apiRequest;
  copy: (text: string) => Promise<boolean>;
  wait?: (ms: number) => Promise<void>;
}) {
  const endpoints = signal<WebhookEndpoint[] | null>(null);
  const deliveries = signal<Readonly<Record<string, WebhookDelivery[]>>>({});
  /** The test event sent last per endpoint: pending until tried, then its outcome. */
  const tests = signal<Readonly<Record<string, WebhookDelivery>>>({});
  /** The endpoint just registered, with its signing secret: shown this once. */
  const created = createShownOnce<{ endpoint: WebhookEndpoint; secret: string }>(copy, (c) => c.secret);
  const runner = createActionRunner();
  const path = (id: string) => `${ACCOUNT_WEBHOOKS}/${encodeURIComponent(id)}`;

  async function loadDeliveries(id: string): Promise<WebhookDelivery[]> {
    const list = (await request('GET', `${path(id)}/deliveries`, WebhookDeliveryListSchema)).deliveries;
    deliveries.value = { ...deliveries.value, [id]: list.slice(0, DELIVERIES_SHOWN) };
    return list;
  }

  async function reload() {
    const list = (await request('GET', ACCOUNT_WEBHOOKS, WebhookEndpointListSchema)).endpoints;
    endpoints.value = list;
    await Promise.all(list.map((e) => loadDeliveries(e.id)));
  }

  /** Looks at the log until the test delivery was tried (delivered, failed, or waiting for a retry). */
  async function follow(id: string, sent: WebhookDelivery) {
    for (let look = 0; look < TEST_LOOKS; look++) {
      await wait(1000);
      const now = (await loadDeliveries(id)).find((d) => d.id === sent.id);
      if (!now) return;
      tests.value = { ...tests.value, [id]: now };
      if (now.state !== 'pending' || now.attempts > 0) return;
    }
  }

  return {
    endpoints: endpoints as ReadonlySignal<WebhookEndpoint[] | null>,
    deliveries: deliveries as ReadonlySignal<Readonly<Record<string, WebhookDelivery[]>>>,
    tests: tests as ReadonlySignal<Readonly<Record<string, WebhookDelivery>>>,
    created,
    busy: runner.busy,
    problem: runner.problem,
    load: () => runner.run(reload),
    /** True when the endpoint was registered. */
    create: async (body: CreateWebhookBody): Promise<boolean> =>
      (await runner.run(async () => {
        created.show(await request('POST', ACCOUNT_WEBHOOKS, CreatedWebhookSchema, { body }));
        await reload();
        return true;
      })) ?? false,
    remove: (id: string) =>
      runner.run(async () => {
        await request('DELETE', path(id));
        const { [id]: _gone, ...rest } = tests.value;
        tests.value = rest;
        await reload();
      }),
    async sendTest(id: string): Promise<void> {
      const sent = await runner.run(async () => (await request('POST', `${path(id)}/test`, WebhookDeliveryAnswerSchema)).delivery);
      if (!sent) return;
      tests.value = { ...tests.value, [id]: sent };
      await follow(id, sent).catch(() => undefined);
    },
  };
}

export type WebhooksState = ReturnType<typeof createWebhooksState>;
