import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openParticipant, poll } from './harness/browser.ts';
import { decodeErrors, frameAt, requireFfprobe, lastPacketEnd, maxVolumeDb, probeMedia } from './harness/ffprobe.ts';
import { confirmedChunks, indicatorGone, indicatorShown, recordableCall, stopRecording, uploadedChunks } from './harness/recording.ts';
import { joinAs, waitForRemoteVideos, withPageState } from './harness/room.ts';
import { startServer, type RunningServer } from './harness/server.ts';
import { signInContext } from './harness/accounts.ts';

/** Is this pixel of the composed frame the fake camera's bright green (not the dark background or a name tile)? */
const isCamera = ([r, g, b]: [number, number, number]) => g > 150 && g > r + 60 && g > b + 60;
const isBackground = ([r, g, b]: [number, number, number]) => Math.max(r, g, b) < 40;
/** The last video frame of a file (under load the encoder may drop the last frames, so not simply the end). */
const lastFrame = async (file: string) => frameAt(file, Math.max(0, (await lastPacketEnd(file, 'v')) - 0.05), 1280, 720);

describe('recording a call, in real Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let call: Awaited<ReturnType<typeof recordableCall>>;

  beforeAll(async () => {
    requireFfprobe();
    server = await startServer();
    browser = await launchBrowser();
    call = await recordableCall(server, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('records about 5 s of a two-person call: both see the indicator, the file is WebM with its true duration', async () => {
    const { host, guest } = call;
    expect(await guest.page.$('[data-action=record]')).toBeNull();
    await host.page.click('[data-action=record]');
    try {
      await Promise.all([indicatorShown(host.page), indicatorShown(guest.page)]);
      await uploadedChunks(host.page, 5);
    } catch (error) {
      throw await withPageState(host.page, error as Error);
    }
    const recordedMs = await stopRecording(host.page);
    await Promise.all([indicatorGone(host.page), indicatorGone(guest.page)]);
    expect(recordedMs).toBeGreaterThan(4500);

    const [recording] = await call.recordings();
    expect(recording).toMatchObject({ state: 'ready' });
    const file = await call.download(recording!.id);
    const probed = await probeMedia(file);
    expect(probed.formatName).toContain('webm');
    expect(probed.streams.filter((s) => s.codec_type === 'video')).toHaveLength(1);
    expect(probed.streams.filter((s) => s.codec_type === 'audio')).toHaveLength(1);
    expect(probed.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 1280, height: 720 });
    expect(Math.abs(probed.duration * 1000 - recordedMs)).toBeLessThan(500);
    expect(Math.abs(probed.duration - (await lastPacketEnd(file)))).toBeLessThan(0.1);
    expect(await decodeErrors(file)).toBe('');
    // The fake microphones beep: the mix is not silence.
    expect(await maxVolumeDb(file)).toBeGreaterThan(-30);
    // Two cameras side by side (ours and the guest's, through the mesh), the background between them.
    const frame = await lastFrame(file);
    expect([frame.pixel(320, 360), frame.pixel(960, 360)].map(isCamera)).toEqual([true, true]);
    expect(isBackground(frame.pixel(640, 360))).toBe(true);
    console.log(`recorded ${recordedMs.toFixed(0)} ms, file says ${(probed.duration * 1000).toFixed(0)} ms, ${probed.size} bytes`);

    // The chat told everyone, including the guest.
    await guest.page.click('[data-action=chat]');
    await guest.page.waitForFunction(() => /started recording/.test(document.querySelector('.chat__messages')?.textContent ?? ''), poll);
    await guest.page.click('[data-action=chat]');
  });

  it('shows the recording to the host in the meetings overview, where it plays', async () => {
    const overview = await openParticipant(browser, `${server.url}/`, (c) => signInContext(c, server, call.account));
    const row = `.meeting[data-meeting-id="${call.meeting.id}"] .recording`;
    await overview.page.waitForSelector(row, poll);
    expect(await overview.page.$eval(row, (li) => li.textContent)).toMatch(/0:0[4-7]/);
    await overview.page.click(`${row} button`);
    await overview.page.waitForFunction(
      (sel) => {
        const video = document.querySelector<HTMLVideoElement>(`${sel} video`);
        return Boolean(video && video.readyState >= 1 && Number.isFinite(video.duration) && video.duration > 4);
      },
      poll,
      row,
    );
    await overview.context.close();
  });

  it('lets a guest neither start a recording nor list or download one (403)', async () => {
    const [recording] = await call.recordings();
    const answers = await call.guest.page.evaluate(
      async (meetingId, recordingId) => {
        const ticket = JSON.parse(sessionStorage.getItem(`call:${meetingId}`)!);
        const invite = new URLSearchParams(location.search).get('invite') ?? '';
        const headers = { 'x-participant-id': ticket.participantId, 'x-participant-token': ticket.token, 'x-invite-token': invite };
        const start = await fetch(`/api/meetings/${meetingId}/recordings`, { method: 'POST', headers });
        const file = await fetch(`/api/meetings/${meetingId}/recordings/${recordingId}/file`, { headers });
        const list = await fetch(`/api/meetings/${meetingId}/recordings`, { headers });
        return [start.status, file.status, list.status];
      },
      call.meeting.id,
      recording!.id,
    );
    expect(answers).toEqual([403, 403, 403]);
  });

  it('keeps a playable file of what was uploaded when the host closes the tab mid-recording; the picture followed a join', async () => {
    const { host, guest } = call;
    // With the host's microphone off, all the sound recorded comes from the guest, through the mesh.
    await host.page.click('[data-action=toggle-audio]');
    await host.page.waitForSelector('[data-self][data-audio-muted=true]', poll);
    const clickedAt = Date.now();
    await host.page.click('[data-action=record]');
    await indicatorShown(guest.page);
    await uploadedChunks(host.page, 2);
    // Someone joins while it records: they see the indicator at once, and the picture becomes a grid of three.
    const late = await openParticipant(browser, call.meeting.guestUrl);
    await joinAs(late.page, 'Lea Late');
    await indicatorShown(late.page);
    await waitForRemoteVideos(host.page, 2);
    const before = await confirmedChunks(host.page);
    await uploadedChunks(host.page, before + 3);
    const uploadedBytes = Number(await host.page.$eval('[data-testid=recording-progress]', (p) => p.getAttribute('data-uploaded-bytes')));
    const id = await host.page.$eval('[data-testid=recording-indicator]', (el) => el.getAttribute('data-recording-id'));
    const closedAt = Date.now();
    await host.page.close();
    await indicatorGone(guest.page);
    const recording = await call.waitUntilReady(id!);
    const file = await call.download(recording.id);
    const probed = await probeMedia(file);
    expect(probed.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    // What was confirmed uploaded before the tab closed is in the file (less at most a block cut short at its end),
    // and the file holds no more time than the tab was recording.
    const ranFor = (closedAt - clickedAt) / 1000;
    expect(probed.size).toBeGreaterThan(uploadedBytes * 0.8);
    expect(probed.duration).toBeGreaterThan(1);
    expect(probed.duration).toBeLessThan(ranFor + 0.5);
    expect(await decodeErrors(file)).toBe('');
    expect(await maxVolumeDb(file)).toBeGreaterThan(-30);
    // By its end the picture is a grid of three: two cameras on top (a gap between them), one tile centred below.
    const frame = await lastFrame(file);
    expect([frame.pixel(320, 180), frame.pixel(960, 180)].map(isCamera)).toEqual([true, true]);
    expect(isBackground(frame.pixel(640, 180))).toBe(true);
    expect(isBackground(frame.pixel(640, 600))).toBe(false);
    await late.context.close();
    console.log(
      `tab closed ${ranFor.toFixed(2)} s after Record (${uploadedBytes} bytes confirmed); the file holds ${probed.duration.toFixed(2)} s, ${probed.size} bytes: ${(ranFor - probed.duration).toFixed(2)} s lost`,
    );
  });
});
