import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInContext, signUpHost, type HostAccount } from './harness/accounts.ts';
import { seriousViolations } from './harness/axe.ts';
import { launchBrowser, openParticipant, poll } from './harness/browser.ts';
import { api, startServer, type RunningServer } from './harness/server.ts';

const OPERATOR_EMAIL = 'olga@operators.example';

/** Operators (ADMIN_EMAILS) switch add-ons on at /admin; users see them on their account page and cannot change them. */
describe('operators switch add-ons on for users, in real Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: HostAccount;
  let ada: HostAccount;
  let otto: HostAccount;
  const adaRow = () => `tr[data-account-email="${ada.email}"]`;

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAILS: OPERATOR_EMAIL.toUpperCase() });
    browser = await launchBrowser();
    operator = await signUpHost(server, 'Olga Operator', OPERATOR_EMAIL);
    ada = await signUpHost(server, 'Ada Lovelace', 'ada@users.example');
    otto = await signUpHost(server, 'Otto Other', 'otto@users.example');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an operator finds a user on /admin and turns recording on with the keyboard; the audit line names the operator', async () => {
    const { page } = await openParticipant(browser, `${server.url}/`, (c) => signInContext(c, server, operator));
    await page.waitForSelector('[data-action=open-admin]', poll);
    await page.click('[data-action=open-admin]');
    await page.waitForSelector(`${adaRow()} [role=switch][data-feature=recording][aria-checked=false]`, poll);
    expect(await page.$$eval('tbody tr', (rows) => rows.length)).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);

    await page.type('#admin-search-input', 'lovelace');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1, poll);

    await page.focus(`${adaRow()} [data-feature=recording]`);
    await page.keyboard.press('Space');
    await page.waitForSelector(`${adaRow()} [data-feature=recording][aria-checked=true]`, poll);
    // Focus stays on the switch, whose name says what it is for.
    expect(await page.evaluate(() => [document.activeElement?.getAttribute('data-feature'), document.activeElement?.textContent])).toEqual([
      'recording',
      'OnRecording (add-on) for Ada Lovelace (ada@users.example)',
    ]);
    await page.waitForSelector(`.audit-line[data-account-email="${ada.email}"][data-feature=recording][data-to=on]`, poll);
    expect(await page.$eval('.audit-line', (li) => li.textContent)).toMatch(
      new RegExp(`${OPERATOR_EMAIL} turned Recording \\(add-on\\) on for ${ada.email}`),
    );
    expect(await page.$eval(`${adaRow()} [data-feature=backgroundBlur]`, (b) => b.getAttribute('aria-checked'))).toBe('false');
    expect(await seriousViolations(page)).toEqual([]);

    // The server holds it: the user's session sees it at once.
    expect((await api(server, 'GET', '/api/auth/me', undefined, { cookie: ada.cookie })).body.user.features).toEqual({
      recording: true,
      backgroundBlur: false,
    });
  });

  it("the user's account page shows it read-only, and the user cannot change it", async () => {
    const { page } = await openParticipant(browser, `${server.url}/account`, (c) => signInContext(c, server, ada));
    await page.waitForSelector('.feature-state[data-feature=recording][data-state=on]', poll);
    expect(await page.$eval('.feature-state[data-feature=recording]', (li) => li.textContent)).toMatch(/Turned on by your administrator/);
    expect(await page.$eval('.feature-state[data-feature=backgroundBlur]', (li) => li.textContent)).toMatch(/Ask your administrator/);
    // Nothing to press about the add-ons: no checkbox, switch or button in their card (the page's
    // other card, where you are signed in, has its Sign out everywhere; the integrations below them,
    // API keys, webhooks and embedding, have their own forms), and no way to the operator page.
    const featuresCard = 'main section.card:has(.feature-states)';
    expect(await page.$$(`${featuresCard} :is(input, button, [role=switch])`)).toHaveLength(0);
    expect(await page.$$('main > section.card :is(input, [role=switch])')).toHaveLength(0);
    expect(await page.$$eval('main > section.card button', (buttons) => buttons.map((b) => b.textContent?.trim()))).toEqual([
      'Sign out everywhere',
    ]);
    expect(await page.$('[data-action=open-admin]')).toBeNull();
    expect(await seriousViolations(page)).toEqual([]);

    // Asked directly from the page (same origin, the session cookie), the server refuses both ways.
    const { id } = (await api(server, 'GET', '/api/auth/me', undefined, { cookie: ada.cookie })).body.user;
    const statuses = await page.evaluate(async (accountId: string) => {
      const patch = (url: string, body: unknown) =>
        fetch(url, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const own = await patch('/api/auth/features', { recording: false, backgroundBlur: true });
      const admin = await patch(`/api/admin/accounts/${accountId}/features`, { recording: false, backgroundBlur: true });
      return [own.status, (await own.json()).error.message, admin.status];
    }, id);
    expect(statuses).toEqual([403, expect.stringMatching(/administrator/), 403]);
    await page.reload();
    await page.waitForSelector('.feature-state[data-feature=recording][data-state=on]', poll);
    expect(await page.$('.feature-state[data-feature=backgroundBlur][data-state=off]')).not.toBeNull();
  });

  it('a user who is not an operator opening /admin is told only operators can, and sees no account', async () => {
    const { page } = await openParticipant(browser, `${server.url}/`, (c) => signInContext(c, server, otto));
    await page.waitForSelector('.meeting-list, .overview .card', poll);
    expect(await page.$('[data-action=open-admin]')).toBeNull();
    await page.goto(`${server.url}/admin`);
    await page.waitForSelector('[data-testid=operators-only]', poll);
    expect(await page.$eval('h1', (h) => h.textContent)).toBe('Only operators can open this page');
    const text = await page.$eval('body', (b) => b.textContent ?? '');
    expect(text).not.toContain(ada.email);
    expect(await page.$('.admin-table')).toBeNull();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
