import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createMeeting } from './harness/accounts.ts';
import { startTwoPersonCall, type CallFixture } from './harness/call-fixture.ts';
import { openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { joinAs, noRemoteScreen, waitForRemoteScreen, waitForRemoteVideos } from './harness/room.ts';

const stageKind = (page: Page) => page.$eval('[data-testid=stage]', (el) => el.getAttribute('data-stage-kind'));

describe('screen sharing, in real Chromium', () => {
  let browser: Browser;
  let host: ParticipantPage;
  let guest: ParticipantPage;
  let late: ParticipantPage;
  let meeting: Awaited<ReturnType<typeof createMeeting>>;
  let call: CallFixture;

  beforeAll(async () => {
    call = await startTwoPersonCall({ title: 'Screen share' });
    ({ browser, meeting, host, guest } = call);
  });
  afterAll(() => call?.close());

  it('delivers the shared screen to the other, shown large, while the sharer sees the bar', async () => {
    await host.page.click('[data-action=share-screen]');
    await host.page.waitForSelector('[data-testid=sharing-bar]');
    expect(await host.page.$eval('[data-testid=sharing-bar]', (e) => e.textContent)).toContain('You are sharing your screen');
    await waitForRemoteScreen(guest.page);
    expect(await guest.page.$eval('.room', (e) => e.getAttribute('data-view'))).toBe('focus');
    expect(await stageKind(guest.page)).toBe('screen');
    // The sharer's camera stays visible next to the screen.
    await waitForRemoteVideos(guest.page, 1);
  });

  it('shows an ongoing share to someone who joins during it', async () => {
    late = await openParticipant(browser, meeting.guestUrl);
    await joinAs(late.page, 'Lea Late');
    await waitForRemoteScreen(late.page);
    expect(await stageKind(late.page)).toBe('screen');
  });

  it('shows the share again to someone who reloads during it (the sharer calls the new page)', async () => {
    await late.page.reload();
    await waitForRemoteScreen(late.page);
    expect(await stageKind(late.page)).toBe('screen');
    await waitForRemoteVideos(late.page, 2);
  });

  it('stops cleanly everywhere from our Stop sharing button', async () => {
    await host.page.click('[data-action=stop-sharing]');
    await host.page.waitForFunction(() => !document.querySelector('[data-testid=sharing-bar]'), poll);
    await noRemoteScreen(guest.page);
    await noRemoteScreen(late.page);
    await guest.page.waitForFunction(() => document.querySelector('.room')?.getAttribute('data-view') === 'grid', poll);
  });

  it('stops cleanly when the browser ends the capture (its own stop bar)', async () => {
    await host.page.click('[data-action=share-screen]');
    await waitForRemoteScreen(guest.page);
    // Headless Chromium has no stop bar; this is what it does: the track ends.
    await host.page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('video[data-screen=own]')!;
      const track = (video.srcObject as MediaStream).getVideoTracks()[0]!;
      track.stop();
      track.dispatchEvent(new Event('ended'));
    });
    await host.page.waitForFunction(() => !document.querySelector('[data-testid=sharing-bar]'), poll);
    await noRemoteScreen(guest.page);
    await noRemoteScreen(late.page);
  });

  it('lets a second sharer take over: one share at a time', async () => {
    await host.page.click('[data-action=share-screen]');
    await waitForRemoteScreen(guest.page);
    await guest.page.click('[data-action=share-screen]');
    await host.page.waitForFunction(() => document.body.textContent?.includes('Someone else started sharing'), poll);
    await host.page.waitForFunction(() => !document.querySelector('[data-testid=sharing-bar]'), poll);
    await waitForRemoteScreen(host.page);
    const guestId = await guest.page.$eval('[data-self]', (e) => e.getAttribute('data-participant-id'));
    // What the host now watches is the guest's screen (the wait above does not say whose).
    expect(await host.page.$eval('video[data-screen=remote]', (v) => v.getAttribute('data-sharer-id'))).toBe(guestId);
    // The late joiner follows the room to the guest's share, and the guest's frames reach it too
    // (the tile follows the room at once; the media comes over a new call).
    await late.page.waitForFunction(
      (id) => document.querySelector('video[data-screen=remote]')?.getAttribute('data-sharer-id') === id,
      poll,
      guestId,
    );
    await waitForRemoteScreen(late.page);
    // The new sharer sees its own share and no one else's: one share at a time.
    expect(await guest.page.$('[data-testid=sharing-bar]')).not.toBeNull();
    await guest.page.waitForFunction(() => !document.querySelector('video[data-screen=remote]'), poll);
    await guest.page.click('[data-action=stop-sharing]');
    await noRemoteScreen(host.page);
  });
});

