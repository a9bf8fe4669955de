import type { Browser, HTTPRequest } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, setFeatures, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { bandEnergy, edgeEnergy, installBandEnergy, installEdgeEnergy } from './harness/edge-energy.ts';
import { joinAs, waitForRemoteVideos } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';
import { writeTestVideo } from './harness/test-video.ts';

const REMOTE = 'video[data-remote]';
/** The band of background around the figure: one checker square (1/20 of the width). */
const BAND = 1 / 20;
const BLUR_FILE = /\.(wasm|tflite|binarypb|data)(\?|$)|\/blur\//;

/** Whether the page's own preview shows a generated (processed) track rather than the camera. */
const previewIsGenerated = ({ page }: ParticipantPage) =>
  page.$eval('video:not([data-remote])', (v) => {
    const track = ((v as HTMLVideoElement).srcObject as MediaStream | null)?.getVideoTracks()[0];
    return track instanceof (window as any).MediaStreamTrackGenerator;
  });

describe('background blur, seen by the other participant', () => {
  let server: RunningServer;
  let browser: Browser;
  let ada: ParticipantPage;
  let grace: ParticipantPage;
  const requests: string[] = [];
  let rawEnergy = 0;
  let rawBand = 0;
  let meetingUrl = '';
  let hostUrl = '';
  let signIn: (c: import('puppeteer-core').BrowserContext) => Promise<void>;

  beforeAll(async () => {
    const video = await writeTestVideo();
    server = await startServer();
    browser = await launchBrowser([`--use-file-for-fake-video-capture=${video}`]);
    const host = await signUpHost(server, 'Ada');
    // The beta flag on the host's account offers blur to everyone in the host's meetings.
    await setFeatures(server, host, { backgroundBlur: true });
    const meeting = await createMeeting(server, host, 'Blur');
    meetingUrl = meeting.guestUrl;
    hostUrl = meeting.hostUrl;
    signIn = (c) => signInContext(c, server, host);
    ada = await openParticipant(browser, hostUrl, signIn);
    // Every request of Ada's page and its workers (dedicated workers' fetches are reported on the page).
    ada.page.on('request', (r: HTTPRequest) => void requests.push(r.url()));
    grace = await openParticipant(browser, meetingUrl);
    await joinAs(ada.page, 'Ada');
    await joinAs(grace.page, 'Grace');
    await waitForRemoteVideos(grace.page, 1);
    await installEdgeEnergy(grace.page);
    await installBandEnergy(grace.page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('offers the toggle and loads nothing for blur before it is turned on', async () => {
    await ada.page.waitForSelector('[data-action=toggle-blur][data-blur-status=off]');
    expect(requests.filter((u) => BLUR_FILE.test(u))).toEqual([]);
    await grace.page.waitForFunction((s) => (window as any).edgeEnergy(s) > 20, poll, REMOTE);
    rawEnergy = await edgeEnergy(grace.page, REMOTE);
    rawBand = await bandEnergy(grace.page, REMOTE, BAND);
  });

  it('sends a blurred background once blur is on', async () => {
    await ada.page.click('[data-action=toggle-blur]');
    await ada.page.waitForSelector('[data-action=toggle-blur][data-blur-status=on]', poll);
    await grace.page.waitForFunction((s, max) => (window as any).edgeEnergy(s) < max, poll, REMOTE, rawEnergy * 0.35);
    expect(await edgeEnergy(grace.page, REMOTE)).toBeLessThan(rawEnergy * 0.35);
    expect(await previewIsGenerated(ada)).toBe(true); // the preview shows what is sent
    // No band of sharp background around head and shoulders: the model's rim reaches past the person,
    // so the mask is shrunk and stepped (composite.ts); a linear mask kept 22 % of the band's edges here.
    await grace.page.waitForFunction((sel, band, max) => (window as any).bandEnergy(sel, band) < max, poll, REMOTE, BAND, rawBand * 0.15);
    expect(await bandEnergy(grace.page, REMOTE, BAND)).toBeLessThan(rawBand * 0.15);
  });

  it('serves every model and wasm file from our own origin', () => {
    const origin = new URL(server.url).origin;
    const foreign = requests.filter((u) => /^https?:/.test(u) && new URL(u).origin !== origin);
    expect(foreign).toEqual([]);
    const blurFiles = requests.filter((u) => BLUR_FILE.test(u));
    expect(blurFiles.some((u) => u.endsWith('.wasm'))).toBe(true);
    expect(blurFiles.some((u) => u.endsWith('.tflite'))).toBe(true);
  });

  it('sends the raw camera again once blur is off', async () => {
    await ada.page.click('[data-action=toggle-blur]');
    await ada.page.waitForSelector('[data-action=toggle-blur][data-blur-status=off]', poll);
    await grace.page.waitForFunction((s, min) => (window as any).edgeEnergy(s) > min, poll, REMOTE, rawEnergy * 0.7);
    expect(await previewIsGenerated(ada)).toBe(false);
  });

  it('tells the user and keeps the camera when blur cannot load', async () => {
    // The page's own requests can be intercepted (the workers' cannot): fail the lazy blur chunk,
    // from before the page loads (no service worker or cache may answer it instead).
    const p = await openParticipant(browser, meetingUrl, {
      beforeLoad: async (page) => {
        await page.setRequestInterception(true);
        page.on(
          'request',
          (r) => void (/\/assets\/blur-processor-/.test(r.url()) ? r.respond({ status: 404, body: 'gone' }) : r.continue()),
        );
      },
    });
    // Blur starts on a running camera: press the toggle once the preview plays.
    await p.page.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement | null)?.videoWidth, poll);
    await (await p.page.waitForSelector('[data-action=toggle-blur]', poll))!.click();
    await p.page.waitForSelector('[data-action=toggle-blur][data-blur-status=error]', poll);
    const alert = await p.page.$eval('[role=alert]', (el) => el.textContent);
    expect(alert).toMatch(/could not start.*without blur/);
    expect(await previewIsGenerated(p)).toBe(false); // the camera itself
    await p.context.close();
  });

  it('runs the WebGL runtime (body-segmentation) from our origin too, from the pre-join screen', async () => {
    const p = await openParticipant(browser, `${hostUrl}?blur-runtime=gl`, signIn);
    const seen: string[] = [];
    p.page.on('request', (r) => void seen.push(r.url()));
    await p.page.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement | null)?.videoWidth, poll);
    await (await p.page.waitForSelector('[data-action=toggle-blur]', poll))!.click();
    await p.page.waitForSelector('[data-action=toggle-blur][data-blur-status=on][data-blur-runtime=gl]', { ...poll, timeout: 45_000 });
    const origin = new URL(server.url).origin;
    expect(seen.filter((u) => /^https?:/.test(u) && new URL(u).origin !== origin)).toEqual([]);
    expect(seen.filter((u) => /\.(binarypb|wasm|tflite)$/.test(u)).length).toBeGreaterThanOrEqual(3);
    await p.context.close();
  });
});

describe('background blur is a beta flag of the host account', () => {
  it('is not offered, to the host or the guests, while the flag is off', async () => {
    const server = await startServer();
    const browser = await launchBrowser();
    try {
      const host = await signUpHost(server, 'Without beta');
      const meeting = await createMeeting(server, host, 'No blur');
      const guest = await openParticipant(browser, meeting.guestUrl);
      const hostPage = await openParticipant(browser, meeting.hostUrl, (c) => signInContext(c, server, host));
      for (const p of [guest, hostPage]) {
        await p.page.waitForSelector('[data-action=join]');
        expect(await p.page.$$('[data-action=toggle-blur]')).toHaveLength(0);
      }
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});
