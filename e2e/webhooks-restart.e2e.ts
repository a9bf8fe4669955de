import { afterAll, describe, expect, it } from 'vitest';
import { API_SCOPES } from '../shared/api/api-keys.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../test/server/webhook-receiver.ts';
import { signUpHost } from './harness/accounts.ts';
import { api, startServer, type RunningServer } from './harness/server.ts';

/** Waits for `check` to hold (polling), or fails saying what it waited for. */
async function until(what: string, check: () => boolean | Promise<boolean>, { timeoutMs = 60_000, everyMs = 100 } = {}) {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * The real server (server/main.ts, lowdb in its DATA_DIR) killed with SIGKILL while a webhook
 * delivery waits for its retry: the server started again on the same data sends it.
 */
describe('a webhook delivery across a crash of the server', () => {
  const running: RunningServer[] = [];
  let receiver: WebhookReceiver | null = null;
  afterAll(async () => {
    for (const server of running) await server.stop();
    await receiver?.close();
  });

  it('is retried by the next server after the receiver answered 500 and the server was killed', async () => {
    receiver = await startWebhookReceiver();
    receiver.answer(500);
    const env = { WEBHOOKS_ALLOW_PRIVATE: 'true' };
    const server = await startServer(env);
    running.push(server);
    const host = await signUpHost(server);
    const made = await api(server, 'POST', '/api/auth/api-keys', { name: 'CRM', scopes: API_SCOPES }, { cookie: host.cookie });
    expect(made.status).toBe(201);
    const key = { authorization: `Bearer ${made.body.key}` };
    const hook = await api(server, 'POST', '/api/v1/webhooks', { url: receiver.url(), events: ['guest.waiting'] }, key);
    expect(hook.status).toBe(201);
    const meeting = await api(
      server,
      'POST',
      '/api/v1/meetings',
      { title: 'Crash test', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 },
      key,
    );
    const { link } = (await api(server, 'GET', `/api/v1/meetings/${meeting.body.id}/link`, undefined, key)).body;
    const knock = await api(
      server,
      'POST',
      `/api/meetings/${meeting.body.id}/lobby`,
      { name: 'Gus' },
      {
        'x-invite-token': new URL(link).searchParams.get('invite')!,
      },
    );
    expect(knock.status).toBe(202);

    await until('the first attempt (answered 500)', () => receiver!.received.length === 1);
    running.splice(running.indexOf(server), 1);
    server.process.kill('SIGKILL');
    await new Promise((resolve) =>
      server.process.exitCode !== null || server.process.signalCode ? resolve(null) : server.process.once('exit', resolve),
    );

    const again = await startServer({ ...env, DATA_DIR: server.dataDir });
    running.push(again);
    // The retry was due 10 s after the first attempt; the new server sends it when it comes due.
    await until('the retry from the restarted server', () => receiver!.received.length === 2);
    const [first, second] = receiver.received;
    expect(second!.headers['x-webhook-id']).toBe(first!.headers['x-webhook-id']);
    expect(JSON.parse(second!.body)).toMatchObject({ type: 'guest.waiting', data: { guest: { name: 'Gus' } } });
    await until(
      'the log to say delivered',
      async () => {
        const log = await api(again, 'GET', `/api/v1/webhooks/${hook.body.endpoint.id}/deliveries`, undefined, key);
        if (log.status !== 200) throw new Error(`the log: ${log.status} ${JSON.stringify(log.body)}`);
        return log.body.deliveries[0]?.state === 'delivered' && log.body.deliveries[0]?.attempts === 2;
        // Each look is an API request: well under the key's 300 a minute.
      },
      { everyMs: 500 },
    );
  }, 120_000);
});
