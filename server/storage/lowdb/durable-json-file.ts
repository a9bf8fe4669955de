import { type FileHandle, open, readFile, rename } from 'node:fs/promises';
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
      const text = JSON.stringify(data);
      const handle = await open(temporary, 'w');
      try {
        await writeUtf8InChunks(handle, text);
        if (fsync) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
      if (fsync) await syncFolder(path.dirname(file));
    },
  };
}

/** The bytes encoded and written at a time (below glibc's default mmap threshold of 128 KiB). */
export const WRITE_CHUNK_BYTES = 64 * 1024;

/**
 * Writes a string as UTF-8 through one buffer of `WRITE_CHUNK_BYTES`, never the whole file's
 * bytes at once. `handle.writeFile(text)` would encode the whole document into one Buffer on every
 * write: a malloc as large as db.json (up to megabytes, a little larger each time as the store
 * grows). Once anything in the process has freed a larger block (scrypt's 16 MiB per sign-in,
 * server/auth/password.ts), glibc serves blocks of that size from its heap instead of mapping them,
 * and a heap fed ever larger blocks keeps growing (its free holes are each a little too small,
 * and it is only trimmed at its top): in the soak (bench/soak.ts) glibc's heap grew from 46.5 to
 * 67.6 MB between weeks 2 and 4 while everything the server holds stayed flat. One fixed-size
 * buffer per write instead (docs/benchmarks.md, soak).
 */
export async function writeUtf8InChunks(handle: FileHandle, text: string): Promise<void> {
  const buffer = Buffer.allocUnsafeSlow(WRITE_CHUNK_BYTES);
  // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
  const units = Math.floor(WRITE_CHUNK_BYTES / 3);
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + units, text.length);
    // Never split a surrogate pair (JSON.stringify's output has no lone surrogates).
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    const length = buffer.write(text.slice(start, end), 0, 'utf8');
    for (let done = 0; done < length; ) done += (await handle.write(buffer, done, length - done)).bytesWritten;
    start = end;
  }
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
