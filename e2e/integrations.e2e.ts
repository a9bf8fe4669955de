import { createHmac } from 'node:crypto';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../test/server/webhook-receiver.ts';
import { signInContext, signUpHost, type HostAccount } from './harness/accounts.ts';
import { seriousViolations } from './harness/axe.ts';
import { launchBrowser, openParticipant, poll } from './harness/browser.ts';
import { smallTargets } from './harness/layout.ts';
import { api, startServer, type RunningServer } from './harness/server.ts';

const OPERATOR_EMAIL = 'olga@operators.example';
const MEETING = { title: 'Made with a key', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 };
/** The controls of the integrations a finger must hit. */
const TARGETS = '[data-testid=integrations] :is(button, summary, label.check)';

/** Waits for `check` to hold (polling), or fails saying what it waited for. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const textOf = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

/**
 * Issue 24 without curl: on the account page a user makes an API key (used from Node, then revoked),
 * registers a webhook endpoint that gets a signed test event, and lists a site that may embed meetings.
 */
describe('integrations on the account page, in real Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let host: HostAccount;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    // The receiver is on loopback: the SSRF guard lets it through only when the operator allows it.
    server = await startServer({ WEBHOOKS_ALLOW_PRIVATE: 'true', ADMIN_EMAILS: OPERATOR_EMAIL });
    browser = await launchBrowser();
    host = await signUpHost(server, 'Ada Integrator');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  async function accountPage(width?: number) {
    const opened = await openParticipant(browser, `${server.url}/account`, {
      prepare: async (c) => {
        await signInContext(c, server, host);
        await c.overridePermissions(server.url, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
      },
      beforeLoad: async (p) => {
        if (width) await p.setViewport({ width, height: 800, isMobile: true, hasTouch: true });
      },
    });
    opened.page.on('dialog', (dialog) => void dialog.accept());
    await opened.page.waitForSelector('[data-testid=integrations] [data-testid=api-keys] ul, [data-testid=api-keys] p.muted', poll);
    return opened.page;
  }

  it('an API key made on the page (meetings:write) is copied, works from Node, and after Revoke gets 401', async () => {
    const page = await accountPage();
    await page.type('[data-testid=create-api-key] input[name=name]', 'CRM');
    await page.click('[data-testid=create-api-key] input[value="meetings:write"]');
    await page.click('[data-action=create-key]');
    const shown = '[data-testid=api-keys] [data-testid=shown-once]';
    await page.waitForSelector(`${shown} code`, poll);
    const key = await textOf(page, `${shown} code`);
    expect(key).toMatch(/^mrk_[A-Za-z0-9_-]{43}$/);
    expect(await textOf(page, shown)).toMatch(/will not be shown again/);
    await page.bringToFront();
    await page.click(`${shown} [data-action=copy-secret]`);
    await page.waitForFunction((s: string) => document.querySelector(`${s} [role=status]`)?.textContent === 'Copied', poll, shown);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    const row = '[data-testid=api-keys] li[data-key-name=CRM]';
    await page.waitForSelector(`${row}[data-state=active]`, poll);
    expect(await textOf(page, row)).toMatch(/meetings:write.*never used/s);
    expect(await seriousViolations(page)).toEqual([]);

    const withKey = { authorization: `Bearer ${key}` };
    const made = await api(server, 'POST', '/api/v1/meetings', MEETING, withKey);
    expect(made.status).toBe(201);

    await page.click(`${shown} [data-action=done-secret]`);
    await page.waitForFunction((s: string) => !document.querySelector(s), poll, shown);
    expect(await page.content()).not.toContain(key);
    await page.click(`${row} [data-action=revoke-key]`);
    await page.waitForSelector(`${row}[data-state=revoked]`, poll);
    expect(await textOf(page, row)).toMatch(/revoked/);
    expect(await page.$(`${row} [data-action=revoke-key]`)).toBeNull();
    expect((await api(server, 'POST', '/api/v1/meetings', MEETING, withKey)).status).toBe(401);
  });

  it('a webhook endpoint added on the page gets a signed test event, and the page shows it delivered (2xx)', async () => {
    const page = await accountPage();
    const url = receiver.url('/hooks/meeting-room');
    await page.type('[data-testid=create-webhook] input[name=url]', url);
    await page.click('[data-testid=create-webhook] input[value="meeting.ended"]');
    await page.click('[data-action=add-endpoint]');
    const shown = '[data-testid=webhooks] [data-testid=shown-once]';
    await page.waitForSelector(`${shown} code`, poll);
    const secret = await textOf(page, `${shown} code`);
    expect(secret).toMatch(/^whsec_/);
    const endpoint = `[data-testid=webhooks] li[data-endpoint-url="${url}"]`;
    await page.waitForSelector(endpoint, poll);
    expect(await textOf(page, endpoint)).toContain('meeting.ended');

    await page.click(`${endpoint} [data-action=send-test]`);
    await until('the test event at the receiver', () => receiver.received.length === 1);
    const [got] = receiver.received;
    expect(got!.path).toBe('/hooks/meeting-room');
    expect(JSON.parse(got!.body)).toMatchObject({ type: 'webhook.test' });
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(got!.headers['x-webhook-signature'])) ?? [];
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${got!.body}`).digest('hex'));

    await page.waitForSelector(`${endpoint} [data-testid=test-result][data-state=delivered]`, poll);
    expect(await textOf(page, `${endpoint} [data-testid=test-result]`)).toMatch(/delivered \(answered 200\)/);
    await page.waitForSelector(`${endpoint} .deliveries li[data-event="webhook.test"][data-state=delivered][data-status="200"]`, poll);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('a site added for embedding is listed (a wrong one is refused with the reason), at 360 px with 44 px targets', async () => {
    const page = await accountPage(360);
    const input = '[data-testid=add-origin] input[name=origin]';
    await page.type(input, 'crm.example.com/portal');
    await page.click('[data-action=add-origin]');
    await page.waitForSelector('[data-testid=embedding] [role=alert]', poll);
    expect(await textOf(page, '[data-testid=embedding] [role=alert]')).toMatch(/an origin is a scheme, a host and a port/);

    await page.$eval(input, (el) => void ((el as HTMLInputElement).value = ''));
    await page.type(input, 'https://crm.example.com');
    await page.click('[data-action=add-origin]');
    await page.waitForSelector('[data-testid=embedding] li[data-origin="https://crm.example.com"]', poll);
    expect(await page.$('[data-testid=embedding] [role=alert]')).toBeNull();
    expect(await textOf(page, '[data-testid=embedding] .snippet')).toContain(`<script src="${server.url}/embed.js"`);
    expect((await api(server, 'GET', '/api/auth/embedding', undefined, { cookie: host.cookie })).body).toEqual({
      origins: ['https://crm.example.com'],
    });

    // The page fits a small phone, and every control of the integrations is big enough to touch.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await smallTargets(page, TARGETS)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("operators make the server's keys with the same section on the operator page", async () => {
    const operator = await signUpHost(server, 'Olga Operator', OPERATOR_EMAIL);
    const { page } = await openParticipant(browser, `${server.url}/admin`, (c) => signInContext(c, server, operator));
    await page.waitForSelector('[data-testid=create-api-key] input[name=name]', poll);
    await page.type('[data-testid=create-api-key] input[name=name]', 'Provisioning');
    await page.click('[data-testid=create-api-key] input[value="meetings:write"]');
    await page.click('[data-action=create-key]');
    await page.waitForSelector('[data-testid=api-keys] li[data-key-name=Provisioning][data-state=active]', poll);
    const listed = await api(server, 'GET', '/api/admin/api-keys', undefined, { cookie: operator.cookie });
    expect(listed.body.keys.map((k: { name: string }) => k.name)).toEqual(['Provisioning']);
    expect((await api(server, 'GET', '/api/auth/api-keys', undefined, { cookie: operator.cookie })).body.keys).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
