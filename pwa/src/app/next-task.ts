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
