/**
 * A page's first RTCPeerConnection costs it 7–10 ms of main thread: Chromium sets WebRTC's factory
 * up then, and the connections after cost 1–2 ms (measured on the bench machine). Made in the
 * join's milliseconds (the offer made ahead, warm-offer.ts), that first one was part of the join's
 * longest task on a busy machine. A page that will call makes and closes one once the pre-join page
 * is drawn, so the join's connection is a cheap one. Framework-free.
 */
import { afterNextFrame, afterNextFrameIf } from '../app/next-task.ts';

let warmed = false;

/** Makes and closes one peer connection, once per page; false when it did nothing (done, or no WebRTC). */
export function warmUpWebRtc(make: () => RTCPeerConnection = () => new RTCPeerConnection()): boolean {
  if (warmed || typeof RTCPeerConnection !== 'function') return false;
  warmed = true;
  try {
    make().close();
  } catch (error) {
    console.warn('could not set WebRTC up ahead:', error);
  }
  return true;
}

/**
 * `warmUpWebRtc` in a task after the page's next frame (the pre-join page's first; or after 100 ms
 * where no frame comes), if `stillWanted()` then. Not in an idle moment: a page whose camera is
 * starting had none before a guest who presses Join at once did (the idle callback ran 400–500 ms
 * after it was asked, after the click), and the join paid for the first connection, 15–90 ms
 * on a busy machine. After two frames was too late too: on a busy machine a frame came 100 ms after
 * the one before, and the click before the second. Returns a function that cancels it.
 */
export function warmUpWebRtcAfterDraw(stillWanted: () => boolean, frame: () => Promise<void> = afterNextFrame): () => void {
  return afterNextFrameIf(stillWanted, () => warmUpWebRtc(), frame);
}
