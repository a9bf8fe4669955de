type YieldingScheduler = { yield?: () => Promise<void> };

/**
 * Resolves in a task of its own, so that the browser can take input and draw in between: work
 * split with it is several short tasks instead of one long one. `scheduler.yield()` where the
 * browser has it (Chromium: the rest runs ahead of other queued tasks), else a timer.
 */
export function nextTask(scheduler = (globalThis as { scheduler?: YieldingScheduler }).scheduler): Promise<void> {
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A frame, at most this long (a hidden tab draws no frames). */
const FRAME_WAIT_MAX_MS = 100;

/**
 * Resolves in a task after the browser's next frame (or after 100 ms where no frame comes: a hidden
 * tab): what is drawn then gets a style and layout pass of its own, not the first frame's.
 */
export function afterNextFrame(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      clearTimeout(fallback);
      resolve();
    };
    const fallback = setTimeout(go, FRAME_WAIT_MAX_MS);
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(go, 0));
  });
}

/**
 * Runs `work` in a task after the browser's next frame (`frame`, `afterNextFrame` unless a test
 * passes its own) if `stillWanted()` then. Returns a function that cancels it.
 */
export function afterNextFrameIf(stillWanted: () => boolean, work: () => void, frame: () => Promise<void> = afterNextFrame): () => void {
  let cancelled = false;
  void frame().then(() => {
    if (!cancelled && stillWanted()) work();
  });
  return () => {
    cancelled = true;
  };
}
