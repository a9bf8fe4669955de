import type { Page } from 'puppeteer-core';
import { createMeeting, signInContext, signUpHost } from '../e2e/harness/accounts.ts';
import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';
import { joinAs } from '../e2e/harness/room.ts';
import { startServer } from '../e2e/harness/server.ts';
import { zeroThinkGuest } from './zero-think-guest.ts';
import { loadAverage, median } from './table.ts';

/**
 * `node bench/signalling-waits.ts [trials]`: how long a zero-think guest's join and reload wait on
 * WebRTC's own threads, on the guest's and the host's main threads — each RTCPeerConnection and
 * RTCRtpSender call that held the main thread 2 ms or more (Chromium runs them on its signalling
 * thread and waits), and the steps between signalling messages: the host's offer in → answer out,
 * the guest's PeerJS OPEN → offer out, the host's `participant-reloaded` → offer out, the reloaded
 * page's offer in → answer out. Medians of the trials, one warm-up dropped. Not a benchmark row: a
 * tool for reading the call's set-up (docs/benchmarks.md, "A twelfth session").
 */
type Entry = [what: string, at: number, held: number];

const probe = () => {
  const w = window as unknown as { __waits: Entry[] };
  w.__waits = [];
  const wrap = (proto: Record<string, unknown>, name: string, label: string) => {
    const original = proto[name] as (...args: unknown[]) => unknown;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const held = performance.now() - t0;
        if (held >= 2) w.__waits.push([label, t0, held]);
      }
    };
  };
  const pcProto = RTCPeerConnection.prototype as unknown as Record<string, unknown>;
  for (const m of [
    'addIceCandidate',
    'setRemoteDescription',
    'setLocalDescription',
    'createOffer',
    'createAnswer',
    'addTrack',
    'getStats',
    'close',
    'setConfiguration',
  ])
    wrap(pcProto, m, `pc.${m}`);
  const senderProto = RTCRtpSender.prototype as unknown as Record<string, unknown>;
  for (const m of ['replaceTrack', 'setParameters', 'getStats']) wrap(senderProto, m, `sender.${m}`);
  const typeOf = (data: unknown) => (typeof data === 'string' ? (data.match(/"type":"([^"]+)"/)?.[1] ?? '') : '');
  const WS = window.WebSocket;
  window.WebSocket = class extends WS {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (m) => {
        const type = typeOf(m.data);
        if (/^(OFFER|ANSWER|OPEN|participant-reloaded)$/.test(type)) w.__waits.push([`<-${type}`, performance.now(), 0]);
      });
    }
    override send(data: string) {
      const type = typeOf(data);
      if (type === 'OFFER' || type === 'ANSWER') w.__waits.push([`->${type}`, performance.now(), 0]);
      super.send(data);
    }
  } as typeof WebSocket;
  const PC = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends PC {
    constructor(config?: RTCConfiguration) {
      const t0 = performance.now();
      super(config);
      w.__waits.push(['new RTCPeerConnection', t0, performance.now() - t0]);
    }
  } as typeof RTCPeerConnection;
};

/** The entries recorded since `from` (epoch ms), in ms from `from`; the page's list is emptied. */
const take = (page: Page, from: number) =>
  page.evaluate((f) => {
    const w = window as unknown as { __waits: Entry[] };
    const out = w.__waits
      .filter(([, t]) => performance.timeOrigin + t >= f)
      .map(([n, t, d]) => [n, performance.timeOrigin + t - f, d] as Entry);
    w.__waits = [];
    return out;
  }, from);

const trials = Number(process.argv[2] ?? 9);
const server = await startServer();
const browser = await launchBrowser();
const rows = new Map<string, number[]>();
const add = (name: string, value: number | undefined) => {
  if (value !== undefined && Number.isFinite(value)) rows.set(name, [...(rows.get(name) ?? []), value]);
};
try {
  const account = await signUpHost(server, 'Hanna Host');
  const meeting = await createMeeting(server, account, 'Signalling waits');
  const host = await openParticipant(browser, meeting.hostUrl, {
    prepare: (c) => signInContext(c, server, account),
    beforeLoad: async (p) => void (await p.evaluateOnNewDocument(probe)),
  });
  await joinAs(host.page, 'Hanna Host');
  for (let trial = 0; trial <= trials; trial++) {
    const guest = await zeroThinkGuest(browser, meeting.guestUrl, async (page) => void (await page.evaluateOnNewDocument(probe)));
    await take(host.page, 0);
    await guest.pressed();
    const framed = () =>
      guest.page.waitForFunction(() => performance.getEntriesByName('call:first-remote-frame').length > 0, { polling: 20 });
    await framed();
    for (const phase of ['join', 'reload'] as const) {
      if (phase === 'reload') {
        await take(host.page, 0);
        await guest.page.reload();
        await framed();
      }
      const origin = await guest.page.evaluate(() => performance.timeOrigin);
      const marks = await guest.page.evaluate(() =>
        Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
      );
      const end = marks['call:first-remote-frame']!;
      const g = (await take(guest.page, origin)).filter(([, t]) => t <= end);
      const h = (await take(host.page, origin)).filter(([, t]) => t <= end);
      if (trial === 0) continue;
      const held = (entries: Entry[]) => entries.reduce((sum, [, , d]) => sum + d, 0);
      const at = (entries: Entry[], what: string) => entries.find(([n]) => n === what)?.[1];
      const between = (entries: Entry[], from: string, to: string) => (at(entries, to) ?? Number.NaN) - (at(entries, from) ?? Number.NaN);
      add(`${phase}: guest main thread held by WebRTC calls, ms`, held(g));
      add(`${phase}: host main thread held by WebRTC calls, ms`, held(h));
      if (phase === 'join') {
        add('join: guest PeerJS OPEN → offer out, ms', between(g, '<-OPEN', '->OFFER'));
        add('join: host offer in → answer out, ms', between(h, '<-OFFER', '->ANSWER'));
        add('join: click → first remote frame, ms', end - marks['join:click']!);
      } else {
        add('reload: host participant-reloaded → offer out, ms', between(h, '<-participant-reloaded', '->OFFER'));
        add('reload: reloaded page offer in → answer out, ms', between(g, '<-OFFER', '->ANSWER'));
        add('reload: navigation → first remote frame, ms', end);
      }
      const list = (who: string, entries: Entry[]) =>
        `  ${who} ${entries
          .filter(([, , d]) => d >= 3)
          .map(([n, t, d]) => `${t.toFixed(0)} ${n} ${d.toFixed(0)}`)
          .join(' | ')}`;
      console.log(`${phase} ${trial}\n${list('guest', g)}\n${list('host', h)}`);
    }
    await guest.leave();
  }
  for (const [name, values] of rows)
    console.log(`${name.padEnd(58)} ${median(values).toFixed(0).padStart(5)}   (${values.map((v) => v.toFixed(0)).join(' ')})`);
  console.log(`${trials} trials; load ${loadAverage()}`);
} finally {
  await browser.close();
  await server.stop();
  process.exit(0);
}
