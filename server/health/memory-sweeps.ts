import { logFor } from '../lib/log.ts';

const log = logFor('memory');
export const MEMORY_SWEEP_EVERY_MS = 60_000;

/** Something that forgets what nobody closed (an expired ticket, the state of a room nobody is in); how many went. */
export type MemorySweep = () => number;

/**
 * Runs every sweep now and then every `everyMs` (the timer does not hold the process open).
 * Events free nearly everything (a room empties, a meeting ends); these catch what no event closes.
 * Returns `sweepNow` (the soak bench calls it after each simulated hour) and `stop`.
 */
export function startMemorySweeps(sweeps: Record<string, MemorySweep>, everyMs = MEMORY_SWEEP_EVERY_MS) {
  const sweepNow = () => {
    const gone: Record<string, number> = {};
    for (const [name, sweep] of Object.entries(sweeps)) {
      try {
        gone[name] = sweep();
      } catch (error) {
        log.error({ err: error }, `the ${name} sweep failed`);
      }
    }
    log.debug({ gone }, 'swept in-memory state');
    return gone;
  };
  const timer = setInterval(sweepNow, everyMs);
  timer.unref();
  return { sweepNow, stop: () => clearInterval(timer) };
}
