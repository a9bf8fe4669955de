import { createSegmenter, SupportedModels } from '@tensorflow-models/body-segmentation';
import { blurAssetUrl, MASK_HEIGHT, MASK_WIDTH } from './blur-assets.ts';
import { channelToMask } from './mask.ts';
import { serveSegmentRequests } from './segment-port.ts';
import type { SegmenterHost } from './segmenter-host.ts';

/**
 * The WebGL runtime: body-segmentation driving MediaPipe's selfie segmentation solution
 * (its wasm, graph and model served from /blur/). The solution needs the page's DOM, so it
 * runs on the main thread; the compositor keeps sending frames meanwhile.
 */
export async function createGlSegmenter(): Promise<SegmenterHost> {
  const segmenter = await createSegmenter(SupportedModels.MediaPipeSelfieSegmentation, {
    runtime: 'mediapipe',
    modelType: 'landscape',
    solutionPath: blurAssetUrl('').replace(/\/$/, ''),
  });
  const canvas = new OffscreenCanvas(MASK_WIDTH, MASK_HEIGHT);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const stops: (() => void)[] = [];

  async function segment(image: ImageBitmap) {
    const [person] = await segmenter.segmentPeople(image);
    ctx.clearRect(0, 0, MASK_WIDTH, MASK_HEIGHT);
    if (person) ctx.drawImage(await person.mask.toCanvasImageSource(), 0, 0, MASK_WIDTH, MASK_HEIGHT);
    // MediaPipe's mask carries the probability in its red channel.
    return channelToMask(ctx.getImageData(0, 0, MASK_WIDTH, MASK_HEIGHT).data, MASK_WIDTH, MASK_HEIGHT, 0);
  }

  return {
    runtime: 'gl',
    connect: (port) => stops.push(serveSegmentRequests(port, segment)),
    dispose() {
      for (const stop of stops.splice(0)) stop();
      segmenter.dispose();
    },
  };
}
