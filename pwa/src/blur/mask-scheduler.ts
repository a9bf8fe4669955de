/**
 * Decides when the compositor asks for a new mask. Segmentation is decoupled from the
 * video rate: every frame is composited with the latest mask, and a new segmentation is
 * started only when none is running, at most `maxRate` per second, and spaced so that it
 * uses at most `cpuShare` of one core (a slow device segments less often instead of
 * dropping frames).
 */
export interface MaskSchedulerOptions {
  /** Most segmentations per second. */
  maxRate?: number;
  /** Fraction of one core segmentation may take: the gap between starts is at least `ms / cpuShare`. */
  cpuShare?: number;
  /** A segmentation not answered after this long counts as lost, and another may start. */
  timeoutMs?: number;
}

export function createMaskScheduler({ maxRate = 20, cpuShare = 0.5, timeoutMs = 3000 }: MaskSchedulerOptions = {}) {
  let inFlight = false;
  let lastStart = -Infinity;
  /** Smoothed duration of a segmentation. */
  let averageMs = 0;

  const intervalMs = () => Math.max(1000 / maxRate, averageMs / cpuShare);

  return {
    intervalMs,
    /** Whether a segmentation should start at `now` (ms). */
    due(now: number): boolean {
      if (inFlight && now - lastStart < timeoutMs) return false;
      return now - lastStart >= intervalMs();
    },
    started(now: number) {
      inFlight = true;
      lastStart = now;
    },
    finished(ms: number) {
      inFlight = false;
      averageMs = averageMs === 0 ? ms : averageMs * 0.8 + ms * 0.2;
    },
    failed() {
      inFlight = false;
    },
  };
}

export type MaskScheduler = ReturnType<typeof createMaskScheduler>;
