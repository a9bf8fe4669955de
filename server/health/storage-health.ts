import type { Config } from '../config.ts';
import type { Storage } from '../storage/repositories.ts';
import type { WriteStats } from './write-timing.ts';

export interface StorageHealth {
  /** False when the last write failed, or the storage knows writes would fail now (a read-only data folder). */
  writable: boolean;
  kind: 'lowdb' | 'postgres';
  /** The last storage write this process made: when, how long, whether it succeeded. */
  lastWrite: { at: string; ms: number; ok: boolean } | null;
  problem?: string;
}

/** What `/api/health` says about the storage: cheap (no write of its own), so a probe every few seconds is fine. */
export async function storageHealth(
  config: Pick<Config, 'databaseUrl'>,
  storage: Pick<Storage, 'writeProblem'>,
  writes: WriteStats,
): Promise<StorageHealth> {
  const kind = config.databaseUrl ? 'postgres' : 'lowdb';
  const last = writes.last;
  const lastWrite = last ? { at: last.at, ms: last.ms, ok: last.ok } : null;
  const problem = (await storage.writeProblem?.()) ?? (last && !last.ok ? `the last write failed: ${last.error ?? 'unknown error'}` : null);
  return problem ? { writable: false, kind, lastWrite, problem } : { writable: true, kind, lastWrite };
}
