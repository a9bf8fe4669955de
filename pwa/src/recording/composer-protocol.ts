import type { DrawnPicture } from './draw-call.ts';

/** A picture as the composer worker gets it: `source` names a frame stream it was given, null for none. */
export interface ComposerPicture extends DrawnPicture {
  source: number | null;
}

/** Main thread → composer worker (composer.worker.ts). Streams are transferred, not copied. */
export type ComposerCommand =
  | { type: 'start'; writable: WritableStream<VideoFrame>; width: number; height: number; frameRate: number }
  | { type: 'source'; id: number; readable: ReadableStream<VideoFrame> }
  | { type: 'drop'; id: number }
  | { type: 'pictures'; pictures: ComposerPicture[] }
  | { type: 'stop' };

/** Composer worker → main thread. */
export type ComposerEvent = { type: 'error'; message: string };
