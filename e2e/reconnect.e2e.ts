import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { joinAs, waitForCount, waitForRemoteVideos, withPageState } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';
import { startTcpProxy } from './harness/tcp-proxy.ts';
import { recordPeerConnections } from './harness/webrtc.ts';

/** Records, on the host's page, every participant count and every presence it shows. */
async function watchRoom(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __seen: string[] }).__seen = seen;
    const record = () => {
      seen.push(`count:${document.querySelector('[data-testid=participant-count]')?.textContent?.replace(/\D+/g, '')}`);
      for (const tile of document.querySelectorAll('[data-presence]'))
        seen.push(`${tile.getAttribute('data-participant-id')}:${tile.getAttribute('data-presence')}`);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}
const seenOn = (page: Page) => page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);

interface RoomSocket {
  at: number;
  opened: boolean;
  closed: boolean;
}
/** Records, before the page loads, every room-channel socket it makes: when, and whether it opened. */
async function recordRoomSockets(page: Page) {
  await page.evaluateOnNewDocument(() => {
    const Original = window.WebSocket;
    const sockets: { at: number; opened: boolean; closed: boolean }[] = [];
    (window as unknown as { __roomSockets: typeof sockets }).__roomSockets = sockets;
    window.WebSocket = class extends Original {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        if (!String(url).includes('/ws/rooms/')) return;
        const entry = { at: performance.now(), opened: false, closed: false };
        sockets.push(entry);
        this.addEventListener('open', () => void (entry.opened = true));
        this.addEventListener('close', () => void (entry.closed = true));
      }
    } as typeof WebSocket;
  });
}
const roomSockets = (page: Page) => page.evaluate(() => (window as unknown as { __roomSockets: RoomSocket[] }).__roomSockets);

/** Sends a chat message from this page's chat panel (opened if needed) and waits until it shows as sent. */
async function sendChat(page: Page, text: string) {
  if (!(await page.$('#chat-input'))) await page.click('[data-action=chat]');
  await page.waitForFunction(() => (document.querySelector('#chat-input') as HTMLTextAreaElement | null)?.disabled === false, poll);
  await page.type('#chat-input', text);
  await page.click('[data-action=send-message]');
  await page.waitForFunction((t) => [...document.querySelectorAll('.message--mine')].some((m) => m.textContent?.includes(t)), poll, text);
}
/** Waits until this page shows a message from someone else with this text. */
async function receivesChat(page: Page, text: string) {
  if (!(await page.$('#chat-input'))) await page.click('[data-action=chat]');
  await page
    .waitForFunction(
      (t) => [...document.querySelectorAll('.chat__messages .message:not(.message--mine)')].some((m) => m.textContent?.includes(t)),
      poll,
      text,
    )
    .catch(async (e) => Promise.reject(await withPageState(page, e)));
}

