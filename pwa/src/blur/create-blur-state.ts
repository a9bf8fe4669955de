import { t } from '../i18n/i18n.ts';
import { batch, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import type { BlurOptions, BlurProcessor } from './blur-processor.ts';
import type { BlurRuntime, BlurStats, RuntimeRequest } from './blur-protocol.ts';

export type BlurStatus = 'off' | 'loading' | 'on' | 'error';

/** The part of LocalMedia blur needs. */
export interface BlurMedia {
  videoTrack: ReadonlySignal<MediaStreamTrack | null>;
  setProcessedTrack(kind: 'video', track: MediaStreamTrack | null): void;
}

export interface BlurStateDeps {
  /** Starts the pipeline; by default loads it lazily (its own chunk, fetched the first time blur is turned on). */
  start?: (camera: MediaStreamTrack, options: BlurOptions) => Promise<BlurProcessor>;
  runtime?: RuntimeRequest | null;
}

const lazyStart = (camera: MediaStreamTrack, options: BlurOptions) =>
  import('./blur-processor.ts').then((m) => m.startBlur(camera, options));

/**
 * Background blur for one LocalMedia: off → loading → on (or error, with the raw camera kept).
 * While on, the blurred track replaces the camera on every peer connection; a device switch
 * restarts the pipeline on the new camera; off (or no camera) restores the raw camera.
 */
export function createBlurState(media: BlurMedia, { start = lazyStart, runtime: forcedRuntime = null }: BlurStateDeps = {}) {
  const status = signal<BlurStatus>('off');
  const error = signal<string | null>(null);
  const runtime = signal<BlurRuntime | null>(null);
  const processor = signal<BlurProcessor | null>(null);
  const wanted = signal(false);
  let generation = 0;

  function stopPipeline() {
    generation++;
    media.setProcessedTrack('video', null);
    processor.value?.dispose();
    processor.value = null;
  }

  async function run(camera: MediaStreamTrack) {
    const mine = ++generation;
    batch(() => {
      status.value = 'loading';
      error.value = null;
    });
    try {
      const started = await start(camera, { runtime: forcedRuntime });
      if (mine !== generation) return started.dispose();
      media.setProcessedTrack('video', started.track);
      batch(() => {
        processor.value = started;
        runtime.value = started.runtime;
        status.value = 'on';
      });
    } catch (e) {
      if (mine !== generation) return;
      fail(t('blur.couldNotStart', { reason: String((e as Error)?.message ?? e) }), e);
    }
  }

  function fail(message: string, cause: unknown) {
    console.warn('background blur failed', cause);
    wanted.value = false;
    stopPipeline();
    batch(() => {
      status.value = 'error';
      error.value = message;
    });
  }

  // A pipeline that breaks while on gives the camera back rather than freezing the sent video.
  const stopWatching = effect(() => {
    const broken = processor.value?.failure.value;
    if (broken) untracked(() => fail(t('blur.stopped', { reason: String(broken) }), broken));
  });

  // Follow the camera: a new device track restarts the pipeline; no camera stops it.
  const stopFollowing = effect(() => {
    const camera = media.videoTrack.value;
    untracked(() => {
      if (!wanted.value || processor.value?.track === camera) return;
      stopPipeline();
      if (camera) void run(camera);
      else
        batch(() => {
          wanted.value = false;
          status.value = 'off';
        });
    });
  });

  function enable() {
    if (wanted.value) return;
    const camera = media.videoTrack.peek();
    if (!camera) {
      batch(() => {
        status.value = 'error';
        error.value = t('blur.noCamera');
      });
      return;
    }
    wanted.value = true;
    void run(camera);
  }

  function disable() {
    wanted.value = false;
    stopPipeline();
    batch(() => {
      status.value = 'off';
      error.value = null;
    });
  }

  return {
    status: status as ReadonlySignal<BlurStatus>,
    error: error as ReadonlySignal<string | null>,
    /** Which segmentation runtime runs (once on). */
    runtime: runtime as ReadonlySignal<BlurRuntime | null>,
    /** What the pipeline measured, updated about once a second while on. */
    stats(): BlurStats | null {
      return processor.value?.stats.value ?? null;
    },
    enable,
    disable,
    toggle: () => (wanted.value ? disable() : enable()),
    dispose() {
      stopFollowing();
      stopWatching();
      disable();
    },
  };
}

export type BlurState = ReturnType<typeof createBlurState>;
