import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { emptyStoreData, normaliseStoreData, type StoreData } from './store-data.ts';

/**
 * The one module that knows lowdb. Routes and services see `Store` only:
 * synchronous reads of a consistent snapshot, and updates that are
 * serialised, all-or-nothing (a throwing updater changes nothing) and on disk
 * before the returned promise resolves.
 */
export interface Store {
  read<T>(fn: (data: Readonly<StoreData>) => T): T;
  update<T>(fn: (draft: StoreData) => T): Promise<T>;
  /** Waits for pending writes. */
  close(): Promise<void>;
}

export class StoreCorruptError extends Error {}

export const DATA_FILE_NAME = 'db.json';

export async function createFileStore(dataDir: string): Promise<Store> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, DATA_FILE_NAME);
  const db = new Low<StoreData>(new JSONFile<StoreData>(file), emptyStoreData());
  try {
    await db.read();
    db.data = normaliseStoreData(db.data);
  } catch (error) {
    throw new StoreCorruptError(
      `The data file ${file} cannot be read (${(error as Error).message}). ` +
        'It was left untouched; restore it from a backup or move it away to start with an empty store.',
    );
  }
  return wrap(db);
}

export function createMemoryStore(initial: StoreData = emptyStoreData()): Store {
  const db = new Low<StoreData>(new Memory<StoreData>(), structuredClone(initial));
  return wrap(db);
}

function wrap(db: Low<StoreData>): Store {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    read: (fn) => fn(db.data),
    update<T>(fn: (draft: StoreData) => T): Promise<T> {
      const run = async () => {
        const before = db.data;
        const draft = structuredClone(before);
        const result = fn(draft);
        db.data = draft;
        try {
          await db.write();
        } catch (error) {
          db.data = before;
          throw error;
        }
        return result;
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
    close: async () => {
      await queue;
    },
  };
}
