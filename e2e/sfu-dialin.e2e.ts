import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulawToPcm } from '../server/dialin/audio/mulaw.ts';
import { rms } from '../test/server/audio-signal.ts';
import { createMeeting, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { selectedPairs } from './harness/ice-stats.ts';
import { joinAs, waitForCount, withPageState } from './harness/room.ts';
import { joinAdaAndGrace, startServerWithJanus } from './harness/janus-server.ts';
import { api, type RunningServer } from './harness/server.ts';
import { probeTileAudio, tilePeaks } from './harness/tile-audio.ts';
import { callInWithTone } from './harness/twilio-caller.ts';
import { inboundAudio, recordPeerConnections } from './harness/webrtc.ts';

const AUTH_TOKEN = 'test-auth-token';
const RTP_MIN = 25_000;
const RTP_MAX = 25_999;

async function until(condition: () => boolean, what: () => string, timeoutMs = 30_000) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 100)); // the next look at what the caller received
  }
}

/**
 * Issue 19: a telephone caller in a meeting on Janus. The bridge publishes the caller's voice as the
 * phone participant's own feed and subscribes to the others' audio (server/dialin/bridge/sfu-leg.ts);
 * the page hears the caller through Janus, with no mesh call to the bridge, and the caller hears
 * the page.
 */
describe('dial-in on the SFU', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: ParticipantPage;
  let call: Awaited<ReturnType<typeof callInWithTone>> | null = null;

  beforeAll(async () => {
    server = await startServerWithJanus(`${RTP_MIN}-${RTP_MAX}`, {
      MESH_MAX: '2',
      DIALIN_NUMBER: '+1 555 010 0199',
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    });
    browser = await launchBrowser();
    // The server takes up to 60 s to listen on a loaded machine, Janus a few more.
  }, 150_000);

  afterAll(async () => {
    call?.player.stop();
    call?.stream.stop();
    await browser?.close();
    await server?.stop();
  });

  it('the page hears the caller from Janus, and the caller hears the page', async () => {
    const host = await signUpHost(server, 'Ada');
    const headers = { cookie: host.cookie };
    // Pinned to the SFU: on Janus from its first join.
    const created = await api(
      server,
      'POST',
      '/api/meetings',
      { title: 'Phone on the SFU', startsAt: new Date().toISOString(), durationMinutes: 60, waitingRoom: false, mediaMode: 'sfu' },
      headers,
    );
    expect(created.status).toBe(201);
    const meetingId = created.body.id as string;
    const pin = (await api(server, 'GET', `/api/meetings/${meetingId}/dial-in`, undefined, headers)).body.pin as string;
    page = await openParticipant(browser, `${server.url}/m/${meetingId}`, {
      prepare: (c) => signInContext(c, server, host),
      beforeLoad: recordPeerConnections,
    });
    await joinAs(page.page, 'Ada');

    call = await callInWithTone(server.url, AUTH_TOKEN, { pin, from: '+15551234567', toneHz: 440 });
    try {
      await waitForCount(page.page, 2);
    } catch (error) {
      throw await withPageState(page.page, error as Error);
    }
    const phoneId = await page.page.$eval('[data-participant-id]:not([data-self])', (el) => el.getAttribute('data-participant-id')!);

    // The caller is a Janus feed: its tile's audio peaks at the caller's 440 Hz…
    await probeTileAudio(page.page, phoneId);
    await page.page.waitForFunction(() => {
      const p = (window as unknown as { __peak: () => { hz: number; db: number } }).__peak();
      return Math.abs(p.hz - 440) < 15 && p.db > -50;
    }, poll);
    // …and goes on doing so: over a second, most loud readings are the tone (a single instant may
    // fall on a lost packet's concealment, and read another frequency).
    const loud = (await tilePeaks(page.page)).filter((p) => p.db > -50);
    expect(loud.length).toBeGreaterThanOrEqual(5);
    expect(loud.filter((p) => Math.abs(p.hz - 440) < 15).length).toBeGreaterThanOrEqual(Math.ceil(loud.length * 0.8));
    // …and every connection of the page leads to Janus (its publisher, its subscription to the phone): no mesh call.
    await expect
      .poll(async () => (await selectedPairs(page.page)).map((r) => r.port >= RTP_MIN && r.port <= RTP_MAX), { timeout: 30_000 })
      .toEqual([true, true]);
    expect((await inboundAudio(page.page)).energy).toBeGreaterThan(0);

    // The caller hears the page (Chromium's fake microphone beeps) through Janus: frames with energy.
    const loudest = () => Math.max(0, ...call!.stream.received.slice(-100).map((f) => rms(mulawToPcm(f.mulaw))));
    await until(
      () => loudest() > 1000,
      () => `the page to reach the caller (${call!.stream.received.length} frames, loudest ${loudest().toFixed(0)})`,
    );
    expect(call.stream.protocolErrors).toEqual([]);
  }, 180_000);
  it('a call that takes a meeting past MESH_MAX moves to Janus with everyone: the mesh calls with the bridge are handed off', async () => {
    const host = await signUpHost(server, 'Ada');
    const meeting = await createMeeting(server, host, 'Phone makes three');
    const pin = (await api(server, 'GET', `/api/meetings/${meeting.id}/dial-in`, undefined, { cookie: host.cookie })).body.pin as string;
    const [ada, grace] = await joinAdaAndGrace(browser, server, host, meeting);
    for (const p of [ada, grace]) await waitForCount(p.page, 2);

    const second = await callInWithTone(server.url, AUTH_TOKEN, { pin, from: '+15559876543', toneHz: 440 });
    try {
      for (const p of [ada, grace]) await waitForCount(p.page, 3);
      // Each page ends with one connection up to Janus and one down per other person (the caller's included): no mesh left.
      for (const p of [ada, grace])
        await expect
          .poll(async () => (await selectedPairs(p.page)).map((r) => r.port >= RTP_MIN && r.port <= RTP_MAX), { timeout: 60_000 })
          .toEqual([true, true, true]);
      const phoneId = await ada.page.evaluate(
        () =>
          [...document.querySelectorAll<HTMLElement>('[data-participant-id]:not([data-self])')].find((el) =>
            el.textContent?.includes('Phone'),
          )?.dataset.participantId ?? '',
      );
      await probeTileAudio(ada.page, phoneId);
      await ada.page.waitForFunction(() => {
        const p = (window as unknown as { __peak: () => { hz: number; db: number } }).__peak();
        return Math.abs(p.hz - 440) < 15 && p.db > -50;
      }, poll);
      // What the caller gets from now on comes through Janus only: it still carries the pages' audio.
      const from = second.stream.received.length;
      const loudest = () => Math.max(0, ...second.stream.received.slice(from).map((f) => rms(mulawToPcm(f.mulaw))));
      await until(
        () => loudest() > 1000,
        () =>
          `the pages to reach the caller through Janus (${second.stream.received.length - from} frames, loudest ${loudest().toFixed(0)})`,
      );
    } finally {
      second.player.stop();
      second.stream.stop();
    }
  }, 240_000);
});
