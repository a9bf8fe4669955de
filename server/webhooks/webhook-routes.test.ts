import { afterEach, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../config.ts';
import { createTestApp } from '../../test/server/test-app.ts';
import { startWebhookReceiver } from '../../test/server/webhook-receiver.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function app(allowPrivate = false) {
  const t = createTestApp({ webhooks: { ...testConfig().webhooks, allowPrivate } });
  t.webhooks.start();
  cleanups.push(() => t.webhooks.stop());
  return t;
}

const HOOK = { url: 'https://93.184.215.14/hook', events: ['meeting.ended'] };

describe("an account's webhook endpoints (/api/auth/webhooks)", () => {
  it('registers an endpoint (secret once), sends a test event, logs its delivery, deletes it', async () => {
    const t = app(true);
    const receiver = await startWebhookReceiver();
    cleanups.push(receiver.close);
    const { headers } = await t.signUp();
    const created = await t.json('POST', '/api/auth/webhooks', { url: receiver.url(), events: ['guest.waiting'] }, headers);
    expect(created.status).toBe(201);
    const { endpoint, secret } = await created.json();
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ url: receiver.url(), events: ['guest.waiting'], description: '' });
    const list = await (await t.json('GET', '/api/auth/webhooks', undefined, headers)).json();
    expect(list).toEqual({ endpoints: [endpoint] });
    expect(JSON.stringify(list)).not.toContain(secret);

    const test = await t.json('POST', `/api/auth/webhooks/${endpoint.id}/test`, undefined, headers);
    expect(test.status).toBe(202);
    expect((await test.json()).delivery).toMatchObject({ event: 'webhook.test', state: 'pending' });
    await vi.waitFor(() => expect(receiver.events().map((e) => e.type)).toEqual(['webhook.test']));
    expect(receiver.received[0]!.headers['x-webhook-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    await vi.waitFor(async () =>
      expect((await (await t.json('GET', `/api/auth/webhooks/${endpoint.id}/deliveries`, undefined, headers)).json()).deliveries).toEqual([
        expect.objectContaining({ event: 'webhook.test', state: 'delivered', responseStatus: 200 }),
      ]),
    );

    expect((await t.json('DELETE', `/api/auth/webhooks/${endpoint.id}`, undefined, headers)).status).toBe(204);
    expect((await t.json('DELETE', `/api/auth/webhooks/${endpoint.id}`, undefined, headers)).status).toBe(404);
    expect(await (await t.json('GET', '/api/auth/webhooks', undefined, headers)).json()).toEqual({ endpoints: [] });
  });

  it("keeps each account's endpoints to itself (another's is a 404)", async () => {
    const t = app();
    const ada = await t.signUp('ada@example.com');
    const bob = await t.signUp('bob@example.com');
    const { endpoint } = await (await t.json('POST', '/api/auth/webhooks', HOOK, ada.headers)).json();
    expect(await (await t.json('GET', '/api/auth/webhooks', undefined, bob.headers)).json()).toEqual({ endpoints: [] });
    for (const [method, path] of [
      ['DELETE', `/api/auth/webhooks/${endpoint.id}`],
      ['GET', `/api/auth/webhooks/${endpoint.id}/deliveries`],
      ['POST', `/api/auth/webhooks/${endpoint.id}/test`],
    ] as const) {
      expect((await t.json(method, path, undefined, bob.headers)).status, `${method} ${path}`).toBe(404);
    }
    expect((await t.storage.dump()).webhookEndpoints).toHaveLength(1);
  });

  it.each([
    [{ url: 'http://127.0.0.1:8080/hook', events: ['meeting.ended'] }, /private address.*WEBHOOKS_ALLOW_PRIVATE=true/],
    [{ url: 'ftp://example.com/x', events: ['meeting.ended'] }, /https:\/\/ or http:\/\//],
    [{ url: 'https://example.com/', events: [] }, /at least one event/],
    [{ url: 'https://example.com/', events: ['meeting.exploded'] }, /an event is one of/],
    [{ ...HOOK, extra: 1 }, /extra/],
  ])('refuses %j with a 400 that says why, storing nothing', async (body, message) => {
    const t = app();
    const { headers } = await t.signUp();
    const res = await t.json('POST', '/api/auth/webhooks', body, headers);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
    expect((await t.storage.dump()).webhookEndpoints).toEqual([]);
  });

  it('is for a signed-in user only: signed out 401, and an API key is no session', async () => {
    const t = app();
    const { headers } = await t.signUp();
    const { key } = await (await t.json('POST', '/api/auth/api-keys', { name: 'k', scopes: ['webhooks:write'] }, headers)).json();
    expect((await t.json('GET', '/api/auth/webhooks')).status).toBe(401);
    expect((await t.json('POST', '/api/auth/webhooks', HOOK)).status).toBe(401);
    expect((await t.json('POST', '/api/auth/webhooks', HOOK, { authorization: `Bearer ${key}` })).status).toBe(401);
    expect((await t.storage.dump()).webhookEndpoints).toEqual([]);
  });

  it('refuses a cookie request from another site (CSRF) before registering anything', async () => {
    const t = app();
    const { headers } = await t.signUp();
    const res = await t.json('POST', '/api/auth/webhooks', HOOK, { ...headers, 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect((await t.storage.dump()).webhookEndpoints).toEqual([]);
  });
});
