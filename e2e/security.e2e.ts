import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMeeting, signInContext, signUpHost, type HostAccount } from './harness/accounts.ts';
import { launchBrowser, openParticipant, type ParticipantPage } from './harness/browser.ts';
import { joinAs, waitForCount, waitForRemoteVideos } from './harness/room.ts';
import { api, ROOT, startServer, type RunningServer } from './harness/server.ts';

const PEERJS_BUNDLE = path.join(ROOT, 'node_modules/peerjs/dist/peerjs.min.js');

/** Waits until the server's own log shows `text` (what the PeerServer gate writes when it drops a message). */
async function serverLogged(server: RunningServer, text: string) {
  const deadline = performance.now() + 20_000;
  while (!server.output().includes(text)) {
    if (performance.now() > deadline) throw new Error(`the server never logged "${text}":\n${server.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Attack = { streams: number; state: () => string };

/** A page on the server's origin (the attacker may open any address of it) running the attacker's own script. */
const attackerPage = (browser: Browser, server: RunningServer) =>
  openParticipant(browser, `${server.url}/nothing-here`, { beforeLoad: (page) => page.setBypassCSP(true) });

/**
 * An attacker's page: PeerJS loaded by hand (not our app), a canvas as its "camera", calling a
 * participant of another meeting by id with its own valid credentials. Resolves once its PeerJS
 * socket opened (or was refused).
 */
async function attackerCalls(page: Page, server: RunningServer, me: { id: string; token: string; peerPath: string }, victimId: string) {
  await page.addScriptTag({ path: PEERJS_BUNDLE });
  return page.evaluate(
    (port, me, victimId) =>
      new Promise<{ opened: boolean; error: string | null }>((resolve) => {
        const { Peer } = (window as unknown as { peerjs: { Peer: new (id: string, o: object) => any } }).peerjs;
        const peer = new Peer(me.id, { host: 'localhost', port, path: me.peerPath, key: 'peerjs', token: me.token, debug: 0 });
        const canvas = document.createElement('canvas');
        canvas.getContext('2d')!.fillRect(0, 0, 10, 10);
        const attack: Attack = { streams: 0, state: () => 'no call' };
        (window as unknown as { __attack: Attack }).__attack = attack;
        peer.on('error', (e: { type: string }) => resolve({ opened: false, error: e.type }));
        peer.on('open', () => {
          const call = peer.call(victimId, canvas.captureStream(5));
          call.on('stream', () => attack.streams++);
          attack.state = () => call.peerConnection?.connectionState ?? 'none';
          resolve({ opened: true, error: null });
        });
      }),
    server.port,
    me,
    victimId,
  );
}

const attackResult = (page: Page) =>
  page.evaluate(() => {
    const attack = (window as unknown as { __attack: Attack }).__attack;
    return { streams: attack.streams, state: attack.state() };
  });

/** Joins over the API and (if asked) opens the room channel from outside a browser: a participant on the roster. */
async function joinFromOutside(server: RunningServer, meetingId: string, headers: Record<string, string>, open: WebSocket[]) {
  const joined = await api(server, 'POST', `/api/meetings/${meetingId}/join`, { name: 'Mallory' }, headers);
  expect(joined.status).toBe(201);
  const me = { id: joined.body.participant.id as string, token: joined.body.token as string, peerPath: joined.body.rtc.peerPath as string };
  return {
    me,
    async present() {
      const ws = new WebSocket(
        `ws://localhost:${server.port}/ws/rooms/${meetingId}?participantId=${me.id}&token=${encodeURIComponent(me.token)}`,
      );
      open.push(ws);
      await new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        ws.on('message', (d) => JSON.parse(d.toString()).type === 'welcome' && resolve());
      });
    },
  };
}

