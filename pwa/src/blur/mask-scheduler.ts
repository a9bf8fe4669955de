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

const RECENT = 9;

export function createMaskScheduler({ maxRate = 20, cpuShare = 0.6, timeoutMs = 3000 }: MaskSchedulerOptions = {}) {
  let inFlight = false;
  let lastStart = -Infinity;
  /** Durations of the last few segmentations; their median (not the mean: a thread pre-empted once is no trend) sets the pace. */
  const recent: number[] = [];
  let typicalMs = 0;

  const intervalMs = () => Math.max(1000 / maxRate, typicalMs / cpuShare);

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
      recent.push(ms);
      if (recent.length > RECENT) recent.shift();
      const sorted = [...recent].sort((a, b) => a - b);
      typicalMs = sorted[sorted.length >> 1]!;
    },
    failed() {
      inFlight = false;
    },
  };
}

export type MaskScheduler = ReturnType<typeof createMaskScheduler>;
