import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signInContext, signUpHost, type HostAccount } from './harness/accounts.ts';
import { seriousViolations } from './harness/axe.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { closePanel, hostAction, joinAs, openPanel, pressJoin, waitForCount, waitForRemoteVideos, withPageState } from './harness/room.ts';
import { api, startServer, type RunningServer } from './harness/server.ts';
import { recordPeerConnections } from './harness/webrtc.ts';

/** Waits for a condition on a page; on failure the error carries what the page showed and logged. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const waitOn = (page: Page, fn: (...args: any[]) => unknown, ...args: unknown[]) =>
  page.waitForFunction(fn, poll, ...args).catch(async (e) => Promise.reject(await withPageState(page, e)));
const shows = (page: Page, testId: string) => waitOn(page, (id: string) => Boolean(document.querySelector(`[data-testid=${id}]`)), testId);

/**
 * Media this page ever had on a peer connection: transceivers on any RTCPeerConnection it
 * created (the media check's own network test opens data-channel-only ones, which have none),
 * and remote videos with a stream.
 */
const mediaEverReceived = (page: Page) =>
  page.evaluate(() => ({
    transceivers: ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).reduce(
      (n, pc) => n + pc.getTransceivers().length,
      0,
    ),
    remoteVideos: [...document.querySelectorAll<HTMLVideoElement>('video[data-remote]')].filter((v) => v.srcObject).length,
  }));

const deviceIdOf = (page: Page) => page.evaluate(() => localStorage.getItem('device-id')!);

