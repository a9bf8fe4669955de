import { signal, type ReadonlySignal } from '@preact/signals';
import { MASK_HEIGHT, MASK_WIDTH } from './blur-assets.ts';
import type { BlurRuntime, BlurStats, CompositorCommand, CompositorEvent, RuntimeRequest } from './blur-protocol.ts';
import { chooseRuntime, deviceKey, pickFaster } from './choose-runtime.ts';
import { createSegmentClient } from './segment-port.ts';
import { createCpuSegmenter, type SegmenterHost } from './segmenter-host.ts';

/**
 * The blur pipeline for one camera track (loaded lazily, the first time blur is turned on):
 *
 *   camera ─ MediaStreamTrackProcessor ─▶ compositor worker ─ MediaStreamTrackGenerator ─▶ sent track
 *                                           │  ▲ latest mask
 *                          downscaled frame ▼  │
 *                                   segmenter (CPU worker, or WebGL on the main thread)
 */
export interface BlurProcessor {
  track: MediaStreamTrack;
  runtime: BlurRuntime;
  stats: ReadonlySignal<BlurStats | null>;
  /** Set when the running pipeline broke (the sent track would freeze): the owner falls back to the camera. */
  failure: ReadonlySignal<string | null>;
  dispose(): void;
}

export interface BlurOptions {
  /** Use this runtime instead of choosing (dev override, benchmarks). */
  runtime?: RuntimeRequest | null;
}

const FIRST_MASK_TIMEOUT_MS = 30_000;
const REMEMBER_KEY = 'blur-runtime';

export async function startBlur(camera: MediaStreamTrack, options: BlurOptions = {}): Promise<BlurProcessor> {
  if (
    typeof MediaStreamTrackProcessor === 'undefined' ||
    typeof MediaStreamTrackGenerator === 'undefined' ||
    typeof OffscreenCanvas === 'undefined'
  ) {
    throw new Error('this browser cannot process video (it lacks MediaStreamTrackProcessor); try Chrome or Edge');
  }
  const host = await loadSegmenter(camera, options.runtime ?? null);
  const worker = new Worker(new URL('./compositor.worker.ts', import.meta.url), { type: 'module', name: 'blur-compositor' });
  const generator = new MediaStreamTrackGenerator({ kind: 'video' });
  const stats = signal<BlurStats | null>(null);
  const failure = signal<string | null>(null);
  const dispose = () => {
    worker.postMessage({ type: 'stop' } satisfies CompositorCommand);
    worker.terminate();
    host.dispose();
    generator.stop();
  };
  try {
    const channel = new MessageChannel();
    host.connect(channel.port2);
    const { readable } = new MediaStreamTrackProcessor({ track: camera, maxBufferSize: 2 });
    const start: CompositorCommand = {
      type: 'start',
      readable,
      writable: generator.writable,
      segmenter: channel.port1,
      maskWidth: MASK_WIDTH,
      maskHeight: MASK_HEIGHT,
    };
    await new Promise<void>((resolve, reject) => {
      let started = false;
      const fail = (message: string) => (started ? (failure.value = message) : reject(new Error(message)));
      const timer = setTimeout(() => fail('the segmentation model produced no mask in time'), FIRST_MASK_TIMEOUT_MS);
      worker.onmessage = ({ data }: MessageEvent<CompositorEvent>) => {
        if (data.type === 'first-mask') {
          started = true;
          clearTimeout(timer);
          resolve();
        } else if (data.type === 'stats') stats.value = data.stats;
        else {
          clearTimeout(timer);
          fail(data.message);
        }
      };
      worker.onerror = (event) => fail(event.message || 'the compositor worker failed');
      worker.postMessage(start, [readable, generator.writable, channel.port1]);
    });
  } catch (error) {
    dispose();
    throw error;
  }
  return { track: generator, runtime: host.runtime, stats, failure, dispose };
}

function loadHost(runtime: BlurRuntime): Promise<SegmenterHost> {
  return runtime === 'cpu' ? createCpuSegmenter() : import('./segmenter-gl.ts').then((m) => m.createGlSegmenter());
}

/** Chooses the runtime for this device (timing both on real frames the first time) and loads it. */
async function loadSegmenter(camera: MediaStreamTrack, forced: RuntimeRequest | null): Promise<SegmenterHost> {
  const renderer = webglRenderer();
  const key = `${REMEMBER_KEY}:${deviceKey(renderer, navigator.hardwareConcurrency ?? 0, navigator.userAgent)}`;
  const remembered = readStorage(key);
  const choice = chooseRuntime({
    forced,
    remembered: remembered === 'cpu' || remembered === 'gl' ? remembered : null,
    webglRenderer: renderer,
    available: renderer === null ? ['cpu'] : ['cpu', 'gl'],
  });
  if ('runtime' in choice) return loadHost(choice.runtime);

  const samples: Partial<Record<BlurRuntime, number[]>> = {};
  const hosts: SegmenterHost[] = [];
  for (const runtime of choice.probe) {
    try {
      const host = await loadHost(runtime);
      hosts.push(host);
      samples[runtime] = await timeSegmentations(host, camera);
    } catch (error) {
      console.warn(`blur: the ${runtime} runtime is not usable here`, error);
    }
  }
  const winner = pickFaster(samples);
  writeStorage(key, winner);
  for (const host of hosts) if (host.runtime !== winner) host.dispose();
  return hosts.find((h) => h.runtime === winner)!;
}

/** Milliseconds per segmentation of a real camera frame, after a warm-up. */
async function timeSegmentations(host: SegmenterHost, camera: MediaStreamTrack, warmup = 3, runs = 7): Promise<number[]> {
  const channel = new MessageChannel();
  host.connect(channel.port2);
  const client = createSegmentClient(channel.port1);
  const frame = await grabFrame(camera);
  try {
    const times: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const { ms } = await client.segment(await createImageBitmap(frame));
      if (i >= warmup) times.push(ms);
    }
    return times;
  } finally {
    frame.close();
    client.close();
  }
}

async function grabFrame(camera: MediaStreamTrack): Promise<ImageBitmap> {
  const clone = camera.clone();
  const reader = new MediaStreamTrackProcessor({ track: clone }).readable.getReader();
  try {
    const { value: frame } = await reader.read();
    if (!frame) throw new Error('the camera gave no frame');
    try {
      return await createImageBitmap(frame, { resizeWidth: MASK_WIDTH, resizeHeight: MASK_HEIGHT });
    } finally {
      frame.close();
    }
  } finally {
    reader.cancel().catch(() => undefined);
    clone.stop();
  }
}

function webglRenderer(): string | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function writeStorage(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* private mode: probe again next time */
  }
}
