/// <reference lib="webworker" />
/**
 * A steady clock for the recording's frames. Timers of a hidden page are slowed to once a
 * second (or less), those of a dedicated worker are not, so the picture keeps its frame
 * rate while the host looks at another tab.
 */
let timer: ReturnType<typeof setInterval> | undefined;
self.onmessage = ({ data }: MessageEvent<{ intervalMs: number | null }>) => {
  clearInterval(timer);
  if (data.intervalMs) timer = setInterval(() => self.postMessage(null), data.intervalMs);
};
