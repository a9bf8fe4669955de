/** What the recorder asks MediaRecorder for, best first. */
export const MIME_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm'];

/** Whether this browser can record a call (composing on a canvas, WebM through MediaRecorder). */
export function recordingSupported(): boolean {
  return (
    typeof MediaRecorder !== 'undefined' &&
    typeof HTMLCanvasElement !== 'undefined' &&
    typeof HTMLCanvasElement.prototype.captureStream === 'function' &&
    MIME_TYPES.some((t) => MediaRecorder.isTypeSupported(t))
  );
}
