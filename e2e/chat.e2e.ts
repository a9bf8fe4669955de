import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poll, type ParticipantPage } from './harness/browser.ts';
import { startTwoPersonCall, type CallFixture } from './harness/call-fixture.ts';
import { withPageState } from './harness/room.ts';

const unreadCount = (page: Page) =>
  page.$eval('[data-action=chat]', (el) => Number(el.querySelector('[data-testid=unread-count]')?.textContent ?? 0));
const waitUnread = (page: Page, n: number) =>
  page
    .waitForFunction((want) => Number(document.querySelector('[data-testid=unread-count]')?.textContent ?? 0) === want, poll, n)
    .catch(async (e) => Promise.reject(await withPageState(page, e)));
const messageTexts = (page: Page) => page.$$eval('.chat__messages .message', (els) => els.map((e) => e.textContent ?? ''));

async function sendChat(page: Page, text: string) {
  // The chat panel loads when first opened: wait for its input to be there, and enabled.
  await page.waitForFunction(() => (document.querySelector('#chat-input') as HTMLTextAreaElement | null)?.disabled === false, poll);
  await page.type('#chat-input', text);
  await page.click('[data-action=send-message]');
  await page.waitForFunction((t) => [...document.querySelectorAll('.message--mine')].some((m) => m.textContent?.includes(t)), poll, text);
}

describe('chat, unread counter, files and the room bot, in real Chromium', () => {
  let call: CallFixture;
  let host: ParticipantPage;
  let guest: ParticipantPage;

  beforeAll(async () => {
    call = await startTwoPersonCall({ title: 'Chat call' });
    ({ host, guest } = call);
    // The room assistant tells the host about the guest's pre-join media check and their joining; let both
    // arrive while the panel is open, so the unread counts below are exact. The check's notes name the guest
    // only once their name is typed: on a loaded machine the check (a second or two) finishes before the
    // typing does, and its last note says "A guest (not in the call yet)", so the name is not waited for.
    await host.page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-action=chat]')!.click());
    await host.page
      .waitForFunction(
        () =>
          ['media check finished', 'Gus Guest joined from'].every((note) =>
            [...document.querySelectorAll('.message--bot')].some((m) => m.textContent?.includes(note)),
          ),
        poll,
      )
      .catch(async (e) => Promise.reject(await withPageState(host.page, e)));
    await host.page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-action=chat]')!.click());
  });
  afterAll(() => call?.close());

  it('counts unread messages while the panel is closed and clears the count when opened', async () => {
    const before = await unreadCount(host.page);
    expect(before).toBe(0);
    await guest.page.click('[data-action=chat]');
    await sendChat(guest.page, 'Hello from Gus, see https://example.com/doc');
    await waitUnread(host.page, before + 1);
    await sendChat(guest.page, 'Second message');
    await waitUnread(host.page, before + 2);
    await host.page.click('[data-action=chat]');
    await host.page.waitForFunction(() => !document.querySelector('[data-testid=unread-count]'), poll);
    expect(await unreadCount(host.page)).toBe(0);
    const texts = await messageTexts(host.page);
    expect(texts.some((t) => t.includes('Hello from Gus'))).toBe(true);
    const link = await host.page.$eval('.message a[href="https://example.com/doc"]', (a) => ({
      rel: a.getAttribute('rel'),
      target: a.getAttribute('target'),
    }));
    expect(link.rel).toContain('noopener');
    expect(link.target).toBe('_blank');
    await sendChat(host.page, 'Hi Gus, <b>not bold</b>');
    await guest.page.waitForFunction(() => document.querySelector('.chat__messages')?.textContent?.includes('<b>not bold</b>'), poll);
    expect(await guest.page.$('.chat__messages b')).toBeNull();
  });

  it('shows the host the bot note about the guest device, and not the guest', async () => {
    await host.page.waitForFunction(
      () => [...document.querySelectorAll('.message--bot')].some((m) => m.textContent?.includes('Gus Guest joined from Chromium')),
      poll,
    );
    expect(await guest.page.$$('.message--bot')).toHaveLength(0);
  });

  it('keeps the history across a refresh, as the same participant, without showing the pre-join page', async () => {
    const idBefore = await guest.page.$eval('[data-self]', (el) => el.getAttribute('data-participant-id'));
    // Whether the pre-join page's Join button appears at any moment of the reload.
    const watch = await guest.page.evaluateOnNewDocument(() => {
      new MutationObserver(() => {
        if (document.querySelector('[data-action=join]')) document.documentElement.dataset.sawPrejoin = 'true';
      }).observe(document, { subtree: true, childList: true });
    });
    await guest.page.reload();
    await guest.page.waitForSelector('[data-testid=participant-count]');
    expect(await guest.page.evaluate(() => document.documentElement.dataset.sawPrejoin ?? 'false')).toBe('false');
    await guest.page.removeScriptToEvaluateOnNewDocument(watch.identifier);
    const idAfter = await guest.page.$eval('[data-self]', (el) => el.getAttribute('data-participant-id'));
    expect(idAfter).toBe(idBefore);
    await guest.page.click('[data-action=chat]');
    await guest.page.waitForFunction(() => document.querySelector('.chat__messages')?.textContent?.includes('Second message'), poll);
    const texts = await messageTexts(guest.page);
    const order = ['Hello from Gus', 'Second message', 'Hi Gus'].map((t) => texts.findIndex((x) => x.includes(t)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('delivers a file uploaded by one to the other with the same bytes; a stranger gets 403', async () => {
    const bytes = randomBytes(300_000);
    const file = path.join(tmpdir(), `share-${Date.now()}.bin`);
    await writeFile(file, bytes);
    const input = (await guest.page.$('#chat-file'))!;
    await (input as import('puppeteer-core').ElementHandle<HTMLInputElement>).uploadFile(file);
    await host.page.waitForFunction(() => document.querySelector('.message--file a[data-file-id]'), poll);
    const href = await host.page.$eval('.message--file a[data-file-id]', (a) => (a as HTMLAnchorElement).href);
    const downloaded = await host.page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, bytes: Array.from(new Uint8Array(await res.arrayBuffer())) };
    }, href);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(downloaded.bytes).equals(bytes)).toBe(true);
    const stranger = await fetch(href.replace(/\?.*$/, ''));
    expect(stranger.status).toBe(403);
  });
});
