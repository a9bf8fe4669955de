/** Messages between the blur pipeline's threads. Every union is keyed on `type`. */

/** Where segmentation runs: MediaPipe Tasks on the CPU (WASM SIMD, in a worker), or body-segmentation's MediaPipe runtime (WebGL, main thread). */
export type BlurRuntime = 'cpu' | 'gl';
export const BLUR_RUNTIMES: readonly BlurRuntime[] = ['cpu', 'gl'];
/** A runtime asked for by name, or `probe`: time every available one and keep the faster (dev override). */
export type RuntimeRequest = BlurRuntime | 'probe';

/** A mask as ImageData-ready RGBA bytes: alpha is the person's probability (0..255). */
export interface MaskImage {
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
}

/** On a segmenter port: the compositor (or a probe) asks, the segmenter answers. */
export type SegmentRequest = { type: 'segment'; id: number; image: ImageBitmap };
export type SegmentReply = { type: 'mask'; id: number; mask: MaskImage; ms: number } | { type: 'failed'; id: number; message: string };

/** Main thread → compositor worker. */
export type CompositorCommand =
  | {
      type: 'start';
      readable: ReadableStream<VideoFrame>;
      writable: WritableStream<VideoFrame>;
      segmenter: MessagePort;
      maskWidth: number;
      maskHeight: number;
    }
  | { type: 'stop' };

/** Compositor worker → main thread. */
export type CompositorEvent = { type: 'first-mask' } | { type: 'stats'; stats: BlurStats } | { type: 'error'; message: string };

/** Main thread → CPU segmenter worker. */
export type SegmenterCommand =
  | { type: 'init'; wasmLoaderPath: string; wasmBinaryPath: string; modelUrl: string }
  | { type: 'connect'; port: MessagePort };
export type SegmenterEvent = { type: 'ready' } | { type: 'error'; message: string };

/** What the pipeline measured since it started (recent samples only). */
export interface BlurStats {
  /** Milliseconds per segmentation, as the segmenter reported them. */
  segmentMs: number[];
  /** Milliseconds from asking for a mask to having it (frame downscale, messaging, segmentation). */
  maskLatencyMs: number[];
  /** Milliseconds per composited frame. */
  compositeMs: number[];
  segmentations: number;
  frames: number;
  /** Milliseconds the stats cover. */
  elapsedMs: number;
}
