import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * A lowdb adapter for one JSON file whose every write survives a crash or a power cut once it
 * resolves: the whole document goes to a temporary file, which is fsync'd, renamed over the file,
 * and the folder fsync'd (so the rename itself is on disk). A reader only ever sees the old file
 * or the new one, never a half-written one. (lowdb's own JSONFile renames too but never fsyncs.)
 * `fsync: false` is for the benchmark that measures what fsync costs.
 */
export function durableJsonFile<T>(file: string, { fsync = true }: { fsync?: boolean } = {}): Adapter<T> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  return {
    async read() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return JSON.parse(text) as T;
    },
    async write(data) {
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(JSON.stringify(data));
        if (fsync) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
      if (fsync) await syncFolder(path.dirname(file));
    },
  };
}

/** Makes a folder's entries (a new or renamed file) durable. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
