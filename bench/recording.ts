import { stat } from 'node:fs/promises';
import { launchBrowser } from '../e2e/harness/browser.ts';
import { packetTimes, probeMedia } from '../e2e/harness/ffprobe.ts';
import { confirmedChunks, recordableCall, stopRecording, uploadedChunks } from '../e2e/harness/recording.ts';
import { withPageState } from '../e2e/harness/room.ts';
import { startServer } from '../e2e/harness/server.ts';
import { finaliseWebm } from '../server/recording/webm/finalise-webm.ts';
import { cpuPercentOver, cpuSeconds, treeCpuSeconds } from './cpu.ts';
import { median, percentile, type BenchRow } from './table.ts';

/** Times of the chunk uploads the page made (Resource Timing), in ms. */
const chunkUploadTimes = (page: import('puppeteer-core').Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => /\/recordings\/[^/]+\/chunks\/\d+$/.test(e.name))
      .map((e) => e.duration),
  );

/**
 * Recording a two-person call (both pages in one Chromium, fake camera 640×480): what it
 * costs the host (browser CPU with and without recording: composing 1280×720 at 24 fps,
 * mixing, VP8/Opus encoding) and the server (CPU, upload rate), how long a chunk takes
 * to upload, how far the file's duration is from the recorder's own time, how long
 * finalising takes, and how much a closed tab loses.
 */
export async function benchRecording({ seconds = 10 } = {}): Promise<BenchRow[]> {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const call = await recordableCall(server, browser, { title: 'Recording bench' });
    const browserPid = browser.process()!.pid!;
    const idleBrowser = await cpuPercentOver(seconds * 1000, () => treeCpuSeconds(browserPid));

    await call.host.page.click('[data-action=record]');
    await uploadedChunks(call.host.page, 1).catch(async (e) => {
      throw await withPageState(call.host.page, e as Error);
    });
    const serverCpu = cpuSeconds(server.process.pid!);
    const t0 = performance.now();
    const recordingBrowser = await cpuPercentOver(seconds * 1000, () => treeCpuSeconds(browserPid));
    const serverPercent = ((cpuSeconds(server.process.pid!) - serverCpu) / ((performance.now() - t0) / 1000)) * 100;
    const uploads = await chunkUploadTimes(call.host.page);
    const recordedMs = await stopRecording(call.host.page);
    const [recording] = await call.recordings();
    const file = await call.download(recording!.id);
    const probed = await probeMedia(file);
    const rateKbit = (probed.size * 8) / probed.duration / 1000;
    const videoPackets = await packetTimes(file, 'v');
    const frameRate = videoPackets.length / videoPackets.reduce((end, p) => Math.max(end, p.pts + p.duration), 0);
    const finaliseStart = performance.now();
    await finaliseWebm(file); // again, on the downloaded copy: the same work the server did
    const finaliseMs = performance.now() - finaliseStart;
    const sizeMb = (await stat(file)).size / 1024 / 1024;

    // A tab closed mid-recording.
    const clickedAt = Date.now();
    await call.host.page.click('[data-action=record]');
    await uploadedChunks(call.host.page, 3);
    const id = await call.host.page.$eval('[data-testid=recording-indicator]', (el) => el.getAttribute('data-recording-id'));
    const confirmed = await confirmedChunks(call.host.page);
    const closedAt = Date.now();
    await call.host.page.close();
    const crashed = await call.waitUntilReady(id!);
    const lost = (closedAt - clickedAt) / 1000 - crashed.durationMs / 1000;

    return [
      { metric: 'recording: host browser CPU, call only', value: `${idleBrowser.toFixed(0)} % of a core` },
      {
        metric: 'recording: host browser CPU, call + recording',
        value: `${recordingBrowser.toFixed(0)} % (+${(recordingBrowser - idleBrowser).toFixed(0)})`,
      },
      {
        metric: 'recording: server CPU while receiving chunks',
        value: `${serverPercent.toFixed(1)} % of a core`,
        target: '< 5 %',
        ok: serverPercent < 5,
      },
      { metric: 'recording: upload rate (file size / duration)', value: `${rateKbit.toFixed(0)} kbit/s` },
      // Composed at 24 fps; what the encoder kept (it drops frames when the machine cannot keep up).
      { metric: 'recording: video frames in the file, per second', value: `${frameRate.toFixed(1)} fps (composed at 24)` },
      {
        metric: 'recording: chunk upload time p50 / p95',
        value: `${median(uploads).toFixed(0)} / ${percentile(uploads, 95).toFixed(0)} ms (${uploads.length} chunks)`,
        target: '< 1000 ms (a chunk a second)',
        ok: percentile(uploads, 95) < 1000,
      },
      {
        metric: 'recording: file duration − recorder time',
        value: `${(probed.duration * 1000 - recordedMs).toFixed(0)} ms (${(recordedMs / 1000).toFixed(2)} s recorded)`,
        target: '|Δ| < 500 ms',
        ok: Math.abs(probed.duration * 1000 - recordedMs) < 500,
      },
      { metric: 'recording: finalise (scan, cues, duration)', value: `${finaliseMs.toFixed(0)} ms for ${sizeMb.toFixed(1)} MB` },
      {
        metric: 'recording: lost when the tab closes',
        value: `${lost.toFixed(2)} s (${confirmed} chunks confirmed, file ${(crashed.durationMs / 1000).toFixed(2)} s)`,
        target: '< 3 s',
        ok: lost < 3,
      },
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}
