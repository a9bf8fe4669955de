import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Adapter, Low, Memory } from 'lowdb';
import { emptyStoreData, normaliseStoreData, type StoreData } from '../records.ts';
import { StoreCorruptError } from '../storage-errors.ts';
import { durableJsonFile } from './durable-json-file.ts';

export const DATA_FILE_NAME = 'db.json';

/**
 * `db.json` (or its in-memory twin) as the lowdb repositories see it: the state every
 * acknowledged write left, and writes that are serialised, all or nothing and durable.
 */
export interface LowDocument {
  /** The state as last written. Never changed in place: a write replaces what it changes. */
  current(): Readonly<StoreData>;
  /**
   * Runs after the writes before it: `change` returns the next state, built without mutating the
   * current one (new lists and records for what changes), or nothing to write nothing, and a
   * result. The result is returned once the next state is on disk; a `change` that throws or a
   * write that fails leaves the current state as it was.
   */
  write<T>(change: (data: Readonly<StoreData>) => { next?: StoreData; result: T }): Promise<T>;
  /** Waits for the writes under way. */
  close(): Promise<void>;
}

export interface FileDocumentOptions {
  /** False only to measure what fsync costs (the benchmark). */
  fsync?: boolean;
  /** Lets a test put something between the document and the file (a write that fails). */
  wrapAdapter?: (adapter: Adapter<StoreData>) => Adapter<StoreData>;
}

/** Reads `DATA_DIR/db.json`, checking every record (a file that does not fit stops here, untouched). */
export async function openFileDocument(dataDir: string, options: FileDocumentOptions = {}): Promise<LowDocument> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, DATA_FILE_NAME);
  const adapter = durableJsonFile<StoreData>(file, options);
  const db = new Low<StoreData>(options.wrapAdapter ? options.wrapAdapter(adapter) : adapter, emptyStoreData());
  try {
    await db.read();
    db.data = normaliseStoreData(db.data);
  } catch (error) {
    throw new StoreCorruptError(
      `The data file ${file} cannot be read (${(error as Error).message}). ` +
        'It was left untouched; restore it from a backup or move it away to start with an empty store.',
    );
  }
  return documentOver(db);
}

/** The same in memory, for tests; `adapter` lets a test make writes fail. */
export function memoryDocument(initial: Partial<StoreData> = {}, adapter: Adapter<StoreData> = new Memory<StoreData>()): LowDocument {
  return documentOver(new Low<StoreData>(adapter, structuredClone({ ...emptyStoreData(), ...initial })));
}

function documentOver(db: Low<StoreData>): LowDocument {
  let committed = db.data;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    current: () => committed,
    write<T>(change: (data: Readonly<StoreData>) => { next?: StoreData; result: T }): Promise<T> {
      const run = async () => {
        const { next, result } = change(committed);
        if (next && next !== committed) {
          db.data = next;
          try {
            await db.write();
          } catch (error) {
            db.data = committed;
            throw error;
          }
          committed = next;
        }
        return result;
      };
      const done = queue.then(run, run);
      queue = done.catch(() => undefined);
      return done;
    },
    close: async () => {
      await queue;
    },
  };
}
