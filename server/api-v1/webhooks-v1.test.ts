import { afterEach, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../config.ts';
import { createApiWorld } from '../../test/server/api-v1-world.ts';
import { startWebhookReceiver } from '../../test/server/webhook-receiver.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(allowPrivate: boolean) {
  const t = await createApiWorld({ webhooks: { ...testConfig().webhooks, allowPrivate }, adminEmails: ['ops@example.com'] });
  t.webhooks.start();
  cleanups.push(() => t.webhooks.stop());
  const key = await t.makeKey(['webhooks:write']);
  const api = (method: string, path: string, body?: unknown, as = key) => t.checked(as, method, path, body);
  return { ...t, key, api };
}

describe('/api/v1/webhooks', () => {
  it('registers an endpoint (secret once), lists it, sends a test event and logs the delivery, deletes it', async () => {
    const t = await world(true);
    const receiver = await startWebhookReceiver();
    cleanups.push(receiver.close);
    const created = await t.api('POST', '/webhooks', {
      url: receiver.url(),
      events: ['guest.waiting', 'meeting.ended'],
      description: 'CRM',
    });
    expect(created.status).toBe(201);
    const { endpoint, secret } = created.body as { endpoint: { id: string }; secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await t.api('GET', '/webhooks')).body)).not.toContain(secret);
    expect((await t.api('GET', `/webhooks/${endpoint.id}`)).body).toMatchObject({ url: receiver.url(), description: 'CRM' });

    const test = await t.api('POST', `/webhooks/${endpoint.id}/test`);
    expect(test.status).toBe(202);
    await vi.waitFor(() => expect(receiver.events().map((e) => e.type)).toEqual(['webhook.test']));
    await vi.waitFor(async () =>
      expect((await t.api('GET', `/webhooks/${endpoint.id}/deliveries`)).body.deliveries).toEqual([
        expect.objectContaining({ event: 'webhook.test', state: 'delivered', attempts: 1, responseStatus: 200 }),
      ]),
    );

    expect((await t.api('DELETE', `/webhooks/${endpoint.id}`)).status).toBe(204);
    expect((await t.api('GET', `/webhooks/${endpoint.id}`)).status).toBe(404);
    expect((await t.api('GET', '/webhooks')).body).toEqual({ endpoints: [] });
  });

  it('refuses a private address (SSRF) with a 400 that says how the operator may allow it', async () => {
    const t = await world(false);
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://169.254.169.254/', 'http://[::1]/']) {
      const res = await t.api('POST', '/webhooks', { url, events: ['meeting.ended'] });
      expect(res.status, url).toBe(400);
      expect(res.body.error!.message).toMatch(/private address.*WEBHOOKS_ALLOW_PRIVATE=true/);
    }
    expect((await t.storage.dump()).webhookEndpoints).toEqual([]);
  });

  it.each([
    [{ url: 'ftp://example.com/x', events: ['meeting.ended'] }, /https:\/\/ or http:\/\//],
    [{ url: 'not a url', events: ['meeting.ended'] }, /absolute http\(s\) URL/],
    [{ url: 'https://user:pw@example.com/', events: ['meeting.ended'] }, /user name or password/],
    [{ url: 'https://example.com/', events: [] }, /at least one event/],
    [{ url: 'https://example.com/', events: ['meeting.exploded'] }, /an event is one of/],
  ])('refuses %j with a 400 that says why', async (body, message) => {
    const t = await world(false);
    const res = await t.api('POST', '/webhooks', body);
    expect(res.status).toBe(400);
    expect(res.body.error!.message).toMatch(message);
  });

  it("keeps each account's endpoints to itself, and the server's key has none", async () => {
    const t = await world(true);
    const { endpoint } = (await t.api('POST', '/webhooks', { url: 'https://93.184.215.14/hook', events: ['meeting.ended'] })).body as {
      endpoint: { id: string };
    };
    const other = await t.signUp('other@example.com', 'Olaf Other');
    const theirKey = await t.makeKey(['webhooks:write'], other.headers);
    for (const [method, path] of [
      ['GET', `/webhooks/${endpoint.id}`],
      ['DELETE', `/webhooks/${endpoint.id}`],
      ['GET', `/webhooks/${endpoint.id}/deliveries`],
      ['POST', `/webhooks/${endpoint.id}/test`],
    ] as const) {
      expect((await t.api(method, path, undefined, theirKey)).status, `${method} ${path}`).toBe(404);
    }
    expect((await t.api('GET', '/webhooks', undefined, theirKey)).body).toEqual({ endpoints: [] });
    const ops = await t.signUp('ops@example.com', 'Olga Ops');
    const serverKey = (await (await t.json('POST', '/api/admin/api-keys', { name: 's', scopes: ['webhooks:write'] }, ops.headers)).json())
      .key;
    const refused = await t.api('GET', '/webhooks', undefined, serverKey);
    expect(refused.status).toBe(403);
    expect(refused.body.error!.message).toMatch(/belong to an account/);
    expect((await t.storage.dump()).webhookDeliveries).toEqual([]);
  });
});
