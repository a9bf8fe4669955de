import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { joinAs, openPanel, waitForCount, withPageState } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';
import { inboundAudio, recordPeerConnections, sentAudioLabels } from './harness/webrtc.ts';

async function waitForBot(page: Page, pattern: RegExp) {
  await page
    .waitForFunction(
      (source: string, flags: string) =>
        [...document.querySelectorAll('.message--bot')].some((m) => new RegExp(source, flags).test(m.textContent ?? '')),
      poll,
      pattern.source,
      pattern.flags,
    )
    .catch(async (e) => Promise.reject(await withPageState(page, e)));
}
const stepState = (page: Page, step: string) => page.$eval(`[data-step=${step}]`, (el) => el.getAttribute('data-state'));
const waitStep = (page: Page, step: string, state: string) =>
  page.waitForFunction((s, want) => document.querySelector(`[data-step=${s}]`)?.getAttribute('data-state') === want, poll, step, state);

describe('media check, troubleshooting, settings and mute, in real Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let host: ParticipantPage;
  let guest: ParticipantPage;
  let meeting: Awaited<ReturnType<typeof createMeeting>>;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const account = await signUpHost(server, 'Hanna Host');
    meeting = await createMeeting(server, account, 'Setup check');
    host = await openParticipant(browser, meeting.hostUrl, {
      prepare: (c) => signInContext(c, server, account),
      beforeLoad: recordPeerConnections,
    });
    await joinAs(host.page, 'Hanna Host');
    await openPanel(host.page, 'chat');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('passes the check with fake devices, and the host sees each step live', async () => {
    guest = await openParticipant(browser, meeting.guestUrl, { beforeLoad: recordPeerConnections });
    await guest.page.waitForSelector('input[name=name]');
    await guest.page.type('input[name=name]', 'Gus Guest');
    for (const step of ['camera', 'microphone', 'network']) await waitStep(guest.page, step, 'passed');
    await guest.page.click('[data-action=play-test-sound]');
    await guest.page.click('[data-action=heard-sound]');
    await waitStep(guest.page, 'speaker', 'passed');
    expect(await guest.page.$$('.troubleshooting')).toHaveLength(0);
    // The check's code loads no stylesheet the page has inlined already (pwa/build/inline-css.ts):
    // loaded again, it was parsed again and the whole page restyled during the check.
    const stylesheets = await guest.page.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]')].map((l) => new URL(l.href).pathname),
    );
    const inlined = await guest.page.evaluate(async () => (await (await fetch('/')).text()).includes('<style>'));
    expect(inlined).toBe(true);
    expect(stylesheets.filter((href) => /^\/assets\/index-[\w-]+\.css$/.test(href))).toEqual([]);

    await waitForBot(host.page, /media check started/);
    await waitForBot(host.page, /camera passed/);
    await waitForBot(host.page, /microphone passed/);
    await waitForBot(host.page, /network passed \(round trip \d+ ms; WebRTC ok/);
    await waitForBot(host.page, /speaker passed/);
    await waitForBot(host.page, /media check finished: passed/);
  });

  it('keeps the remote audio flowing when the guest switches microphone during the call', async () => {
    await guest.page.click('[data-action=join]');
    await waitForCount(host.page, 2);
    const waitMoreAudio = async (before: { energy: number; bytes: number }) =>
      host.page.waitForFunction(
        async (b) => {
          let energy = 0;
          let bytes = 0;
          for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
            if (pc.connectionState === 'closed') continue;
            (await pc.getStats()).forEach((s) => {
              if (s.type === 'inbound-rtp' && s.kind === 'audio') {
                energy += s.totalAudioEnergy ?? 0;
                bytes += s.bytesReceived ?? 0;
              }
            });
          }
          return bytes > b.bytes + 2000 && energy > b.energy;
        },
        poll,
        before,
      );
    await waitMoreAudio({ energy: 0, bytes: 0 });
    const labelsBefore = await sentAudioLabels(guest.page);

    await guest.page.click('[data-action=settings]');
    await guest.page.waitForSelector('select[name=audioinput]');
    const other = await guest.page.$eval('select[name=audioinput]', (select) => {
      const s = select as HTMLSelectElement;
      return [...s.options].find((o) => o.value !== s.value && o.value !== 'default')!.value;
    });
    await guest.page.select('select[name=audioinput]', other);
    await guest.page.waitForFunction(
      (before: string[]) => {
        const labels = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
          .filter((pc) => pc.connectionState !== 'closed')
          .flatMap((pc) => pc.getSenders())
          .filter((s) => s.track?.kind === 'audio')
          .map((s) => s.track!.label);
        return labels.length > 0 && labels.every((l) => !before.includes(l));
      },
      poll,
      labelsBefore,
    );
    expect((await sentAudioLabels(guest.page))[0]).not.toBe(labelsBefore[0]);

    await waitMoreAudio(await inboundAudio(host.page));
    // The call was not renegotiated or dropped: still two people, same peer connection.
    expect(await host.page.$eval('[data-testid=participant-count]', (e) => e.textContent)).toContain('2');
    // The choice is remembered on this device.
    const saved = await guest.page.evaluate(() => JSON.parse(localStorage.getItem('media-devices') ?? '{}').audioinput);
    expect(saved).toBe(other);
  });

  it('mutes and unmutes with Ctrl+D and Ctrl+E, and the host sees it', async () => {
    const guestId = await guest.page.$eval('[data-self]', (el) => el.getAttribute('data-participant-id'));
    const tileState = (attr: string, value: string) =>
      host.page.waitForFunction(
        (id, a, v) => document.querySelector(`[data-participant-id="${id}"]`)?.getAttribute(a) === v,
        poll,
        guestId,
        attr,
        value,
      );
    await guest.page.click('h1'); // focus the page, not a form field
    await guest.page.keyboard.down('Control');
    await guest.page.keyboard.press('d');
    await guest.page.keyboard.press('e');
    await guest.page.keyboard.up('Control');
    await tileState('data-audio-muted', 'true');
    await tileState('data-video-muted', 'true');
    expect(await guest.page.$eval('[data-action=toggle-audio]', (b) => b.getAttribute('aria-pressed'))).toBe('true');
    await guest.page.keyboard.down('Control');
    await guest.page.keyboard.press('d');
    await guest.page.keyboard.up('Control');
    await tileState('data-audio-muted', 'false');
  });

  it('shows who is speaking on their tile', async () => {
    // Chromium's fake microphone beeps: the guest's tile on the host lights up at a beep.
    const guestId = await guest.page.$eval('[data-self]', (el) => el.getAttribute('data-participant-id'));
    await host.page.waitForFunction(
      (id) => document.querySelector(`[data-participant-id="${id}"]`)?.getAttribute('data-speaking') === 'true',
      poll,
      guestId,
    );
  });
});

