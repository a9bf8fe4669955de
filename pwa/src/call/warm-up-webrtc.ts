/**
 * A page's first RTCPeerConnection costs it 7–10 ms of main thread: Chromium sets WebRTC's factory
 * up then, and the connections after cost 1–2 ms (measured on the bench machine). Made in the
 * join's milliseconds (the offer made ahead, warm-offer.ts), that first one was part of the join's
 * longest task on a busy machine. A page that will call makes and closes one in an idle moment
 * while the pre-join page shows, so the join's connection is a cheap one. Framework-free.
 */
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
 * `warmUpWebRtc` in the page's next idle moment (within `timeoutMs`; where the browser has no idle
 * callback, in a task of its own), if `stillWanted()` then. Returns a function that cancels it.
 */
export function warmUpWebRtcWhenIdle(stillWanted: () => boolean, timeoutMs = 2_000): () => void {
  const run = () => {
    if (stillWanted()) warmUpWebRtc();
  };
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const timer = setTimeout(run, 0);
  return () => clearTimeout(timer);
}
