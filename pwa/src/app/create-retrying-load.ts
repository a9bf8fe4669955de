import { signal, type ReadonlySignal } from '@preact/signals';

/** How long to wait after the `failures`-th failure in a row: 2, 4, 8, 16, then every 30 s. */
export const retryDelayMs = (failures: number) => Math.min(30_000, 2_000 * 2 ** Math.max(0, failures - 1));

export type RetryingLoadState<T, E> =
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  /** A real answer that says no (404, 403…): trying again would not change it. */
  | { state: 'failed'; error: E }
  /** No answer at all (the device is offline or the server is down): it tries again by itself. */
  | { state: 'unreachable'; error: E; failures: number; nextRetryAt: number; retrying: boolean };

/** What the loader needs of the page: its events, timers and visibility (a fake in tests). */
export interface RetryHost {
  addEventListener(type: 'online', listener: () => void): void;
  removeEventListener(type: 'online', listener: () => void): void;
  setTimeout(handler: () => void, ms: number): number;
  clearTimeout(id: number): void;
  document: {
    visibilityState: DocumentVisibilityState;
    addEventListener(type: 'visibilitychange', listener: () => void): void;
    removeEventListener(type: 'visibilitychange', listener: () => void): void;
  };
}

export interface RetryingLoadOptions<E> {
  /** Failures that are about reaching the server (no answer), as opposed to an answer that says no. */
  isUnreachable: (error: E) => boolean;
  host?: RetryHost;
  now?: () => number;
  delayMs?: (failures: number) => number;
}

/**
 * Loads something from our server and, while the server cannot be reached, keeps trying:
 * after 2, 4, 8 … up to 30 s, at once when the browser says it is back online or the
 * page becomes visible again, and whenever `retryNow()` is called (a Try again button).
 * It never depends on the `online` event alone: a server outage while the browser is
 * online has no such event, and the browser's idea of "online" can be wrong either way.
 */
export function createRetryingLoad<T, E = unknown>(load: () => Promise<T>, options: RetryingLoadOptions<E>) {
  const host: RetryHost = options.host ?? (window as unknown as RetryHost);
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? retryDelayMs;
  const state = signal<RetryingLoadState<T, E>>({ state: 'loading' });
  let failures = 0;
  let timer: number | null = null;
  let inFlight = false;
  let started = false;
  let disposed = false;

  function clearTimer() {
    if (timer !== null) host.clearTimeout(timer);
    timer = null;
  }

  function stopListening() {
    clearTimer();
    host.removeEventListener('online', onOnline);
    host.document.removeEventListener('visibilitychange', onVisible);
  }

  async function attempt() {
    if (inFlight || disposed) return;
    inFlight = true;
    clearTimer();
    const current = state.peek();
    if (current.state === 'unreachable') state.value = { ...current, retrying: true };
    try {
      const value = await load();
      if (disposed) return;
      stopListening();
      state.value = { state: 'ready', value };
    } catch (error) {
      if (disposed) return;
      if (!options.isUnreachable(error as E)) {
        stopListening();
        state.value = { state: 'failed', error: error as E };
        return;
      }
      failures += 1;
      const wait = delayMs(failures);
      state.value = { state: 'unreachable', error: error as E, failures, nextRetryAt: now() + wait, retrying: false };
      timer = host.setTimeout(() => void attempt(), wait);
    } finally {
      inFlight = false;
    }
  }

  function retryNow() {
    if (state.peek().state === 'unreachable') void attempt();
  }

  function onOnline() {
    // The connection is back: start the schedule over, so a first try that comes too early
    // (the network is not quite up yet) is followed soon by the next.
    failures = 0;
    retryNow();
  }

  function onVisible() {
    if (host.document.visibilityState === 'visible') retryNow();
  }

  return {
    state: state as ReadonlySignal<RetryingLoadState<T, E>>,
    start() {
      if (started || disposed) return;
      started = true;
      host.addEventListener('online', onOnline);
      host.document.addEventListener('visibilitychange', onVisible);
      void attempt();
    },
    /** Try again now (the person pressed Try again); the schedule goes on from here if it fails. */
    retryNow,
    dispose() {
      disposed = true;
      stopListening();
    },
  };
}

export type RetryingLoad<T, E = unknown> = ReturnType<typeof createRetryingLoad<T, E>>;
