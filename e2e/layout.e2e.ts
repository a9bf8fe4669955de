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
  });
});
