import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppDeps } from '../../server/app-deps.ts';

/**
 * Everything a request could change, in plain data: all that is stored (`storage.dump()`: accounts,
 * sessions, meetings, invitations, recordings, the audit log, every meeting's chat; not the rate
 * counters, which a refused request may count), the files under the data folder (path, size, modification time), who is in each room and
 * waiting to enter it, the lock, the phone calls, the recordings as listed, and
 * `Object.prototype` (pollution).
 * Two snapshots are equal when nothing changed.
 */
export async function snapshotState(deps: AppDeps, meetingIds: readonly string[]) {
  const meetings: Record<string, unknown> = {};
  for (const id of meetingIds) {
    meetings[id] = {
      participants: deps.hub.participants(id),
      recordings: await deps.recordings.list(id),
      hostControls: await deps.hostControls.hostState(id),
    };
  }
  return {
    storage: await deps.storage.dump(),
    meetings,
    calls: deps.dialIn.activeCalls().map(({ stats: _stats, ...call }) => call),
    files: await listFiles(deps.config.dataDir),
    prototype: Object.getOwnPropertyNames(Object.prototype).sort(),
  };
}

export type StateSnapshot = Awaited<ReturnType<typeof snapshotState>>;

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else {
        const info = await stat(full).catch(() => null);
        out.push(`${path.relative(root, full)} ${info?.size ?? '?'} ${info?.mtimeMs ?? '?'}`);
      }
    }
  };
  await walk(root);
  return out.sort();
}
