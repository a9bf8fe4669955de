import type { MaskImage, SegmentReply, SegmentRequest } from './blur-protocol.ts';

/**
 * A segmenter is reached through a MessagePort, wherever it runs (its own worker or the
 * main thread): the compositor worker and the runtime probe use the same client.
 */
export function serveSegmentRequests(port: MessagePort, segment: (image: ImageBitmap) => Promise<MaskImage> | MaskImage): () => void {
  port.onmessage = async ({ data }: MessageEvent<SegmentRequest>) => {
    const start = performance.now();
    try {
      const mask = await segment(data.image);
      const reply: SegmentReply = { type: 'mask', id: data.id, mask, ms: performance.now() - start };
      port.postMessage(reply, [mask.data.buffer]);
    } catch (error) {
      const reply: SegmentReply = { type: 'failed', id: data.id, message: (error as Error)?.message ?? String(error) };
      port.postMessage(reply);
    } finally {
      data.image.close();
    }
  };
  return () => {
    port.onmessage = null;
    port.close();
  };
}

export interface SegmentResult {
  mask: MaskImage;
  /** Time the segmenter spent, without the messaging. */
  ms: number;
}

/** The asking side: `segment(image)` transfers the bitmap and resolves with its mask. */
export function createSegmentClient(port: MessagePort) {
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: SegmentResult) => void; reject: (e: Error) => void }>();
  port.onmessage = ({ data }: MessageEvent<SegmentReply>) => {
    const waiter = pending.get(data.id);
    if (!waiter) return;
    pending.delete(data.id);
    if (data.type === 'mask') waiter.resolve({ mask: data.mask, ms: data.ms });
    else waiter.reject(new Error(data.message));
  };
  return {
    segment(image: ImageBitmap): Promise<SegmentResult> {
      const id = nextId++;
      const request: SegmentRequest = { type: 'segment', id, image };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        port.postMessage(request, [image]);
      });
    },
    close() {
      for (const waiter of pending.values()) waiter.reject(new Error('segmenter closed'));
      pending.clear();
      port.onmessage = null;
      port.close();
    },
  };
}
