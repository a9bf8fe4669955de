import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floorMeeting, siteWithFloor } from '../bench/join-floor.ts';
import { signUpHost } from './harness/accounts.ts';
import { launchBrowser, poll } from './harness/browser.ts';
import { startServer, type RunningServer } from './harness/server.ts';

/** The callee's peer connections, kept by the page (every one it made) for the test to read. */
const keepConnections = async (page: Page) => {
  await page.evaluateOnNewDocument(() => {
    const made: RTCPeerConnection[] = [];
    (window as unknown as { __made: RTCPeerConnection[] }).__made = made;
    const PC = RTCPeerConnection;
    window.RTCPeerConnection = class extends PC {
      constructor(config?: RTCConfiguration) {
        super(config);
        made.push(this);
      }
    } as typeof RTCPeerConnection;
  });
};

/**
 * The benchmark's floor (bench/floor/, npm run bench) is a bare PeerJS call: one call at a time. A
 * callee that kept every departed caller's call sent video to each of them until ICE gave up, a load
 * on the machine through the runs of both sides of the comparison.
 */
describe('the benchmark floor', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer({ PWA_DIR: await siteWithFloor() });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('hangs up a caller who reloads or leaves, and shows each caller in turn', async () => {
    const account = await signUpHost(server, 'Floor Host');
    const floor = await floorMeeting(server, browser, account, {
      beforeLoad: (page, role) => (role === 'callee' ? keepConnections(page) : Promise.resolve()),
    });
    const shown: string[] = [];
    const shownStream = () =>
      floor.callee.page.evaluate(() => (document.querySelector('video')!.srcObject as MediaStream | null)?.id ?? '');
    for (let trial = 0; trial < 2; trial++) {
      // Each trial: a caller joins, reloads (calling again) and leaves; its picture is shown while it is there.
      await floor.trial(async () => void shown.push(await shownStream()));
    }
    expect(shown[0]).toBeTruthy();
    expect(shown[1]).not.toBe(shown[0]);
    // Two callers, each calling twice: four calls, every one hung up (not left for ICE to give up on).
    await floor.callee.page.waitForFunction(
      () => {
        const made = (window as unknown as { __made: RTCPeerConnection[] }).__made;
        return made.length >= 4 && made.every((pc) => pc.connectionState === 'closed');
      },
      { ...poll, timeout: 5_000 },
    );
  }, 90_000);
});
