import { existsSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration, type Recording } from '../shared/api/recordings.ts';
import { createMeeting, setFeatures, signInContext, signUpHost } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll } from './harness/browser.ts';
import { frameAt, maxVolumeDb, probeMedia, requireFfprobe } from './harness/ffprobe.ts';
import { selectedPairs } from './harness/ice-stats.ts';
import { indicatorShown, stopRecording } from './harness/recording.ts';
import { joinAs, waitForCount, waitForRemoteVideos } from './harness/room.ts';
import { startServerWithJanus } from './harness/janus-server.ts';
import { api, type RunningServer } from './harness/server.ts';
import { inboundAudio, recordPeerConnections, waitForInboundAudioBeyond } from './harness/webrtc.ts';

/** Janus's UDP ports in this file (sfu.e2e.ts uses 47000–47999). */
const RTP_MIN = 26_000;
const RTP_MAX = 26_999;
const viaJanus = (r: { port: number }) => r.port >= RTP_MIN && r.port <= RTP_MAX;

/**
 * Issue 19: in a meeting on the SFU, the host's Record also has Janus record every feed on the
 * server; stopped, the `.mjr` files become one WebM (janus-pp-rec, then ffmpeg's grid and mix) in the
 * same list as the host's own recording — and it goes on when the host's tab closes.
 */