describe('no way into a meeting from outside it, in real Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let victim: HostAccount;
  let meeting: Awaited<ReturnType<typeof createMeeting>>;
  let host: ParticipantPage;
  let guest: ParticipantPage;
  let hostId = '';
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    victim = await signUpHost(server, 'Vera Victim');
    meeting = await createMeeting(server, victim, 'Mortgage advice');
    host = await openParticipant(browser, meeting.hostUrl, (c) => signInContext(c, server, victim));
    await joinAs(host.page, 'Vera');
    guest = await openParticipant(browser, meeting.guestUrl);
    await joinAs(guest.page, 'Gus');
    await waitForRemoteVideos(host.page, 1);
    hostId = await host.page.$eval('[data-self]', (el) => el.getAttribute('data-participant-id')!);
  });

  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await browser?.close();
    await server?.stop();
  });

  const hostSeesOnlyTheGuest = async () => {
    expect(await host.page.$$eval('video[data-remote]', (videos) => videos.length)).toBe(1);
    await waitForCount(host.page, 2);
  };

  it('gives a participant of another meeting who calls the host by id no media at all', async () => {
    const attacker = await signUpHost(server, 'Mallory');
    const own = await createMeeting(server, attacker, 'My own meeting');
    const { me, present } = await joinFromOutside(server, own.id, { cookie: attacker.cookie }, sockets);
    await present();
    const page = (await attackerPage(browser, server)).page;
    expect(await attackerCalls(page, server, me, hostId)).toEqual({ opened: true, error: null });
    await serverLogged(server, `dropped a message from ${me.id} in ${own.id}: OFFER to a peer outside this meeting`);
    const result = await attackResult(page);
    expect(result.streams).toBe(0);
    expect(result.state).not.toBe('connected');
    await hostSeesOnlyTheGuest();
  });

  it("refuses that participant a signalling socket in the victim's meeting", async () => {
    const attacker = await signUpHost(server, 'Mallory Two');
    const own = await createMeeting(server, attacker, 'Another one');
    const { me, present } = await joinFromOutside(server, own.id, { cookie: attacker.cookie }, sockets);
    await present();
    const page = (await attackerPage(browser, server)).page;
    const attack = await attackerCalls(page, server, { ...me, peerPath: `/peerjs/m/${meeting.id}/` }, hostId);
    expect(attack.opened).toBe(false);
    await hostSeesOnlyTheGuest();
  });

  it('gives someone who joined with the link but stays off the roster (no room channel) nothing either', async () => {
    const invite = new URL(meeting.guestUrl).searchParams.get('invite')!;
    const { me } = await joinFromOutside(server, meeting.id, { 'x-invite-token': invite }, sockets);
    const page = (await attackerPage(browser, server)).page;
    expect(await attackerCalls(page, server, me, hostId)).toEqual({ opened: true, error: null });
    await serverLogged(server, `dropped a message from ${me.id} in ${meeting.id}: OFFER from someone not on the roster yet`);
    expect((await attackResult(page)).streams).toBe(0);
    await hostSeesOnlyTheGuest();
  });

  it("gives a pre-join page's reservation nothing: its sockets reach nobody, and nobody sees it before Join", async () => {
    const invite = new URL(meeting.guestUrl).searchParams.get('invite')!;
    // An attacker's own script with a reservation made over the API: its PeerJS socket opens, and its call goes nowhere.
    const visit = await api(server, 'POST', `/api/meetings/${meeting.id}/visit`, undefined, { 'x-invite-token': invite });
    expect(visit.status).toBe(200);
    const held = visit.body.reservation;
    const me = { id: held.participantId as string, token: held.token as string, peerPath: held.rtc.peerPath as string };
    const page = (await attackerPage(browser, server)).page;
    expect(await attackerCalls(page, server, me, hostId)).toEqual({ opened: true, error: null });
    await serverLogged(server, `dropped a message from ${me.id} in ${meeting.id}: OFFER from someone not on the roster yet`);
    expect((await attackResult(page)).streams).toBe(0);
    // A real guest on the pre-join page: both its sockets open (101), and the host's room shows no one new.
    const handshakes: string[] = [];
    const waiting = await openParticipant(browser, meeting.guestUrl, {
      beforeLoad: async (p) => {
        const cdp = await p.createCDPSession();
        await cdp.send('Network.enable');
        cdp.on('Network.webSocketHandshakeResponseReceived', (e) => handshakes.push(`${e.response.status}`));
      },
    });
    await waiting.page.waitForSelector('[data-action=join]');
    await expect.poll(() => handshakes).toEqual(['101', '101']);
    await hostSeesOnlyTheGuest();
    expect(await host.page.$$eval('[data-participant-id]', (tiles) => tiles.length)).toBe(2);
    // Join takes the reservation over: the same two sockets carry the call, and the host sees them now.
    await joinAs(waiting.page, 'Wanda');
    await waitForCount(host.page, 3);
    await waitForRemoteVideos(waiting.page, 2);
    await waitForRemoteVideos(host.page, 2);
    expect(handshakes).toEqual(['101', '101']);
    await waiting.page.click('[data-action=leave]');
    await waitForCount(host.page, 2);
  });

  it('does not let the roster or the PIN out to a guest who is not in the call', async () => {
    const invite = new URL(meeting.guestUrl).searchParams.get('invite')!;
    const waitingRoom = await createMeeting(server, victim, 'With a waiting room', { waitingRoom: true });
    const waitingInvite = new URL(waitingRoom.guestUrl).searchParams.get('invite')!;
    expect((await api(server, 'GET', `/api/meetings/${meeting.id}/participants`, undefined, { 'x-invite-token': invite })).status).toBe(
      403,
    );
    expect(
      (await api(server, 'GET', `/api/meetings/${waitingRoom.id}/participants`, undefined, { 'x-invite-token': waitingInvite })).status,
    ).toBe(403);
    expect(
      (await api(server, 'GET', `/api/meetings/${waitingRoom.id}/dial-in`, undefined, { 'x-invite-token': waitingInvite })).status,
    ).toBe(403);
  });

  it("makes nothing on the host's page for a data connection, even from someone in the call", async () => {
    const invite = new URL(meeting.guestUrl).searchParams.get('invite')!;
    const { me, present } = await joinFromOutside(server, meeting.id, { 'x-invite-token': invite }, sockets);
    await present();
    await waitForCount(host.page, 3);
    const page = (await attackerPage(browser, server)).page;
    await page.addScriptTag({ path: PEERJS_BUNDLE });
    // A data connection first, then a camera call on the same socket: once the camera call is
    // answered, the host's page has read the data connection's offer too (one socket, in order).
    const data = await page.evaluate(
      (port, me, hostId) =>
        new Promise<{ open: boolean; answered: boolean }>((resolve, reject) => {
          const { Peer } = (window as unknown as { peerjs: { Peer: new (id: string, o: object) => any } }).peerjs;
          const peer = new Peer(me.id, { host: 'localhost', port, path: me.peerPath, key: 'peerjs', token: me.token, debug: 0 });
          peer.on('error', (e: { type: string }) => reject(new Error(e.type)));
          peer.on('open', () => {
            const dc = peer.connect(hostId);
            const canvas = document.createElement('canvas');
            canvas.getContext('2d')!.fillRect(0, 0, 10, 10);
            const call = peer.call(hostId, canvas.captureStream(5));
            call.on('stream', () => {
              const pc: RTCPeerConnection = call.peerConnection;
              const settled = () => resolve({ open: dc.open, answered: dc.peerConnection?.remoteDescription != null });
              if (pc.connectionState === 'connected') settled();
              else pc.addEventListener('connectionstatechange', () => pc.connectionState === 'connected' && settled());
            });
          });
        }),
      server.port,
      me,
      hostId,
    );
    // The page's PeerJS is built for media calls only: it refuses the offer, no answer comes back.
    expect(data).toEqual({ open: false, answered: false });
    await page.close();
    expect((await api(server, 'POST', `/api/meetings/${meeting.id}/leave`, { participantId: me.id, token: me.token })).status).toBe(204);
    await waitForCount(host.page, 2);
  });
});

