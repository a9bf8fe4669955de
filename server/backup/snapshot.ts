import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import type { WriteGate } from '../health/write-timing.ts';
import { DATA_FILE_NAME } from '../storage/lowdb/lowdb-document.ts';

/** The consistent cut a backup copies: the store as it was, and how far each chat file went. */
export const SnapshotSchema = v.strictObject({
  takenAt: v.string(),
  /** `db.json`'s text at the cut (null: the server has not written it yet). */
  store: v.nullable(v.string()),
  /** Each chat file (`<meetingId>.jsonl`) and its length at the cut: appends after it are not in the backup. */
  chat: v.record(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+\.jsonl$/)), v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** How long writes were held, in ms. */
  pausedMs: v.number(),
});
export type Snapshot = v.InferOutput<typeof SnapshotSchema>;

/**
 * Holds storage writes (the writes under way finish first), reads `db.json` and the chat files'
 * lengths, and lets the writes go: a few milliseconds. Chat files only grow by appends, so
 * their first `length` bytes are the messages acknowledged at the cut; uploads and recordings are
 * copied afterwards (a file lands before the message that names it).
 */
export async function takeSnapshot(dataDir: string, gate: Pick<WriteGate, 'pause'>, now: () => Date = () => new Date()): Promise<Snapshot> {
  const resume = await gate.pause();
  const started = performance.now();
  try {
    const store = await readFile(path.join(dataDir, DATA_FILE_NAME), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    const chatDir = path.join(dataDir, 'chat');
    const names = (await readdir(chatDir).catch(() => [] as string[])).filter((name) => /^[A-Za-z0-9_-]+\.jsonl$/.test(name));
    const chat: Record<string, number> = {};
    for (const name of names) chat[name] = (await stat(path.join(chatDir, name))).size;
    return { takenAt: now().toISOString(), store, chat, pausedMs: Math.round((performance.now() - started) * 100) / 100 };
  } finally {
    resume();
  }
}
