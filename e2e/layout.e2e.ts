import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signInContext, signUpHost, type HostAccount } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { boxOf, contrastOf, overlaps, SIZES, sidewaysOverflow, smallTargets, sticksOut } from './harness/layout.ts';
import { joinAs, pressJoin, waitForCount, withPageState } from './harness/room.ts';
import { ROOT, startServer, type RunningServer } from './harness/server.ts';

const OUT = path.join(ROOT, 'test-output', 'layout');
const shot = async (page: Page, name: string) => {
  await mkdir(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, `${name}.png`) as `${string}.png` });
};

/**
 * The finish as guests and hosts meet it, measured by element boxes at 1280×800, 390×844 and
 * 360×640 (screenshots go to test-output/layout/ for a person to look at; the boxes decide).
 */
describe('layout at a laptop and two phone sizes', () => {
  let server: RunningServer;
  let browser: Browser;
  let account: HostAccount;
  let meeting: Awaited<ReturnType<typeof createMeeting>>;
  let host: ParticipantPage;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    account = await signUpHost(server);
    meeting = await createMeeting(server, account, 'Layout call', { waitingRoom: true });
    host = await openParticipant(browser, meeting.hostUrl, {
      prepare: (c) => signInContext(c, server, account),
      beforeLoad: (page) => page.setViewport(SIZES[0]!.viewport),
    });
    await joinAs(host.page, 'Hanna Host');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  describe.each(SIZES)('$name', ({ name, viewport, touch }) => {
    const slug = name.split(' ').at(-1)!;

    it('the overview: the New meeting form fits the screen and its card', async () => {
      const { page } = await openParticipant(browser, `${server.url}/`, {
        prepare: (c) => signInContext(c, server, account),
        beforeLoad: (p) => p.setViewport(viewport),
      });
      await page.waitForSelector('.meeting-form input[name=title]');
      await shot(page, `overview-${slug}`);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      expect(await sticksOut(page, '.overview > .card')).toEqual([]);
      await page.close();
    });

    let guest: ParticipantPage;
    it('the pre-join page: Join now above the fold on a phone, the speaker help above it on a laptop', async () => {
      guest = await openParticipant(browser, meeting.guestUrl, { beforeLoad: (p) => p.setViewport(viewport) });
      const { page } = guest;
      await page.waitForSelector('[data-step=speaker][data-state=waiting] [data-action=heard-nothing]');
      await page.click('[data-action=heard-nothing]');
      await page.waitForSelector('.troubleshooting[data-problem^=speaker]');
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, `prejoin-${slug}`);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      const join = (await boxOf(page, '[data-action=join]'))!;
      const help = (await boxOf(page, '.troubleshooting[data-problem^=speaker]'))!;
      if (touch) expect(join.y + join.height).toBeLessThanOrEqual(viewport.height);
      else expect(help.y).toBeLessThan(viewport.height - 40);
    });

    it('the waiting room: the host reads "Waiting 1 guest" and admits', async () => {
      await pressJoin(guest.page, `Guest ${slug}`);
      await host.page.waitForSelector('[data-testid=waiting-count]');
      const name = await host.page.$eval('[data-action=waiting]', (b) => b.textContent?.replace(/\s+/g, ' ').trim());
      expect(name).toBe('Waiting 1 guest');
      await host.page.click('[data-action=admit-first]');
      try {
        await guest.page.waitForSelector('[data-testid=participant-count]');
      } catch (error) {
        throw await withPageState(guest.page, error as Error);
      }
      await waitForCount(host.page, 2);
    });

    it("the room: touch targets of 44×44 and more, on the guest's and the host's page", async () => {
      const { page } = guest;
      await page.waitForSelector('[data-action=pin]');
      await shot(page, `room-${slug}`);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      expect(await smallTargets(page, '.toolbar button, .tile__pin')).toEqual([]);
      // More only where the toolbar is short of room (a phone); on a laptop every control is in the toolbar.
      expect(Boolean(await boxOf(page, '[data-action=more]'))).toBe(touch);
      await host.page.waitForSelector('[data-action=host-menu]');
      expect(await smallTargets(host.page, '.tile__pin, .tile__host-menu > summary')).toEqual([]);
      await page.click('[data-action=chat]');
      await page.waitForSelector('#chat-input:not([disabled])');
      expect(await smallTargets(page, '.room__panel-close, .chat__actions .button')).toEqual([]);
      // The panel covers no toolbar button (on a phone it takes the videos' place, above the toolbar):
      // each is what a tap at its centre reaches, and on a phone the message box ends above the toolbar.
      const reachable = await page.$$eval('.toolbar > button', (buttons) =>
        buttons
          .filter((b) => b.getBoundingClientRect().width > 0)
          .map((b) => {
            const r = b.getBoundingClientRect();
            const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return { name: b.getAttribute('data-action'), reached: Boolean(hit && b.contains(hit)) };
          }),
      );
      expect(reachable.filter((b) => !b.reached).map((b) => b.name)).toEqual([]);
      expect(reachable.map((b) => b.name)).toContain('leave');
      if (touch) {
        const input = (await boxOf(page, '#chat-input'))!;
        const toolbar = (await boxOf(page, '.toolbar'))!;
        expect(input.y + input.height).toBeLessThanOrEqual(toolbar.y);
      }
      await page.type('#chat-input', `Hello from ${slug}`);
      await page.click('[data-action=send-message]');
      await page.waitForFunction((t) => document.querySelector('.chat__messages')?.textContent?.includes(t), poll, `Hello from ${slug}`);
      await shot(page, `chat-${slug}`);
      await page.click('.room__panel-close');
    });

    it('the More sheet (phones): above the toolbar, closed by a tap outside, Escape or More again', async () => {
      if (!touch) return;
      const { page } = guest;
      const open = () => page.$eval('#toolbar-more', (el) => el.classList.contains('is-open'));
      const always = '.toolbar > button';
      await page.tap('[data-action=more]');
      await page.waitForSelector('.toolbar__more.is-open [data-action=settings]', { visible: true });
      await shot(page, `more-${slug}`);
      const sheet = (await boxOf(page, '.toolbar__more.is-open'))!;
      const covered = await page.$$eval(always, (buttons) =>
        buttons.map((b) => {
          const r = b.getBoundingClientRect();
          return { name: b.getAttribute('data-action'), x: r.x, y: r.y, width: r.width, height: r.height };
        }),
      );
      expect(covered.filter((b) => overlaps(sheet, b)).map((b) => b.name)).toEqual([]);
      expect(sheet.y).toBeGreaterThanOrEqual(0);
      // A tap outside (on the video grid) closes it.
      await page.touchscreen.tap(viewport.width / 2, 60);
      await page.waitForFunction(() => !document.querySelector('.toolbar__more.is-open'), poll);
      // Escape closes it and gives the focus back to More.
      await page.tap('[data-action=more]');
      await page.waitForSelector('.toolbar__more.is-open');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('.toolbar__more.is-open'), poll);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('more');
      // More again closes it.
      await page.tap('[data-action=more]');
      await page.waitForSelector('.toolbar__more.is-open');
      await page.tap('[data-action=more]');
      await page.waitForFunction(() => !document.querySelector('.toolbar__more.is-open'), poll);
      expect(await open()).toBe(false);
    });

    it('settings: the speaker select shows the speaker in use', async () => {
      const { page } = guest;
      if (touch) {
        await page.tap('[data-action=more]');
        await page.waitForSelector('.toolbar__more.is-open [data-action=settings]', { visible: true });
      }
      await page.click('[data-action=settings]');
      await page.waitForSelector('.media-settings select[name=audiooutput] option');
      const speaker = await page.$eval('select[name=audiooutput]', (s) => {
        const select = s as HTMLSelectElement;
        return { index: select.selectedIndex, text: select.selectedOptions[0]?.textContent ?? '' };
      });
      expect(speaker.index).toBeGreaterThanOrEqual(0);
      expect(speaker.text.trim()).not.toBe('');
      await shot(page, `settings-${slug}`);
      // Opening the panel moved focus into it; Escape closes it and gives focus back (to More on a phone, whose sheet closed).
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-panel'))).toBe('settings');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('.room__panel'), poll);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe(touch ? 'more' : 'settings');
    });

    it('the chat panel by keyboard: Enter on Chat moves focus into it, Escape gives it back', async () => {
      const { page } = guest;
      await page.focus('[data-action=chat]');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-panel') === 'chat', poll);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('.room__panel'), poll);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('chat');
    });

    it("the host's chat: the assistant's notes are counted apart from people's messages; \"only you see this\" is readable", async () => {
      const { page } = host;
      await page.waitForSelector('[data-testid=notes-count]');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=unread-count]')?.textContent) === 1, poll);
      await page.click('[data-action=chat]');
      await page.waitForSelector('.message .badge');
      expect(await contrastOf(page, '.message .badge')).toBeGreaterThanOrEqual(4.5);
      await page.click('.room__panel-close');
      expect(await page.$('[data-testid=unread-count]')).toBeNull();
      expect(await page.$('[data-testid=notes-count]')).toBeNull();
    });

    it('Leave: the guest leaves without an error logged', async () => {
      const { page, logs } = guest;
      await page.click('[data-action=leave]');
      await waitForCount(host.page, 1);
      // What the page logged about a refused request (a 403 from POST …/leave before).
      expect(logs.filter((l) => /\b(403|404|500)\b|Forbidden/.test(l))).toEqual([]);
      await guest.context.close();
    });
  });

  it("the invite panel: the guest's time zone select shows the browser's zone (UTC here included)", async () => {
    const { page } = host;
    await page.click('[data-action=invite]');
    await page.waitForSelector('select[name=timeZone] option');
    const zone = await page.$eval('select[name=timeZone]', (s) => {
      const select = s as HTMLSelectElement;
      return { index: select.selectedIndex, value: select.value, browser: Intl.DateTimeFormat().resolvedOptions().timeZone };
    });
    expect(zone.index).toBeGreaterThanOrEqual(0);
    expect(zone.value).toBe(/^(UTC|Etc\/(UTC|GMT)|GMT)$/.test(zone.browser) ? 'UTC' : zone.browser);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.room__panel'), poll);
  });

  it("the end-call confirmation: a dialog that keeps focus and its text off the card's edges; Escape cancels", async () => {
    const { page } = host;
    await page.click('[data-action=end-for-all]');
    await page.waitForSelector('dialog[data-testid=end-confirm][open]');
    const inset = await page.$eval('[data-testid=end-confirm]', (dialog) => {
      const range = document.createRange();
      range.selectNodeContents(dialog.querySelector('p')!);
      return range.getBoundingClientRect().left - dialog.getBoundingClientRect().left;
    });
    expect(inset).toBeGreaterThanOrEqual(8);
    await shot(page, 'end-confirm-1280');
    // Focus starts on Cancel and Tab keeps it inside the dialog.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('cancel-end');
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid=end-confirm]')))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-testid=end-confirm]'), poll);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('end-for-all');
  });
});