describe('recording on the server from Janus’s own recordings', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    requireFfprobe();
    server = await startServerWithJanus(`${RTP_MIN}-${RTP_MAX}`);
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A host with the recording add-on and a guest in a meeting pinned to the SFU, both receiving through Janus. */
  async function callOnJanus(title: string) {
    const account = await signUpHost(server, 'Hanna Host');
    await setFeatures(server, account, { recording: true });
    const meeting = await createMeeting(server, account, title);
    const pinned = await api(server, 'PATCH', `/api/meetings/${meeting.id}`, { mediaMode: 'sfu' }, { cookie: account.cookie });
    expect(pinned.status).toBe(200);
    const host = await openParticipant(browser, meeting.hostUrl, {
      prepare: (c) => signInContext(c, server, account),
      beforeLoad: recordPeerConnections,
    });
    await joinAs(host.page, 'Hanna Host');
    const guest = await openParticipant(browser, meeting.guestUrl, { beforeLoad: recordPeerConnections });
    await joinAs(guest.page, 'Gus Guest');
    const pages = [host, guest];
    for (const { page } of pages) await waitForCount(page, 2);
    for (const { page } of pages) {
      await expect.poll(async () => (await selectedPairs(page)).map(viaJanus), { timeout: 60_000, interval: 250 }).toEqual([true, true]);
      await waitForRemoteVideos(page, 1);
      await waitForInboundAudioBeyond(page, (await inboundAudio(page)).bytes);
    }
    await host.page.waitForSelector('[data-action=record]', poll);
    const list = async () =>
      (await api(server, 'GET', `/api/meetings/${meeting.id}/recordings`, undefined, { cookie: account.cookie })).body
        .recordings as Recording[];
    const serverRecording = async (want: (r: Recording) => boolean, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await list()).find((r) => r.source === 'server');
        if (found && want(found)) return found;
        if (Date.now() > deadline)
          throw new Error(`server recording not as wanted: ${JSON.stringify(await list())}\n${server.output().slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    return { account, meeting, host, guest, list, serverRecording };
  }

  /** When a request to `pattern` went out and its answer came back (this process's clock). */
  function timeRequest(page: Page, pattern: RegExp) {
    let sentAt = 0;
    let answeredAt = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && pattern.test(r.url())) sentAt = Date.now();
    });
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && pattern.test(r.url())) answeredAt = Date.now();
    });
    return {
      /** Midway between sending and the answer: where the server's own moment lies, ± half the round trip. */
      at: () => (answeredAt && sentAt ? (sentAt + answeredAt) / 2 : NaN),
      roundTrip: () => answeredAt - sentAt,
    };
  }

  const download = async (account: { cookie: string }, r: Recording, dir: string) => {
    const res = await fetch(`${server.url}/api/meetings/${r.meetingId}/recordings/${r.id}/file?download=1`, {
      headers: { cookie: account.cookie },
    });
    expect(res.status).toBe(200);
    const { writeFile } = await import('node:fs/promises');
    const file = `${dir}/${r.id}.webm`;
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    return file;
  };

  it('records the SFU meeting on the server into a WebM as long as the recording ran', async () => {
    const call = await callOnJanus('Recorded on the server');
    const start = timeRequest(call.host.page, /\/recordings$/);
    const stop = timeRequest(call.host.page, /\/recordings\/[^/]+\/stop$/);
    const started = call.host.page.waitForResponse((r) => r.request().method() === 'POST' && /\/recordings$/.test(r.url()), {
      timeout: 60_000,
    });
    await call.host.page.click('[data-action=record]');
    expect((await started).status()).toBe(201);
    await indicatorShown(call.guest.page);
    await call.serverRecording((r) => r.state === 'recording', 30_000);
    expect(start.at()).toBeGreaterThan(0);
    // About six seconds of the call, measured: both pages still hearing each other through Janus meanwhile.
    while (Date.now() - start.at() < 6_000) {
      for (const { page } of [call.host, call.guest]) await waitForInboundAudioBeyond(page, (await inboundAudio(page)).bytes);
    }
    await stopRecording(call.host.page);
    const spanS = (stop.at() - start.at()) / 1000;
    const slackS = (start.roundTrip() + stop.roundTrip()) / 2000;

    const stoppedAt = Date.now();
    const ready = await call.serverRecording((r) => r.state === 'ready' || r.state === 'failed', 180_000);
    const processedInS = (Date.now() - stoppedAt) / 1000;
    expect(ready.error).toBeNull();
    expect(ready.state).toBe('ready');
    // The host's own recording is in the same list.
    expect((await call.list()).map((r) => r.source).sort()).toEqual(['browser', 'server']);
    const file = await download(call.account, ready, server.dataDir);
    const probed = await probeMedia(file);
    expect(probed.formatName).toContain('webm');
    expect(probed.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    // Two pictures side by side (ffmpeg's xstack), and the voices mixed (Chromium's fake microphone beeps).
    expect(probed.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 1280, height: 360 });
    expect(await maxVolumeDb(file)).toBeGreaterThan(-40);
    // Both tiles show a camera's picture (Chromium's fake one), not the black of a missing feed.
    const frame = await frameAt(file, probed.duration / 2, 1280, 360);
    for (const left of [0, 640]) {
      const lit = [0.2, 0.5, 0.8].flatMap((fx) => [0.2, 0.5, 0.8].map((fy) => frame.pixel(left + fx * 640, fy * 360)));
      expect(lit.filter(([r, g, b]) => r + g + b > 60).length, `tile at x=${left}`).toBeGreaterThanOrEqual(5);
    }
    console.log(
      `server recording: span ${spanS.toFixed(2)} s (±${slackS.toFixed(2)}), file ${probed.duration.toFixed(2)} s, ${probed.size} bytes, ready ${processedInS.toFixed(1)} s after the stop`,
    );
    expect(Math.abs(probed.duration - spanS)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(ready.durationMs / 1000 - spanS)).toBeLessThanOrEqual(1.5);
    // The overview lists it beside the host's own, with its download.
    const overview = await openParticipant(browser, `${server.url}/`, (c) => signInContext(c, server, call.account));
    const row = `.meeting[data-meeting-id="${call.meeting.id}"] .recording[data-source=server][data-state=ready]`;
    await overview.page.waitForSelector(`${row} [data-action=download-recording]`, poll);
    expect(await overview.page.$$eval(`.meeting[data-meeting-id="${call.meeting.id}"] .recording`, (rows) => rows.length)).toBe(2);
    expect(await overview.page.$eval(row, (li) => li.textContent)).toContain(formatDuration(ready.durationMs));
    await overview.context.close();
    // Janus's files are gone once the WebM is written.
    expect(existsSync(`${server.dataDir}/recordings/${ready.meetingId}/${ready.id}.mjr`)).toBe(false);
    for (const p of [call.host, call.guest]) await p.context.close();
  }, 360_000);

  it('goes on when the host closes their tab, and is made when the meeting empties', async () => {
    const call = await callOnJanus('Host leaves while recording');
    await call.host.page.click('[data-action=record]');
    const running = await call.serverRecording((r) => r.state === 'recording', 30_000);
    await waitForInboundAudioBeyond(call.guest.page, (await inboundAudio(call.guest.page)).bytes);
    const hostOpenFor = Date.now() - Date.parse(running.startedAt);
    await call.host.context.close();
    await waitForCount(call.guest.page, 1);
    // Still recorded, and the guest still sees so.
    await indicatorShown(call.guest.page);
    expect((await call.serverRecording(() => true, 1_000)).state).toBe('recording');
    await call.guest.context.close();

    const ready = await call.serverRecording((r) => r.state === 'ready' || r.state === 'failed', 180_000);
    expect(ready.error).toBeNull();
    const file = await download(call.account, ready, server.dataDir);
    expect(existsSync(file)).toBe(true);
    const probed = await probeMedia(file);
    expect(probed.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    // It ran past the host's leaving, to the guest's.
    expect(probed.duration * 1000).toBeGreaterThan(hostOpenFor);
  }, 360_000);
});