describe('views, full screen and refresh, in real Chromium', () => {
  let call: CallFixture;
  let host: ParticipantPage;
  let guest: ParticipantPage;

  beforeAll(async () => {
    call = await startTwoPersonCall({ title: 'Views' });
    ({ host, guest } = call);
  });
  afterAll(() => call?.close());

  it('switches between grid and focus, and a pin decides the large tile', async () => {
    const { page } = host;
    expect(await page.$eval('.room', (e) => e.getAttribute('data-view'))).toBe('grid');
    expect(await page.$$('[data-testid=stage]')).toHaveLength(0);
    await page.click('[data-action=toggle-view]');
    await page.waitForSelector('[data-testid=stage]');
    const guestId = await guest.page.$eval('[data-self]', (e) => e.getAttribute('data-participant-id'));
    expect(await page.$eval('[data-testid=stage]', (e) => e.getAttribute('data-stage-id'))).toBe(guestId);
    const stageBox = await (await page.$('[data-testid=stage]'))!.boundingBox();
    const stripBox = await (await page.$('.focus__strip .tile'))!.boundingBox();
    expect(stageBox!.width * stageBox!.height).toBeGreaterThan(4 * stripBox!.width * stripBox!.height);
    // Pin myself: I take the large tile.
    await page.$eval('.focus__strip [data-self] [data-action=pin]', (b) => (b as HTMLButtonElement).click());
    const selfId = await page.$eval('[data-self]', (e) => e.getAttribute('data-participant-id'));
    await page.waitForFunction((id) => document.querySelector('[data-testid=stage]')?.getAttribute('data-stage-id') === id, poll, selfId);
    await page.click('[data-action=toggle-view]');
    await page.waitForFunction(() => document.querySelector('.room')?.getAttribute('data-view') === 'grid', poll);
  });

  it('enters full screen and follows when it is left (Esc)', async () => {
    const { page } = host;
    await page.click('[data-action=fullscreen]');
    await page.waitForFunction(() => document.fullscreenElement !== null, poll);
    expect(await page.$eval('[data-action=fullscreen]', (b) => b.getAttribute('aria-pressed'))).toBe('true');
    await page.keyboard.press('Escape');
    // Headless Chromium may not map Esc to leaving full screen; the browser's exit is the same event.
    await page.evaluate(() => (document.fullscreenElement ? document.exitFullscreen() : undefined));
    await page.waitForFunction(() => document.querySelector('[data-action=fullscreen]')?.getAttribute('aria-pressed') === 'false', poll);
  });

  it('refreshes into the same call as the same participant; the others never see a leave', async () => {
    await host.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __seen: string[] }).__seen = seen;
      const record = () => {
        seen.push(`count:${document.querySelector('[data-testid=participant-count]')?.textContent?.replace(/\D+/g, '')}`);
        const status = document.querySelector('.room p[role=status][aria-live=polite]')?.textContent;
        if (status) seen.push(`said:${status}`);
        for (const tile of document.querySelectorAll('[data-presence=reconnecting]'))
          seen.push(`reconnecting:${tile.getAttribute('data-participant-id')}`);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const idBefore = await guest.page.$eval('[data-self]', (e) => e.getAttribute('data-participant-id'));
    await guest.page.click('[data-action=toggle-audio]'); // mute before the reload
    await Promise.all([guest.page.waitForNavigation(), guest.page.click('[data-action=refresh]')]);
    await guest.page.waitForSelector('[data-testid=participant-count]');
    expect(await guest.page.$eval('[data-self]', (e) => e.getAttribute('data-participant-id'))).toBe(idBefore);
    expect(await guest.page.$eval('[data-action=toggle-audio]', (b) => b.getAttribute('aria-pressed'))).toBe('true');
    await waitForRemoteVideos(guest.page, 1);
    await host.page.waitForFunction(
      (id) => document.querySelector(`[data-participant-id="${id}"]`)?.getAttribute('data-presence') === 'connected',
      poll,
      idBefore,
    );
    await waitForRemoteVideos(host.page, 1);
    const seen = await host.page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
    const counts = seen.filter((s) => s.startsWith('count:')).map((s) => Number(s.slice(6)));
    expect(Math.min(...counts)).toBe(2);
    expect(seen.some((s) => s.startsWith('said:') && s.includes('left'))).toBe(false);
    expect(seen).toContain(`reconnecting:${idBefore}`);
  });
});
