import { effect, signal, type ReadonlySignal } from '@preact/signals';
import type { ComposerCommand, ComposerEvent } from './composer-protocol.ts';
import { createTicker } from './create-ticker.ts';
import { drawCall } from './draw-call.ts';
import type { RecordedPicture } from './recorded-sources.ts';
import { syncKeyed } from './sync-keyed.ts';

export interface ComposeOptions {
  width?: number;
  height?: number;
  frameRate?: number;
}

/**
 * The call as one picture, captured as a track: a grid of everyone's video (a shared screen
 * large with the cameras beside it), redrawn `frameRate` times a second. The layout follows
 * `pictures`, so joins, leaves, mutes and shares show.
 *
 * Where the browser can process tracks (Chromium: MediaStreamTrackProcessor/Generator,
 * OffscreenCanvas) the drawing runs in a worker, so a host's page stays responsive while it
 * records (a 1280×720 canvas at 24 fps took most of a slow machine's main thread). Elsewhere
 * the page draws it on a canvas.
 */
export function composeVideo(pictures: ReadonlySignal<RecordedPicture[]>, options: ComposeOptions = {}) {
  const { width = 1280, height = 720, frameRate = 24 } = options;
  const canWork =
    typeof MediaStreamTrackProcessor !== 'undefined' &&
    typeof MediaStreamTrackGenerator !== 'undefined' &&
    typeof OffscreenCanvas !== 'undefined' &&
    typeof Worker !== 'undefined';
  if (canWork) {
    try {
      return composeInWorker(pictures, width, height, frameRate);
    } catch (error) {
      // No worker here (a policy of the page that embeds us, say): the page draws it.
      console.warn('recording: drawing on the page, the worker could not start:', error);
    }
  }
  return composeOnPage(pictures, width, height, frameRate);
}

function composeInWorker(pictures: ReadonlySignal<RecordedPicture[]>, width: number, height: number, frameRate: number) {
  const worker = new Worker(new URL('./composer.worker.ts', import.meta.url), { type: 'module', name: 'recording-composer' });
  const send = (command: ComposerCommand, transfer: Transferable[] = []) => worker.postMessage(command, transfer);
  const failure = signal<string | null>(null);
  worker.onmessage = ({ data }: MessageEvent<ComposerEvent>) => void (failure.value ??= data.message);
  worker.onerror = (event) => void (failure.value ??= event.message || 'the picture could not be drawn');
  let generator: MediaStreamTrackGenerator;
  try {
    generator = new MediaStreamTrackGenerator({ kind: 'video' });
  } catch (error) {
    worker.terminate();
    throw error;
  }
  send({ type: 'start', writable: generator.writable, width, height, frameRate }, [generator.writable]);

  // Each track is read through a clone of its own, so letting the reader go never ends the call's track.
  const sources = new Map<MediaStreamTrack, { id: number; clone: MediaStreamTrack }>();
  let nextId = 1;
  const stopFollowing = effect(() => {
    const list = pictures.value;
    syncKeyed(
      sources,
      new Set(list.flatMap((p) => (p.track ? [p.track] : []))),
      (track) => {
        const id = nextId++;
        const clone = track.clone();
        const { readable } = new MediaStreamTrackProcessor({ track: clone, maxBufferSize: 1 });
        send({ type: 'source', id, readable }, [readable]);
        return { id, clone };
      },
      ({ id, clone }) => {
        send({ type: 'drop', id });
        clone.stop();
      },
    );
    send({
      type: 'pictures',
      pictures: list.map((p) => ({ name: p.name, kind: p.kind, source: p.track ? sources.get(p.track)!.id : null })),
    });
  });

  return {
    track: generator as MediaStreamTrack,
    failure: failure as ReadonlySignal<string | null>,
    dispose() {
      stopFollowing();
      send({ type: 'stop' });
      worker.terminate();
      for (const { clone } of sources.values()) clone.stop();
      sources.clear();
      generator.stop();
    },
  };
}

/** A muted player per video track, so the canvas can draw its frames. */
function createPlayers() {
  const players = new Map<MediaStreamTrack, HTMLVideoElement>();
  return {
    /** Players for exactly these tracks (new ones started, gone ones released). */
    sync(tracks: ReadonlySet<MediaStreamTrack>) {
      syncKeyed(
        players,
        tracks,
        (track) => {
          const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true, autoplay: true });
          video.srcObject = new MediaStream([track]);
          void video.play().catch(() => undefined);
          return video;
        },
        (video) => void (video.srcObject = null),
      );
    },
    get: (track: MediaStreamTrack) => players.get(track),
    dispose() {
      for (const video of players.values()) video.srcObject = null;
      players.clear();
    },
  };
}

/**
 * Whether the page's compositor draws a frame now: not within half a frame of the last (queued
 * ticks arrive together), and not before twice the last draw's cost has passed (a draw costing
 * more than half its interval keeps the page's main thread at most half busy with drawing).
 */
export function drawDue(now: number, lastDraw: number, drawCost: number, frameRate: number): boolean {
  return now - lastDraw >= Math.max(500 / frameRate, 2 * drawCost);
}

function composeOnPage(pictures: ReadonlySignal<RecordedPicture[]>, width: number, height: number, frameRate: number) {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('this browser cannot draw the recording (no 2D canvas)');
  const players = createPlayers();
  const track = canvas.captureStream(frameRate).getVideoTracks()[0];
  if (!track) throw new Error('this browser cannot capture a canvas');

  let lastDraw = -Infinity;
  let drawCost = 0;
  function draw() {
    // Ticks queued while the page was busy arrive together: one frame for them all (two frames
    // within a millisecond would share a WebM timestamp). A draw that costs more than half its
    // interval (a slow machine drawing in software) is spaced out to twice its cost: the page keeps
    // half its main thread for the call, the uploads and the person, at a lower frame rate.
    const now = performance.now();
    if (!drawDue(now, lastDraw, drawCost, frameRate)) return;
    lastDraw = now;
    const list = pictures.peek();
    players.sync(new Set(list.flatMap((p) => (p.track ? [p.track] : []))));
    drawCall(
      ctx!,
      list,
      (p) => {
        const video = p.track ? players.get(p.track) : undefined;
        return video && video.readyState >= 2 ? { image: video, width: video.videoWidth, height: video.videoHeight } : undefined;
      },
      width,
      height,
    );
    drawCost = performance.now() - now;
  }

  draw();
  const ticker = createTicker(1000 / frameRate, draw);
  return {
    track,
    dispose() {
      ticker.dispose();
      track.stop();
      players.dispose();
    },
  };
}