describe('troubleshooting when the camera is blocked', () => {
  let server: RunningServer;
  let browser: Browser;
  let blockedBrowser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // Without the fake permission UI, Chromium asks, and the override below answers: microphone yes, camera no.
    blockedBrowser = await launchBrowser([], { withoutFlags: ['--use-fake-ui-for-media-stream'] });
  });
  afterAll(async () => {
    await browser?.close();
    await blockedBrowser?.close();
    await server?.stop();
  });

  it('shows the Chrome steps, tells the host, and lets the guest join with audio only', async () => {
    const account = await signUpHost(server, 'Hanna Host');
    const meeting = await createMeeting(server, account, 'Blocked camera');
    const host = await openParticipant(browser, meeting.hostUrl, (c) => signInContext(c, server, account));
    await joinAs(host.page, 'Hanna Host');
    await openPanel(host.page, 'chat');

    const guest = await openParticipant(blockedBrowser, meeting.guestUrl, {
      prepare: (c) => c.overridePermissions(server.url, ['microphone']),
    });
    await guest.page.waitForSelector('input[name=name]');
    await guest.page.type('input[name=name]', 'Gus Guest');
    await waitStep(guest.page, 'camera', 'failed');
    await guest.page.waitForSelector('.troubleshooting[data-problem=camera-denied]');
    const text = await guest.page.$eval('.troubleshooting[data-problem=camera-denied]', (el) => el.textContent ?? '');
    expect(text).toContain('Allow the camera');
    expect(text).toContain('Steps for Chrome on Linux');
    expect(text).toMatch(/camera icon .*address bar/);
    expect(await stepState(guest.page, 'microphone')).not.toBe('failed');

    await waitForBot(host.page, /camera FAILED/);
    await waitForBot(host.page, /was shown troubleshooting: "Allow the camera"\. 1\. Click the camera icon/);

    await guest.page.click('[data-action=join-audio-only]');
    await waitStep(guest.page, 'camera', 'skipped');
    await guest.page.click('[data-action=join]');
    await waitForCount(host.page, 2);
    const tile = await host.page.waitForSelector('[data-participant-id]:not([data-self])');
    expect(await tile!.evaluate((el) => el.getAttribute('data-video-muted'))).toBe('true');
    // The assistant's note is written after the join's answer (a long history does not slow a join): it comes a moment after the tile.
    await waitForBot(host.page, /Gus Guest joined from Chromium/);
  });
});
