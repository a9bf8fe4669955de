/// <reference lib="webworker" />
import { assertNever } from '../../../shared/room-events.ts';
import type { ComposerCommand, ComposerEvent, ComposerPicture } from './composer-protocol.ts';
import { drawCall } from './draw-call.ts';
import { createLatestFrames } from './latest-frames.ts';

/**
 * The recording's picture, drawn off the page's main thread: everyone's frames come in as
 * streams (MediaStreamTrackProcessor), the newest of each is kept, and the call is drawn on
 * an OffscreenCanvas `frameRate` times a second and written out as a track
 * (MediaStreamTrackGenerator). A worker's timer also keeps its rate while the tab is hidden.
 */
declare const self: DedicatedWorkerGlobalScope;

const frames = createLatestFrames<VideoFrame>();
let pictures: ComposerPicture[] = [];
let timer: ReturnType<typeof setInterval> | undefined;
let writer: WritableStreamDefaultWriter<VideoFrame> | undefined;
const post = (event: ComposerEvent) => self.postMessage(event);

function start({ writable, width, height, frameRate }: Extract<ComposerCommand, { type: 'start' }>) {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) return post({ type: 'error', message: 'this browser cannot draw the recording (no 2D canvas in a worker)' });
  const out = writable.getWriter();
  writer = out;
  let writing = false;
  let lastTimestamp = 0;
  timer = setInterval(() => {
    // A frame still being taken by the encoder: skip this tick rather than queue behind it.
    if (writing) return;
    drawCall(
      ctx,
      pictures,
      (p) => {
        const frame = p.source === null ? undefined : frames.latest(p.source);
        return frame && { image: frame, width: frame.displayWidth, height: frame.displayHeight };
      },
      width,
      height,
    );
    const timestamp = Math.max(Math.round(performance.now() * 1000), lastTimestamp + 1);
    lastTimestamp = timestamp;
    writing = true;
    out
      .write(new VideoFrame(canvas, { timestamp, alpha: 'discard' }))
      .catch((error) => {
        if (timer !== undefined) post({ type: 'error', message: (error as Error)?.message ?? String(error) });
        stop();
      })
      .finally(() => (writing = false));
  }, 1000 / frameRate);
}

function stop() {
  clearInterval(timer);
  timer = undefined;
  frames.dispose();
  writer?.close().catch(() => undefined);
  writer = undefined;
}

self.onmessage = ({ data }: MessageEvent<ComposerCommand>) => {
  switch (data.type) {
    case 'start':
      start(data);
      return;
    case 'source':
      frames.add(data.id, data.readable);
      return;
    case 'drop':
      frames.drop(data.id);
      return;
    case 'pictures':
      pictures = data.pictures;
      return;
    case 'stop':
      stop();
      return;
    default:
      assertNever(data, 'composer command');
  }
};
