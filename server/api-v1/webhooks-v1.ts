import type { Context } from 'hono';
import { ApiScope } from '../../shared/api/api-keys.ts';
import { WebhookPathSchema } from '../../shared/api/v1.ts';
import {
  CreatedWebhookSchema,
  CreateWebhookBodySchema,
  WebhookDeliveryAnswerSchema,
  WebhookDeliveryListSchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
} from '../../shared/api/webhooks.ts';
import type { AppDeps } from '../app-deps.ts';
import { forbidden } from '../lib/api-error.ts';
import { operation } from './operation.ts';
import type { V1Env } from './v1-env.ts';

const tag = 'Webhooks';

/** Webhook endpoints belong to an account: the server's key has none. */
function accountId(c: Context<V1Env>): string {
  const user = c.get('keyUser');
  if (!user) throw forbidden("webhook endpoints belong to an account; use one of the account's keys");
  return user.id;
}

/** An account's webhook endpoints, their delivery log, and "send test event". */
export const webhookOperations = ({ webhooks }: AppDeps) => [
  operation({
    method: 'post',
    path: '/webhooks',
    operationId: 'createWebhook',
    tag,
    summary: 'Register a webhook endpoint',
    description:
      'The answer holds the signing secret, this once. The URL must be public: loopback, private and link-local ' +
      'addresses are refused unless the operator allows them (WEBHOOKS_ALLOW_PRIVATE=true).',
    scope: ApiScope.WebhooksWrite,
    body: CreateWebhookBodySchema,
    responses: { 201: { description: 'The endpoint and its secret', schema: CreatedWebhookSchema } },
    errors: [409],
    handle: async (c, { body }) => c.json(await webhooks.register(accountId(c), body), 201),
  }),
  operation({
    method: 'get',
    path: '/webhooks',
    operationId: 'listWebhooks',
    tag,
    summary: "List the account's webhook endpoints",
    scope: ApiScope.WebhooksWrite,
    responses: { 200: { description: 'Oldest first', schema: WebhookEndpointListSchema } },
    handle: async (c) => c.json({ endpoints: await webhooks.list(accountId(c)) }),
  }),
  operation({
    method: 'get',
    path: '/webhooks/{webhookId}',
    operationId: 'getWebhook',
    tag,
    summary: 'Get a webhook endpoint',
    scope: ApiScope.WebhooksWrite,
    params: WebhookPathSchema,
    responses: { 200: { description: 'The endpoint', schema: WebhookEndpointSchema } },
    handle: async (c, { params }) => c.json(await webhooks.get(accountId(c), params.webhookId)),
  }),
  operation({
    method: 'delete',
    path: '/webhooks/{webhookId}',
    operationId: 'deleteWebhook',
    tag,
    summary: 'Delete a webhook endpoint',
    description: 'Its pending deliveries are dropped.',
    scope: ApiScope.WebhooksWrite,
    params: WebhookPathSchema,
    responses: { 204: { description: 'Deleted' } },
    async handle(c, { params }) {
      await webhooks.remove(accountId(c), params.webhookId);
      return c.body(null, 204);
    },
  }),
  operation({
    method: 'get',
    path: '/webhooks/{webhookId}/deliveries',
    operationId: 'listWebhookDeliveries',
    tag,
    summary: "An endpoint's delivery log",
    description: 'The last 50 deliveries, newest first: the event, the state, attempts, the response code and the error. Kept for 7 days.',
    scope: ApiScope.WebhooksWrite,
    params: WebhookPathSchema,
    responses: { 200: { description: 'Newest first', schema: WebhookDeliveryListSchema } },
    handle: async (c, { params }) => c.json({ deliveries: await webhooks.deliveries(accountId(c), params.webhookId) }),
  }),
  operation({
    method: 'post',
    path: '/webhooks/{webhookId}/test',
    operationId: 'sendTestWebhook',
    tag,
    summary: 'Send a test event',
    description: 'Queues a `webhook.test` event to this endpoint (whatever it subscribed to), signed and retried like any other.',
    scope: ApiScope.WebhooksWrite,
    params: WebhookPathSchema,
    responses: { 202: { description: 'Queued; its outcome appears in the delivery log', schema: WebhookDeliveryAnswerSchema } },
    handle: async (c, { params }) => c.json({ delivery: await webhooks.sendTest(accountId(c), params.webhookId) }, 202),
  }),
];