/** The remote video of one participant has frames and its time moves on. */
async function videoFlows(page: Page, participantId: string) {
  const sel = `[data-participant-id="${participantId}"] video`;
  await page.waitForFunction((s) => ((document.querySelector(s) as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, poll, sel);
  const t0 = await page.$eval(sel, (v) => (v as HTMLVideoElement).currentTime);
  await page.waitForFunction((s, t) => (document.querySelector(s) as HTMLVideoElement).currentTime > t + 0.5, poll, sel, t0);
}

describe('reconnecting by itself, in real Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let host: ParticipantPage;
  let guest: ParticipantPage;
  let guestId = '';

  beforeAll(async () => {
    server = await startServer();
    proxy = await startTcpProxy(server.port);
    browser = await launchBrowser();
    const account = await signUpHost(server);
    const meeting = await createMeeting(server, account, 'Flaky network');
    host = await openParticipant(browser, meeting.hostUrl, {
      prepare: (c) => signInContext(c, server, account),
      beforeLoad: recordPeerConnections,
    });
    await joinAs(host.page, 'Hanna Host');
    // The guest reaches the server only through the proxy: API, room channel and PeerJS socket.
    guest = await openParticipant(browser, meeting.guestUrl.replace(server.url, proxy.url), {
      beforeLoad: async (page) => {
        await recordPeerConnections(page);
        await recordRoomSockets(page);
      },
    });
    await joinAs(guest.page, 'Gus Guest');
    await waitForCount(host.page, 2);
    await Promise.all([waitForRemoteVideos(host.page, 1), waitForRemoteVideos(guest.page, 1)]);
    guestId = (await guest.page.$eval('[data-self]', (e) => e.getAttribute('data-participant-id')))!;
    await watchRoom(host.page);
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.stop();
  });

  it('shows "reconnecting" while a guest is cut off (its page retrying, waiting longer each time), then has them back without a click; the count never drops', async () => {
    const socketsBefore = (await roomSockets(guest.page)).length;
    proxy.cut();
    await host.page
      .waitForFunction(
        (id) => document.querySelector(`[data-participant-id="${id}"]`)?.getAttribute('data-presence') === 'reconnecting',
        poll,
        guestId,
      )
      .catch(async (e) => Promise.reject(await withPageState(host.page, e)));
    expect(await host.page.$eval(`[data-participant-id="${guestId}"]`, (e) => e.textContent)).toContain('Reconnecting');
    await guest.page.waitForSelector('.room__status', poll); // the guest sees it too
    // The scenario: the network stays down until the guest's page has tried to come back five
    // times and been refused each time (some 8 s with its backoff), well inside the server's grace.
    await guest.page.waitForFunction(
      (before) => {
        const tries = (window as unknown as { __roomSockets: RoomSocket[] }).__roomSockets.slice(before);
        return tries.filter((s) => s.closed && !s.opened).length >= 5;
      },
      { polling: 100, timeout: 30_000 },
      socketsBefore,
    );
    const refused = (await roomSockets(guest.page)).slice(socketsBefore);
    const gaps = refused.slice(1).map((s, i) => s.at - refused[i]!.at);
    // Each wait longer than the one before (250 ms doubling): the page does not hammer the server.
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThan(gaps[i - 1]!);
    proxy.restore();

    await host.page.waitForFunction(
      (id) => document.querySelector(`[data-participant-id="${id}"]`)?.getAttribute('data-presence') === 'connected',
      poll,
      guestId,
    );
    await guest.page.waitForFunction(() => !document.querySelector('.room__status'), poll);
    await videoFlows(host.page, guestId);
    const hostId = (await host.page.$eval('[data-self]', (e) => e.getAttribute('data-participant-id')))!;
    await videoFlows(guest.page, hostId);
    const seen = await seenOn(host.page);
    const counts = seen.filter((s) => s.startsWith('count:')).map((s) => Number(s.slice(6)));
    expect(Math.min(...counts)).toBe(2);
    expect(seen).toContain(`${guestId}:reconnecting`);
    // The guest's room channel is the one that came back (not a page reload).
    expect((await roomSockets(guest.page)).at(-1)?.opened).toBe(true);
    // Chat works again both ways: sent from the reconnected page (through the network that was cut)…
    await sendChat(guest.page, 'Back after the outage');
    await receivesChat(host.page, 'Back after the outage');
    // …and received there over its restored room channel.
    await sendChat(host.page, 'Welcome back, Gus');
    await receivesChat(guest.page, 'Welcome back, Gus');
  });

  it('calls again when a peer connection dies (ICE lost), and the video comes back without a click', async () => {
    const sel = `[data-participant-id="${guestId}"] video`;
    // Remember the stream object shown now (a new call brings a new object; ids are the sender's, so equal).
    await host.page.$eval(sel, (v) => ((window as unknown as { __old: unknown }).__old = (v as HTMLVideoElement).srcObject));
    // The guest's side of the media connection dies (as when its network changes).
    await guest.page.evaluate(() => {
      for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
        if (pc.connectionState === 'connected' && pc.getReceivers().some((r) => r.track.kind === 'video')) pc.close();
      }
    });
    await host.page
      .waitForFunction(
        (s) => {
          const v = document.querySelector(s) as HTMLVideoElement | null;
          return Boolean(v?.srcObject && v.srcObject !== (window as unknown as { __old: unknown }).__old && v.videoWidth > 0);
        },
        { polling: 200, timeout: 45_000 },
        sel,
      )
      .catch(async (e) => Promise.reject(await withPageState(host.page, e)));
    await videoFlows(host.page, guestId);
    const counts = (await seenOn(host.page)).filter((s) => s.startsWith('count:')).map((s) => Number(s.slice(6)));
    expect(Math.min(...counts)).toBe(2);
  });
});
