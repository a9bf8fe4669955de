import type { Page } from 'puppeteer-core';
import { installDiagnostics } from './probes.ts';
import { launchBrowser, openParticipant, poll } from '../e2e/harness/browser.ts';
import { joinAs, waitForRemoteVideos } from '../e2e/harness/room.ts';
import { startServer } from '../e2e/harness/server.ts';
import { createMeeting, setFeatures, signInContext, signUpHost } from '../e2e/harness/accounts.ts';
import { writeTestVideo } from '../e2e/harness/test-video.ts';
import type { BlurRuntime, BlurStats, RuntimeRequest } from '../pwa/src/blur/blur-protocol.ts';
import { median, percentile, type BenchRow } from './table.ts';

const WARMUP_MS = 3000;
const WINDOW_MS = 8000;
/** `probe` lets the page time both runtimes on its first frames and keep the faster, as a device with a GPU would. */
const REQUESTS = (process.env.BLUR_RUNTIMES?.split(',') ?? ['cpu', 'gl', 'probe']) as RuntimeRequest[];

interface Sample {
  at: number;
  stats: BlurStats | null;
  /** Frames the other participant has decoded from us. */
  received: number;
}

/**
 * Background blur in a two-person call in headless Chromium on this machine (no GPU): for each
 * segmentation runtime (forced with the `blur-runtime` dev override), the pipeline's own timings
 * and the frame rate the other participant receives. Both pages share the 2 cores, as they would
 * not on a real call: the figures are pessimistic.
 */
export async function benchBlur(): Promise<BenchRow[]> {
  const video = await writeTestVideo();
  const server = await startServer();
  const browser = await launchBrowser([`--use-file-for-fake-video-capture=${video}`]);
  const rows: BenchRow[] = [];
  const host = await signUpHost(server, 'Ada');
  await setFeatures(server, host, { backgroundBlur: true });
  try {
    let baseline: number | null = null;
    const rates: Partial<Record<BlurRuntime, number>> = {};
    for (const request of REQUESTS) {
      let runtime: string = request;
      const meeting = await createMeeting(server, host, 'Bench blur');
      const runtimeSwitch = `blur-runtime=${request}`;
      const ada = await openParticipant(browser, `${meeting.hostUrl}?${runtimeSwitch}`, {
        prepare: (c) => signInContext(c, server, host),
        beforeLoad: installDiagnostics,
      });
      const grace = await openParticipant(browser, `${meeting.guestUrl}&${runtimeSwitch}`);
      await joinAs(ada.page, 'Ada');
      await joinAs(grace.page, 'Grace');
      await waitForRemoteVideos(grace.page, 1);
      if (baseline === null) {
        await delay(WARMUP_MS);
        baseline = await receivedFps(grace.page, WINDOW_MS / 2);
        rows.push({ metric: 'received frame rate, blur off (camera rate)', value: `${baseline.toFixed(1)} fps` });
      }
      const clicked = Date.now();
      await ada.page.click('[data-action=toggle-blur]');
      await ada.page.waitForSelector('[data-action=toggle-blur]:not([data-blur-status=loading])', { ...poll, timeout: 60_000 });
      const status = await ada.page.$eval('[data-action=toggle-blur]', (el) => el.getAttribute('data-blur-status'));
      if (status !== 'on') {
        rows.push({
          metric: `blur [${runtime}]`,
          value: `did not start: ${await ada.page.$eval('body', (b) => b.innerText.match(/Background blur could not start[^\n]*/)?.[0] ?? status)}`,
          ok: false,
        });
        await Promise.all([ada.context.close(), grace.context.close()]);
        continue;
      }
      const loadMs = Date.now() - clicked;
      if (request === 'probe')
        runtime = `probe → ${await ada.page.$eval('[data-action=toggle-blur]', (el) => el.getAttribute('data-blur-runtime'))}`;
      await delay(WARMUP_MS);
      const first = await sample(ada.page, grace.page);
      await delay(WINDOW_MS);
      const last = await sample(ada.page, grace.page);
      const stats = last.stats!;
      // Rates over the pipeline's own clock: its stats arrive about once a second.
      const seconds = (stats.elapsedMs - first.stats!.elapsedMs) / 1000;
      const segRate = (stats.segmentations - first.stats!.segmentations) / seconds;
      const producedFps = (stats.frames - first.stats!.frames) / seconds;
      const receivedRate = (last.received - first.received) / ((last.at - first.at) / 1000);
      if (request !== 'probe') rates[request] = median(stats.segmentMs);
      rows.push(
        { metric: `[${runtime}] click → blur on (model load, first mask)`, value: `${loadMs} ms` },
        {
          metric: `[${runtime}] segmentation, median / p90`,
          value: `${median(stats.segmentMs).toFixed(1)} / ${percentile(stats.segmentMs, 90).toFixed(1)} ms`,
        },
        {
          metric: `[${runtime}] mask latency (ask → mask in hand), median / p90`,
          value: `${median(stats.maskLatencyMs).toFixed(1)} / ${percentile(stats.maskLatencyMs, 90).toFixed(1)} ms`,
        },
        {
          metric: `[${runtime}] composite per frame, median / p90`,
          value: `${median(stats.compositeMs).toFixed(1)} / ${percentile(stats.compositeMs, 90).toFixed(1)} ms`,
        },
        { metric: `[${runtime}] segmentation rate`, value: `${segRate.toFixed(1)} /s`, target: '≥ 10 /s', ok: segRate >= 10 },
        {
          metric: `[${runtime}] blurred track, frames produced`,
          value: `${producedFps.toFixed(1)} fps`,
          target: '≥ 25 fps',
          ok: producedFps >= 25,
        },
        { metric: `[${runtime}] blurred track, frames received by the other side`, value: `${receivedRate.toFixed(1)} fps` },
      );
      await Promise.all([ada.context.close(), grace.context.close()]);
    }
    const measured = (['cpu', 'gl'] as const).filter((r) => rates[r] !== undefined);
    if (measured.length) {
      const winner = measured.reduce((a, b) => (rates[a]! <= rates[b]! ? a : b));
      rows.push({
        metric: 'faster segmentation runtime on this machine',
        value: `${winner} (${measured.map((r) => `${r} ${rates[r]!.toFixed(1)} ms`).join(', ')})`,
      });
    }
    return rows;
  } finally {
    await browser.close();
    await server.stop();
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sample(sender: Page, receiver: Page): Promise<Sample> {
  const stats = await sender.evaluate(() =>
    (window as unknown as { __meetingRoomDiagnostics: { blur: { stats(): BlurStats | null } } }).__meetingRoomDiagnostics.blur.stats(),
  );
  return { at: Date.now(), stats, received: await decodedFrames(receiver) };
}

const decodedFrames = (page: Page) =>
  page.$eval('video[data-remote]', (v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);

async function receivedFps(page: Page, ms: number): Promise<number> {
  const before = await decodedFrames(page);
  const t = Date.now();
  await delay(ms);
  return ((await decodedFrames(page)) - before) / ((Date.now() - t) / 1000);
}
