/// <reference lib="webworker" />
import { ImageSegmenter } from '@mediapipe/tasks-vision';
import type { SegmenterCommand, SegmenterEvent } from './blur-protocol.ts';
import { confidenceToMask } from './mask.ts';
import { serveSegmentRequests } from './segment-port.ts';
import { buildImageModelMetadata, withModelMetadata } from './tflite-metadata.ts';
import { assertNever } from '../../../shared/room-events.ts';

/**
 * The CPU runtime: MediaPipe Tasks' image segmenter on the XNNPACK (WASM SIMD) delegate,
 * in its own worker so neither the page nor the compositor waits for it.
 */
declare const self: DedicatedWorkerGlobalScope;

let segmenter: ImageSegmenter | null = null;
let lastTimestamp = 0;

const post = (event: SegmenterEvent) => self.postMessage(event);

async function init(wasmLoaderPath: string, wasmBinaryPath: string, modelUrl: string) {
  const response = await fetch(modelUrl);
  if (!response.ok) throw new Error(`model: HTTP ${response.status}`);
  const model = withModelMetadata(
    new Uint8Array(await response.arrayBuffer()),
    // The selfie models take RGB in [0, 1].
    buildImageModelMetadata('selfie_segmentation', { mean: [0, 0, 0], std: [255, 255, 255] }),
  );
  segmenter = await ImageSegmenter.createFromOptions(
    { wasmLoaderPath, wasmBinaryPath },
    {
      baseOptions: { modelAssetBuffer: model, delegate: 'CPU' },
      runningMode: 'VIDEO',
      outputConfidenceMasks: true,
      outputCategoryMask: false,
    },
  );
}

function segment(image: ImageBitmap) {
  if (!segmenter) throw new Error('segmenter not ready');
  // VIDEO mode wants strictly increasing timestamps.
  lastTimestamp = Math.max(lastTimestamp + 1, performance.now());
  const result = segmenter.segmentForVideo(image, lastTimestamp);
  try {
    const mask = result.confidenceMasks?.[0];
    if (!mask) throw new Error('no mask');
    return confidenceToMask(mask.getAsFloat32Array(), mask.width, mask.height);
  } finally {
    result.close();
  }
}

self.onmessage = ({ data }: MessageEvent<SegmenterCommand>) => {
  switch (data.type) {
    case 'init':
      init(data.wasmLoaderPath, data.wasmBinaryPath, data.modelUrl).then(
        () => post({ type: 'ready' }),
        (error) => post({ type: 'error', message: (error as Error)?.message ?? String(error) }),
      );
      return;
    case 'connect':
      serveSegmentRequests(data.port, segment);
      return;
    default:
      assertNever(data, 'segmenter command');
  }
};
