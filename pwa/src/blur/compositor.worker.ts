/// <reference lib="webworker" />
import { assertNever } from '../../../shared/room-events.ts';
import type { BlurStats, CompositorCommand, CompositorEvent } from './blur-protocol.ts';
import { createCompositor } from './composite.ts';
import { createMaskScheduler } from './mask-scheduler.ts';
import { createSegmentClient } from './segment-port.ts';

/**
 * The compositor: camera frames in, blurred frames out, at the camera's rate. It never waits
 * for segmentation: it asks for a new mask when the scheduler says so and composites every
 * frame with the latest mask it has.
 */
declare const self: DedicatedWorkerGlobalScope;

const STATS_EVERY_MS = 1000;
const SAMPLES_KEPT = 200;

let running = false;
const post = (event: CompositorEvent) => self.postMessage(event);

async function run({ readable, writable, segmenter, maskWidth, maskHeight }: Extract<CompositorCommand, { type: 'start' }>) {
  running = true;
  const client = createSegmentClient(segmenter);
  const scheduler = createMaskScheduler();
  const compositor = createCompositor();
  const reader = readable.getReader();
  const writer = writable.getWriter();
  const stats: BlurStats = { segmentMs: [], maskLatencyMs: [], compositeMs: [], segmentations: 0, frames: 0, elapsedMs: 0 };
  const started = performance.now();
  let lastStats = started;
  const keep = (list: number[], value: number) => {
    list.push(value);
    if (list.length > SAMPLES_KEPT) list.shift();
  };

  function requestMask(now: number) {
    scheduler.started(now);
    createImageBitmap(compositor.source, { resizeWidth: maskWidth, resizeHeight: maskHeight, resizeQuality: 'low' })
      .then((bitmap) => client.segment(bitmap))
      .then(({ mask, ms }) => {
        if (!running) return;
        const first = !compositor.hasMask;
        compositor.setMask(mask);
        scheduler.finished(ms);
        stats.segmentations++;
        keep(stats.segmentMs, ms);
        keep(stats.maskLatencyMs, performance.now() - now);
        if (first) post({ type: 'first-mask' });
      })
      .catch((error) => {
        scheduler.failed();
        if (running && !compositor.hasMask) post({ type: 'error', message: (error as Error)?.message ?? String(error) });
      });
  }

  try {
    while (running) {
      const { value: frame, done } = await reader.read();
      if (done || !frame) break;
      const now = performance.now();
      const { timestamp } = frame;
      compositor.load(frame, frame.displayWidth, frame.displayHeight);
      frame.close();
      if (scheduler.due(now)) requestMask(now);
      if (!compositor.hasMask) continue;
      const canvas = compositor.compose();
      const output = new VideoFrame(canvas, { timestamp, alpha: 'discard' });
      keep(stats.compositeMs, performance.now() - now);
      stats.frames++;
      await writer.write(output);
      if (now - lastStats >= STATS_EVERY_MS) {
        lastStats = now;
        post({ type: 'stats', stats: { ...stats, elapsedMs: now - started } });
      }
    }
  } catch (error) {
    if (running) post({ type: 'error', message: (error as Error)?.message ?? String(error) });
  } finally {
    running = false;
    client.close();
    reader.cancel().catch(() => undefined);
    writer.close().catch(() => undefined);
  }
}

self.onmessage = ({ data }: MessageEvent<CompositorCommand>) => {
  switch (data.type) {
    case 'start':
      void run(data);
      return;
    case 'stop':
      running = false;
      return;
    default:
      assertNever(data, 'compositor command');
  }
};
