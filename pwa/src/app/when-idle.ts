/**
 * Runs `task` in the page's next idle moment (at most `timeoutMs` from now), or `fallbackMs` from
 * now where the browser has no idle callback (Safari; 0: at once, in this task). Returns a
 * function that cancels it.
 */
export function whenIdle(task: () => void, { timeoutMs, fallbackMs }: { timeoutMs: number; fallbackMs: number }): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => task(), { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  if (fallbackMs <= 0) {
    task();
    return () => undefined;
  }
  const id = setTimeout(task, fallbackMs);
  return () => clearTimeout(id);
}
