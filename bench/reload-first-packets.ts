import type { Page } from 'puppeteer-core';
import { launchBrowser } from '../e2e/harness/browser.ts';
import { startServer } from '../e2e/harness/server.ts';
import { markTime } from './join-floor.ts';
import { hostedMeeting, zeroThinkGuest } from './zero-think-guest.ts';

/**
 * `node bench/reload-first-packets.ts [trials]`: a zero-think guest joins, then reloads; for each
 * reload, on one clock (ms from the reload), both pages' connection steps and the first video they
 * encode, send and receive (`getStats` every 5 ms from *connecting* on), and the reloaded page's
 * first frame: whether the time from *connected* to the first frame is the host's sending or the
 * guest's receiving. Not a benchmark row: a tool for reading the reload (docs/benchmarks.md, "A
 * twenty-fourth session"). The polling itself loads the machine: read the order, not the last ms.
 */
function probe() {
  const Native = RTCPeerConnection;
  const log: string[] = [];
  (window as unknown as { __steps: string[] }).__steps = log;
  const note = (what: string) => log.push(`${(performance.timeOrigin + performance.now()).toFixed(0)} ${what}`);
  let made = 0;
  (window as unknown as { RTCPeerConnection: typeof RTCPeerConnection }).RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      const id = made++;
      this.addEventListener('connectionstatechange', () => note(`pc${id} ${this.connectionState}`));
      this.addEventListener('signalingstatechange', () => note(`pc${id} signaling ${this.signalingState}`));
      const seen = new Set<string>();
      const first = (key: string, what: string) => {
        if (seen.has(key)) return;
        seen.add(key);
        note(`pc${id} ${what}`);
      };
      let since = 0;
      const poll = async () => {
        if (this.connectionState === 'closed') return;
        if (this.connectionState === 'connecting' || this.connectionState === 'connected') {
          since ||= performance.now();
          for (const r of (await this.getStats()).values()) {
            if (r.kind !== 'video') continue;
            if (r.type === 'outbound-rtp' && r.framesEncoded > 0)
              first('encoded', `first video frame encoded (${r.frameWidth}×${r.frameHeight})`);
            if (r.type === 'outbound-rtp' && r.packetsSent > 0) first('sent', 'first video packets sent');
            if (r.type === 'inbound-rtp' && r.packetsReceived > 0)
              first('in', `first video packets in (PLI ${r.pliCount}, NACK ${r.nackCount})`);
          }
          if (performance.now() - since > 1500) return;
        }
        setTimeout(poll, 5);
      };
      setTimeout(poll, 5);
    }
  };
}

const steps = (page: Page) => page.evaluate(() => (window as unknown as { __steps: string[] }).__steps.splice(0));

const trials = Number(process.argv[2] ?? 4);
const server = await startServer();
const browser = await launchBrowser();
try {
  const install = async (page: Page) => void (await page.evaluateOnNewDocument(probe));
  const { meeting, host } = await hostedMeeting(server, browser, 'Reload: first packets', install);
  for (let trial = 0; trial <= trials; trial++) {
    const guest = await zeroThinkGuest(browser, meeting.guestUrl, install);
    await guest.pressed();
    await markTime(guest.page, 'call:first-remote-frame');
    await steps(host.page);
    const reloadAt = Date.now();
    await guest.page.reload();
    const frame = await markTime(guest.page, 'call:first-remote-frame');
    await guest.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    const origin = await guest.page.evaluate(() => performance.timeOrigin);
    const lines = [
      ...(await steps(guest.page)).map((l) => l.replace(' ', ' guest ')),
      ...(await steps(host.page)).map((l) => l.replace(' ', ' host  ')),
      `${(origin + frame).toFixed(0)} guest first frame shown`,
    ]
      .map((l) => [Number(l.split(' ')[0]) - reloadAt, l.slice(l.indexOf(' ') + 1)] as const)
      .sort((a, b) => a[0] - b[0]);
    if (trial > 0) console.log(`--- reload ${trial}\n${lines.map(([at, what]) => `${String(at).padStart(6)}  ${what}`).join('\n')}`);
    await guest.leave();
  }
} finally {
  await browser.close();
  await server.stop();
  process.exit(0);
}
