import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, setFeatures, signInContext, signUpHost, type HostAccount } from './harness/accounts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser';
import { decodeErrors, hasFfprobe, lastPacketEnd, probeMedia } from './harness/ffprobe';
import { joinAs, waitForCount, waitForRemoteVideos, withPageState } from './harness/room';
import { api, startServer, type RunningServer } from './harness/server';

const indicatorShown = (page: Page) => page.waitForSelector('[data-testid=recording-indicator]', poll);
const indicatorGone = (page: Page) => page.waitForFunction(() => !document.querySelector('[data-testid=recording-indicator]'), poll);
/** Waits until the host's page has uploaded at least `n` chunks (a chunk a second): how we let time pass. */
const uploadedChunks = (page: Page, n: number) =>
  page.waitForFunction((want) => Number(document.querySelector('[data-testid=recording-progress]')?.getAttribute('data-uploaded-chunks') ?? 0) >= want, poll, n);

describe.skipIf(!hasFfprobe)('recording a call, in real Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let account: HostAccount;
  let host: ParticipantPage;
  let guest: ParticipantPage;
  let meeting: Awaited<ReturnType<typeof createMeeting>>;

  const recordings = async () => (await api(server, 'GET', `/api/meetings/${meeting.id}/recordings`, undefined, { cookie: account.cookie })).body.recordings as {
    id: string;
    state: string;
    durationMs: number;
    size: number;
  }[];
  /** Downloads a recording as its owner, to a temporary file for ffprobe. */
  async function download(id: string): Promise<string> {
    const res = await fetch(`${server.url}/api/meetings/${meeting.id}/recordings/${id}/file?download=1`, { headers: { cookie: account.cookie } });
    expect(res.status).toBe(200);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'recording-e2e-')), `${id}.webm`);
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    return file;
  }
  async function waitUntilReady(id: string) {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const found = (await recordings()).find((r) => r.id === id);
      if (found?.state === 'ready') return found;
      if (Date.now() > deadline) throw new Error(`recording ${id} was not finalised: ${JSON.stringify(found)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    account = await signUpHost(server, 'Hanna Host');
    await setFeatures(server, account, { recording: true });
    meeting = await createMeeting(server, account, 'Recorded call');
    host = await openParticipant(browser, meeting.hostUrl, (c) => signInContext(c, server, account));
    await joinAs(host.page, 'Hanna Host');
    guest = await openParticipant(browser, meeting.guestUrl);
    await joinAs(guest.page, 'Gus Guest');
    await waitForCount(host.page, 2);
    await waitForRemoteVideos(host.page, 1);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('records about 5 s of a two-person call: both see the indicator, the file is WebM with its true duration', async () => {
    expect(await guest.page.$('[data-action=record]')).toBeNull();
    await host.page.click('[data-action=record]');
    try {
      await Promise.all([indicatorShown(host.page), indicatorShown(guest.page)]);
      await uploadedChunks(host.page, 5);
    } catch (error) {
      throw await withPageState(host.page, error as Error);
    }
    await host.page.click('[data-action=record]');
    await host.page.waitForFunction(
      () => document.querySelector('[data-action=record]')?.getAttribute('data-phase') === 'idle' && !document.querySelector('[data-testid=recording-error]'),
      poll,
    );
    await Promise.all([indicatorGone(host.page), indicatorGone(guest.page)]);
    const recordedMs = Number(await host.page.$eval('[data-action=record]', (b) => b.getAttribute('data-last-recorded-ms')));
    expect(recordedMs).toBeGreaterThan(4500);

    const [recording] = await recordings();
    expect(recording).toMatchObject({ state: 'ready' });
    const file = await download(recording!.id);
    const probed = await probeMedia(file);
    expect(probed.formatName).toContain('webm');
    expect(probed.streams.filter((s) => s.codec_type === 'video')).toHaveLength(1);
    expect(probed.streams.filter((s) => s.codec_type === 'audio')).toHaveLength(1);
    expect(probed.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 1280, height: 720 });
    expect(Math.abs(probed.duration * 1000 - recordedMs)).toBeLessThan(500);
    expect(Math.abs(probed.duration - (await lastPacketEnd(file)))).toBeLessThan(0.1);
    expect(await decodeErrors(file)).toBe('');
    console.log(`recorded ${recordedMs.toFixed(0)} ms, file says ${(probed.duration * 1000).toFixed(0)} ms, ${probed.size} bytes`);

    // The chat told everyone, including the guest.
    await guest.page.click('[data-action=chat]');
    await guest.page.waitForFunction(() => /started recording/.test(document.querySelector('.chat__messages')?.textContent ?? ''), poll);
    await guest.page.click('[data-action=chat]');
  });

  it('shows the recording to the host in the meetings overview, where it plays', async () => {
    const overview = await openParticipant(browser, `${server.url}/`, (c) => signInContext(c, server, account));
    const row = `.meeting[data-meeting-id="${meeting.id}"] .recording`;
    await overview.page.waitForSelector(row, poll);
    expect(await overview.page.$eval(row, (li) => li.textContent)).toMatch(/0:0[4-6]/);
    await overview.page.click(`${row} button`);
    await overview.page.waitForFunction((sel) => {
      const video = document.querySelector<HTMLVideoElement>(`${sel} video`);
      return Boolean(video && video.readyState >= 1 && Number.isFinite(video.duration) && video.duration > 4);
    }, poll, row);
    await overview.context.close();
  });

  it('lets a guest neither start a recording nor download one (403)', async () => {
    const [recording] = await recordings();
    const answers = await guest.page.evaluate(
      async (meetingId, recordingId) => {
        const ticket = JSON.parse(sessionStorage.getItem(`call:${meetingId}`)!);
        const invite = new URLSearchParams(location.search).get('invite') ?? '';
        const headers = { 'x-participant-id': ticket.participantId, 'x-participant-token': ticket.token, 'x-invite-token': invite };
        const start = await fetch(`/api/meetings/${meetingId}/recordings`, { method: 'POST', headers });
        const file = await fetch(`/api/meetings/${meetingId}/recordings/${recordingId}/file`, { headers });
        const list = await fetch(`/api/meetings/${meetingId}/recordings`, { headers });
        return [start.status, file.status, list.status];
      },
      meeting.id,
      recording!.id,
    );
    expect(answers).toEqual([403, 403, 403]);
  });

  it('keeps a playable file of what was uploaded when the host closes the tab mid-recording', async () => {
    await host.page.click('[data-action=record]');
    await indicatorShown(guest.page);
    await uploadedChunks(host.page, 3);
    const uploaded = Number(await host.page.$eval('[data-testid=recording-progress]', (p) => p.getAttribute('data-uploaded-chunks')));
    const id = await host.page.$eval('[data-testid=recording-indicator]', (el) => el.getAttribute('data-recording-id'));
    await host.page.close();
    await indicatorGone(guest.page);
    const recording = await waitUntilReady(id!);
    const file = await download(recording.id);
    const probed = await probeMedia(file);
    expect(probed.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    // At least what was confirmed uploaded before the tab closed, and at most what the tab could have sent.
    expect(probed.duration).toBeGreaterThan(uploaded - 1.2);
    expect(probed.duration).toBeLessThan(uploaded + 3);
    expect(await decodeErrors(file)).toBe('');
    console.log(`tab closed after ${uploaded} chunks confirmed; the file holds ${probed.duration.toFixed(2)} s`);
  });
});
