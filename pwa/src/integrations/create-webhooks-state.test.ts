import { describe, expect, it } from 'vitest';
import { apiError, createFakeFetch } from '../../../test/pwa/fake-fetch.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../../../shared/api/webhooks.ts';
import { apiRequest } from '../api/api-client.ts';
import { createWebhooksState } from './create-webhooks-state.ts';

const ENDPOINT: WebhookEndpoint = {
  id: 'w1',
  url: 'https://crm.example.com/hook',
  events: ['meeting.ended'],
  description: '',
  createdAt: '2026-11-25T10:00:00.000Z',
};
const pending: WebhookDelivery = {
  id: 'd1',
  eventId: 'evt_1',
  event: 'webhook.test',
  state: 'pending',
  attempts: 0,
  createdAt: '2026-11-25T10:01:00.000Z',
  lastAttemptAt: null,
  responseStatus: null,
  error: null,
  deliveredAt: null,
  nextAttemptAt: '2026-11-25T10:01:00.000Z',
};
const delivered: WebhookDelivery = {
  ...pending,
  state: 'delivered',
  attempts: 1,
  lastAttemptAt: '2026-11-25T10:01:01.000Z',
  responseStatus: 200,
  deliveredAt: '2026-11-25T10:01:01.000Z',
  nextAttemptAt: null,
};

function setup() {
  let endpoints: WebhookEndpoint[] = [];
  /** What the log holds at each look, in turn (the last one stays). */
  const logs: WebhookDelivery[][] = [[]];
  const api = createFakeFetch({
    'GET /api/auth/webhooks': () => ({ json: { endpoints } }),
    'POST /api/auth/webhooks': () => {
      endpoints = [ENDPOINT];
      return { status: 201, json: { endpoint: ENDPOINT, secret: 'whsec_abc' } };
    },
    'DELETE /api/auth/webhooks/w1': () => {
      endpoints = [];
      return { status: 204 };
    },
    'GET /api/auth/webhooks/w1/deliveries': () => ({ json: { deliveries: logs.length > 1 ? logs.shift() : logs[0] } }),
    'POST /api/auth/webhooks/w1/test': () => ({ status: 202, json: { delivery: pending } }),
  });
  const copies: string[] = [];
  const waits: number[] = [];
  const state = createWebhooksState({
    request: (method, p, schema, options) => apiRequest(method, p, schema, { ...options, fetch: api.fetch }),
    copy: async (text) => copies.push(text) > 0,
    wait: async (ms) => void waits.push(ms),
  });
  return { api, state, copies, logs, waits };
}

describe('the webhooks section', () => {
  it('registers an endpoint, shows its signing secret once with Copy, and lists it with its deliveries', async () => {
    const { api, state, copies } = setup();
    await state.load();
    expect(state.endpoints.value).toEqual([]);
    expect(await state.create({ url: ENDPOINT.url, events: ['meeting.ended'] })).toBe(true);
    expect(api.to('POST /api/auth/webhooks')[0]!.body).toEqual({ url: ENDPOINT.url, events: ['meeting.ended'] });
    expect(state.created.secret.value).toBe('whsec_abc');
    expect(state.endpoints.value).toEqual([ENDPOINT]);
    expect(state.deliveries.value).toEqual({ w1: [] });
    await state.created.copy();
    expect(copies).toEqual(['whsec_abc']);
    state.created.dismiss();
    expect(state.created.item.value).toBeNull();
  });

  it('sends a test event and follows it in the log until it was delivered', async () => {
    const { state, logs, waits } = setup();
    await state.create({ url: ENDPOINT.url, events: ['meeting.ended'] });
    logs.splice(0, logs.length, [pending], [pending], [delivered]);
    await state.sendTest('w1');
    expect(state.tests.value.w1).toEqual(delivered);
    expect(state.deliveries.value.w1).toEqual([delivered]);
    expect(waits).toEqual([1000, 1000, 1000]);
  });

  it('stops following after a failed attempt (the server retries later) and shows it', async () => {
    const { state, logs } = setup();
    await state.create({ url: ENDPOINT.url, events: ['meeting.ended'] });
    const failedOnce = { ...pending, attempts: 1, responseStatus: 500, error: 'the receiver answered 500' };
    logs.splice(0, logs.length, [failedOnce]);
    await state.sendTest('w1');
    expect(state.tests.value.w1).toEqual(failedOnce);
  });

  it('deletes an endpoint, and shows why the server refused a URL', async () => {
    const { api, state } = setup();
    await state.create({ url: ENDPOINT.url, events: ['meeting.ended'] });
    await state.remove('w1');
    expect(state.endpoints.value).toEqual([]);
    api.routes['POST /api/auth/webhooks'] = () =>
      apiError(400, 'bad_request', 'url refused: a private address (allow with WEBHOOKS_ALLOW_PRIVATE=true)');
    expect(await state.create({ url: 'http://127.0.0.1/hook', events: ['meeting.ended'] })).toBe(false);
    expect(state.problem.value).toMatch(/private address/);
  });
});
