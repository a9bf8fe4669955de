import type { Storage } from '../storage/repositories.ts';
import { Histogram } from './histogram.ts';

/** Repository methods that only read; every other method of a repository is a write. */
const READS = /^(by|list|page|find|peek|audit|count|get|size)/;
/** Upper bounds of the write-latency histogram, in seconds (Prometheus `le`). */
export const WRITE_BUCKETS_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

export interface WriteStats {
  /** How long each write took (succeeded or failed) since start, over `WRITE_BUCKETS_S`. */
  durations: Histogram;
  failures: number;
  last: { at: string; ms: number; ok: boolean; error?: string } | null;
}

/**
 * The same storage, with every write timed (both implementations: the wrapper sees only the
 * repositories' methods). `/api/health` reports the last write, `/metrics` the histogram.
 * The rate counters are not timed: in the lowdb mode they live in memory.
 */
export function timeStorageWrites(
  storage: Storage,
  clock: () => Date = () => new Date(),
): { storage: Storage; writes: WriteStats; gate: WriteGate } {
  const gate = createWriteGate();
  const writes: WriteStats = { durations: new Histogram(WRITE_BUCKETS_S), failures: 0, last: null };
  const record = (started: number, error: unknown) => {
    const ms = performance.now() - started;
    writes.durations.observe(ms / 1000);
    if (error !== undefined) writes.failures++;
    writes.last = { at: clock().toISOString(), ms: Math.round(ms * 100) / 100, ok: error === undefined };
    if (error !== undefined) writes.last.error = error instanceof Error ? error.message : String(error);
  };
  const timed = <T extends object>(repository: T): T =>
    new Proxy(repository, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function' || typeof name !== 'string' || READS.test(name)) return value;
        return (...args: unknown[]) =>
          gate.through(async () => {
            const started = performance.now();
            try {
              const result = await value.apply(target, args);
              record(started, undefined);
              return result;
            } catch (error) {
              record(started, error ?? 'failed');
              throw error;
            }
          });
      },
    });
  const { users, sessions, meetings, invites, recordings, chat } = storage;
  return {
    storage: {
      ...storage,
      users: timed(users),
      sessions: timed(sessions),
      meetings: timed(meetings),
      invites: timed(invites),
      recordings: timed(recordings),
      chat: timed(chat),
      describe: () => storage.describe(),
      dump: () => storage.dump(),
      close: () => storage.close(),
    },
    writes,
    gate,
  };
}

/**
 * Holds storage writes for an instant: `pause()` waits until the writes under way are done (and
 * acknowledged), keeps new ones waiting, and returns the function that lets them go. The backup
 * reads the data folder in between, so it holds everything acknowledged before and nothing half-written.
 */
export function createWriteGate() {
  let inFlight = 0;
  let drained: (() => void) | null = null;
  let closed: Promise<void> | null = null;
  return {
    async through<T>(write: () => Promise<T>): Promise<T> {
      while (closed) await closed;
      inFlight++;
      try {
        return await write();
      } finally {
        if (--inFlight === 0) drained?.();
      }
    },
    async pause(): Promise<() => void> {
      while (closed) await closed;
      let open!: () => void;
      closed = new Promise<void>((resolve) => (open = resolve));
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      drained = null;
      return () => {
        closed = null;
        open();
      };
    },
  };
}

export type WriteGate = ReturnType<typeof createWriteGate>;