describe('cross-site requests from another origin on the same site, in real Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let evil: Server;
  let evilUrl = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // Another port on the same host: another origin, the same site (SameSite=Lax cookies still go).
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Free gift</title><form method="post"><button>Win</button></form>');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    evil?.close();
    await browser?.close();
    await server?.stop();
  });

  it('changes nothing when a signed-in host visits a page on another port that posts to the server', async () => {
    const account = await signUpHost(server, 'Hanna');
    const meeting = await createMeeting(server, account, 'Target');
    const auth = { cookie: account.cookie };
    const linkBefore = (await api(server, 'GET', `/api/meetings/${meeting.id}/invites`, undefined, auth)).body.link;
    const visit = await openParticipant(browser, evilUrl, (c) => signInContext(c, server, account));
    // A no-cors fetch with the cookie, as any page may send. The browser sends it and the server
    // answers; only the answer is kept from the page (our Cross-Origin-Resource-Policy), so the
    // fetch rejects once the answer is in.
    const sent = await visit.page.evaluate(async (target) => {
      const outcomes: string[] = [];
      for (const action of ['link', 'end']) {
        await fetch(`${target}/${action}`, { method: 'POST', mode: 'no-cors', credentials: 'include' }).then(
          () => outcomes.push('answered'),
          () => outcomes.push('answered, withheld from the page'),
        );
      }
      return outcomes;
    }, `${server.url}/api/meetings/${meeting.id}`);
    expect(sent).toHaveLength(2);
    // A plain form post (a top-level navigation) to sign the host out.
    await visit.page.$eval('form', (form, action) => form.setAttribute('action', action), `${server.url}/api/auth/signout`);
    await Promise.all([visit.page.waitForNavigation(), visit.page.click('button')]);
    expect(await visit.page.evaluate(() => document.body.innerText)).toContain('forbidden');

    expect((await api(server, 'GET', `/api/meetings/${meeting.id}/invites`, undefined, auth)).body.link).toBe(linkBefore);
    expect((await api(server, 'GET', '/api/auth/me', undefined, auth)).status).toBe(200);
    expect((await api(server, 'GET', '/api/meetings', undefined, auth)).body.meetings?.[0]?.endedAt ?? null).toBeNull();
    // The host's own page, on our origin, still can.
    const own = await openParticipant(browser, `${server.url}/`, (c) => signInContext(c, server, account));
    const status = await own.page.evaluate(
      async (url) => (await fetch(url, { method: 'POST' })).status,
      `${server.url}/api/meetings/${meeting.id}/link`,
    );
    expect(status).toBe(200);
  });
});