describe('host controls and the waiting room, in real Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let account: HostAccount;
  let meeting: Awaited<ReturnType<typeof createMeeting>>;
  let host: ParticipantPage;
  let gus: ParticipantPage;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    account = await signUpHost(server, 'Hanna Host');
    meeting = await createMeeting(server, account, 'Customer call', { waitingRoom: true });
    host = await openParticipant(browser, meeting.hostUrl, (c) => signInContext(c, server, account));
    await joinAs(host.page, 'Hanna Host');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('keeps a guest waiting, with no media, until the host admits them; then both see each other', async () => {
    gus = await openParticipant(browser, meeting.guestUrl, { beforeLoad: recordPeerConnections });
    await pressJoin(gus.page, 'Gus Guest');
    await shows(gus.page, 'waiting-room');
    await waitOn(gus.page, () => document.querySelector('[data-testid=waiting-status]')?.getAttribute('data-host-present') === 'true');
    expect(await gus.page.$eval('[data-testid=waiting-status]', (el) => el.textContent)).toContain('Hanna Host has been told you are here');
    // The waiting page keeps its own camera preview and the media check.
    await waitOn(gus.page, () => (document.querySelector('.preview video') as HTMLVideoElement | null)?.srcObject != null);
    expect(await gus.page.$('.media-check')).not.toBeNull();
    expect(await seriousViolations(gus.page)).toEqual([]);

    // The host is told: the badge, the notice and the assistant's note.
    await waitOn(host.page, () => document.querySelector('[data-testid=waiting-count]')?.textContent === '1');
    await shows(host.page, 'waiting-notice');
    await openPanel(host.page, 'chat');
    await waitOn(host.page, () =>
      [...document.querySelectorAll('.message--bot')].some((m) => m.textContent?.includes('Gus Guest is waiting to join')),
    );
    await closePanel(host.page);
    expect(await mediaEverReceived(gus.page)).toEqual({ transceivers: 0, remoteVideos: 0 });

    await host.page.click('[data-action=admit-first]');
    await gus.page.waitForSelector('[data-testid=participant-count]');
    await waitForCount(gus.page, 2);
    await waitForCount(host.page, 2);
    await waitForRemoteVideos(gus.page, 1);
    await waitForRemoteVideos(host.page, 1);
    await waitOn(host.page, () => !document.querySelector('[data-testid=waiting-count]'));
  });

  it('does not ask an admitted guest again after a refresh', async () => {
    const before = await gus.page.$eval('[data-self]', (el) => el.getAttribute('data-participant-id'));
    await gus.page.reload();
    await gus.page.waitForSelector('[data-testid=participant-count]');
    expect(await gus.page.$eval('[data-self]', (el) => el.getAttribute('data-participant-id'))).toBe(before);
    expect(await gus.page.$('[data-testid=waiting-room]')).toBeNull();
    await waitForRemoteVideos(gus.page, 1);
  });

  it('tells a declined guest clearly, and they never receive any media', async () => {
    const dora = await openParticipant(browser, meeting.guestUrl, { beforeLoad: recordPeerConnections });
    await pressJoin(dora.page, 'Dora Declined');
    await shows(dora.page, 'waiting-room');
    await host.page.click('[data-action=waiting]');
    await waitOn(host.page, () => [...document.querySelectorAll('.waiter')].some((w) => w.textContent?.includes('Dora Declined')));
    expect(await seriousViolations(host.page)).toEqual([]);
    await host.page.evaluate(() => {
      const row = [...document.querySelectorAll('.waiter')].find((w) => w.textContent?.includes('Dora Declined'))!;
      row.querySelector<HTMLButtonElement>('[data-action=decline]')!.click();
    });
    await shows(dora.page, 'declined');
    expect(await dora.page.$eval('main h1', (h) => h.textContent)).toBe('The host did not let you in');
    expect(await mediaEverReceived(dora.page)).toEqual({ transceivers: 0, remoteVideos: 0 });
    await waitOn(host.page, () => document.querySelectorAll('.waiter').length === 0);
    expect(await host.page.$$eval('[data-participant-id]', (tiles) => tiles.length)).toBe(2);
    await host.page.click('[data-action=waiting]');
    await dora.context.close();
  });

  it('mutes a guest and asks them to unmute (a prompt, never an unmute from afar)', async () => {
    await hostAction(host.page, 'Gus Guest', 'mute-participant');
    await shows(gus.page, 'moderation-notice');
    await waitOn(gus.page, () => document.querySelector('[data-action=toggle-audio]')?.getAttribute('aria-pressed') === 'true');
    await waitOn(
      host.page,
      () => document.querySelector('[data-participant-id]:not([data-self])')?.getAttribute('data-audio-muted') === 'true',
    );
    await hostAction(host.page, 'Gus Guest', 'ask-unmute');
    await shows(gus.page, 'unmute-request');
    expect(await gus.page.$eval('[data-action=toggle-audio]', (b) => b.getAttribute('aria-pressed'))).toBe('true');
    await gus.page.click('[data-action=accept-unmute]');
    await waitOn(
      host.page,
      () => document.querySelector('[data-participant-id]:not([data-self])')?.getAttribute('data-audio-muted') === 'false',
    );
  });

  it('removes a guest, who cannot come back with the same link until the host readmits them', async () => {
    await hostAction(host.page, 'Gus Guest', 'remove-participant');
    await shows(gus.page, 'removed');
    await waitForCount(host.page, 1);
    const device = await deviceIdOf(gus.page);
    const refused = await api(
      server,
      'POST',
      `/api/meetings/${meeting.id}/join`,
      { name: 'Gus Guest' },
      {
        'x-invite-token': new URL(meeting.guestUrl).searchParams.get('invite')!,
        'x-device-id': device,
      },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('removed_by_host');

    // Back with the same link in the same browser: the waiting room, marked for the host.
    await gus.page.goto(meeting.guestUrl);
    await pressJoin(gus.page, 'Gus Guest');
    await shows(gus.page, 'waiting-room');
    expect(await gus.page.$eval('[data-testid=waiting-status]', (el) => el.textContent)).toContain('removed you from this meeting earlier');
    expect(await gus.page.$('[data-testid=participant-count]')).toBeNull();
    await host.page.click('[data-action=waiting]');
    await waitOn(host.page, () => document.querySelector('.waiter')?.textContent?.includes('(removed earlier)') === true);
    await host.page.click('.waiter [data-action=admit]');
    await gus.page.waitForSelector('[data-testid=participant-count]');
    await waitForCount(host.page, 2);
    await host.page.click('[data-action=waiting]');
  });

  it('locks the meeting: no one new enters, even with a valid link', async () => {
    await host.page.click('[data-action=waiting]');
    await host.page.click('[data-action=lock]');
    await shows(host.page, 'locked-badge');
    const late = await openParticipant(browser, meeting.guestUrl);
    await shows(late.page, 'meeting-locked');
    await late.context.close();
    await host.page.click('[data-action=lock]');
    await waitOn(host.page, () => !document.querySelector('[data-testid=locked-badge]'));
    await host.page.click('[data-action=waiting]');
  });

  it('ends the call for everyone: every page shows the ended screen and the link refuses entry', async () => {
    await host.page.click('[data-action=end-for-all]');
    await host.page.click('[data-action=confirm-end]');
    await shows(host.page, 'meeting-ended');
    await shows(gus.page, 'meeting-ended');
    expect(await gus.page.$eval('main h1', (h) => h.textContent)).toBe('The host ended the meeting');
    await gus.page.reload();
    await shows(gus.page, 'meeting-ended');
    expect(await gus.page.$('input[name=name]')).toBeNull();
    const refused = await api(
      server,
      'POST',
      `/api/meetings/${meeting.id}/join`,
      { name: 'Gus' },
      {
        'x-invite-token': new URL(meeting.guestUrl).searchParams.get('invite')!,
      },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/host ended the meeting/);
  });
});
