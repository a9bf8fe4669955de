import type { RtcConfig } from '../../../shared/api/rtc.ts';

export const RETRY_MS = 30_000;
const MIN_DELAY_MS = 5_000;

/**
 * When to fetch new TURN credentials: after three quarters of what is left (6 h
 * credentials are renewed with 1.5 h to spare), never sooner than 5 s (no busy loop
 * when they are already stale, e.g. after the laptop slept).
 */
export function refreshDelay(expiresAt: number, now: number): number {
  return Math.max(MIN_DELAY_MS, (expiresAt - now) * 0.75);
}

export interface IceRefreshDeps {
  initial: RtcConfig;
  fetch(): Promise<RtcConfig>;
  /** Hands fresh servers to every connection (and to the ones still to come). */
  apply(config: RtcConfig): void;
  now?: () => number;
}

/**
 * Keeps a page's TURN credentials fresh for a long call: fetches new ones before the
 * current ones expire and applies them; retries every 30 s when the server is away.
 */
export function createIceRefresh({ initial, fetch, apply, now = Date.now }: IceRefreshDeps) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  function schedule(config: RtcConfig) {
    clearTimeout(timer);
    if (disposed || config.expiresAt === undefined) return;
    timer = setTimeout(() => void refreshNow(), refreshDelay(config.expiresAt, now()));
  }

  async function refreshNow(): Promise<void> {
    if (disposed) return;
    try {
      const config = await fetch();
      if (disposed) return;
      apply(config);
      schedule(config);
    } catch {
      clearTimeout(timer);
      if (!disposed) timer = setTimeout(() => void refreshNow(), RETRY_MS);
    }
  }

  schedule(initial);
  return {
    refreshNow,
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
