import { logFor } from '../lib/log.ts';
import type { Storage } from './repositories.ts';

const log = logFor('storage');
export const SWEEP_EVERY_MS = 10 * 60_000;
/** How long the log of settled webhook deliveries is kept. */
export const WEBHOOK_LOG_DAYS = 7;

/**
 * Forgets what has run out, now and then every `everyMs`: expired sessions (by the expiry index)
 * rate-limit windows that are over, and webhook deliveries settled over a week ago. Several server processes sweeping one database is
 * harmless (each deletes what is expired at that moment). Returns the function that stops it.
 */
export function startSweeps(storage: Pick<Storage, 'sessions' | 'rateCounters' | 'webhooks'>, clock: () => Date, everyMs = SWEEP_EVERY_MS) {
  let running: Promise<void> | null = null;
  const sweep = () => {
    running ??= (async () => {
      try {
        const now = clock();
        const sessions = await storage.sessions.deleteExpired(now);
        const windows = await storage.rateCounters.sweep(now.getTime());
        await storage.webhooks.pruneSettled(new Date(now.getTime() - WEBHOOK_LOG_DAYS * 24 * 60 * 60_000).toISOString());
        if (sessions) log.info(`swept ${sessions} expired session${sessions === 1 ? '' : 's'}`);
        log.debug({ sessions, windows }, 'swept expired sessions and rate-limit windows');
      } catch (error) {
        log.error({ err: error }, 'sweeping expired sessions failed');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  void sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
