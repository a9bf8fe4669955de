import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import * as v from 'valibot';
import { ChatMessageSchema, type ChatMessage } from '../../shared/api/chat.ts';
import { StoreCorruptError } from './store.ts';

export type ChatRecord = ChatMessage & { meetingId: string };
const ChatRecordSchema = v.object({ ...ChatMessageSchema.entries, meetingId: v.string() });
type NewChatRecord = Omit<ChatRecord, 'seq'>;

interface ChatFile {
  version: 1;
  messages: ChatRecord[];
}

/**
 * Chat history, one lowdb file per meeting (`DATA_DIR/chat/<meetingId>.json`) so a busy
 * room never rewrites everyone's data. Appends are serialised per meeting, numbered
 * in that order (`seq`), and on disk before `append` resolves.
 */
export interface ChatLog {
  append(message: NewChatRecord): Promise<ChatRecord>;
  list(meetingId: string): Promise<ChatRecord[]>;
  /** Deletes a meeting's history (meeting deleted). */
  drop(meetingId: string): Promise<void>;
  close(): Promise<void>;
}

export function createFileChatLog(dataDir: string): ChatLog {
  const dir = path.join(dataDir, 'chat');
  return createChatLog(
    async (meetingId) => {
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${meetingId}.json`);
      const db = new Low<ChatFile>(new JSONFile<ChatFile>(file), { version: 1, messages: [] });
      try {
        await db.read();
        if (!Array.isArray(db.data?.messages)) throw new Error('"messages" is not a list');
      } catch (error) {
        throw new StoreCorruptError(`The chat file ${file} cannot be read (${(error as Error).message}); it was left untouched.`);
      }
      return db;
    },
    async (meetingId) => {
      const { rm } = await import('node:fs/promises');
      await rm(path.join(dir, `${meetingId}.json`), { force: true });
    },
  );
}

/**
 * Reads every chat file once at start-up: a corrupt one stops the server with a clear
 * message (and is left as it is) instead of failing later for that meeting only.
 */
export async function verifyChatFiles(dataDir: string): Promise<void> {
  const { readdir, readFile } = await import('node:fs/promises');
  const dir = path.join(dataDir, 'chat');
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const file = path.join(dir, name);
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as Partial<ChatFile>;
      if (!Array.isArray(data.messages)) throw new Error('"messages" is not a list');
      data.messages.forEach((message, i) => {
        const result = v.safeParse(ChatRecordSchema, message);
        if (!result.success) throw new Error(`messages[${i}] is not a valid message: ${v.summarize(result.issues).replace(/\n/g, '; ')}`);
      });
    } catch (error) {
      throw new StoreCorruptError(
        `The chat file ${file} cannot be read (${(error as Error).message}). It was left untouched; restore it from a backup or move it away.`,
      );
    }
  }
}

export function createMemoryChatLog(): ChatLog {
  return createChatLog(
    async () => new Low<ChatFile>(new Memory<ChatFile>(), { version: 1, messages: [] }),
    async () => undefined,
  );
}

function createChatLog(open: (meetingId: string) => Promise<Low<ChatFile>>, remove: (meetingId: string) => Promise<void>): ChatLog {
  const dbs = new Map<string, Promise<Low<ChatFile>>>();
  const queues = new Map<string, Promise<unknown>>();
  const dbFor = (meetingId: string) => {
    let db = dbs.get(meetingId);
    if (!db) {
      db = open(meetingId);
      db.catch(() => dbs.delete(meetingId));
      dbs.set(meetingId, db);
    }
    return db;
  };
  const serial = <T>(meetingId: string, work: () => Promise<T>): Promise<T> => {
    const previous = queues.get(meetingId) ?? Promise.resolve();
    const next = previous.then(work, work);
    queues.set(
      meetingId,
      next.catch(() => undefined),
    );
    return next;
  };
  return {
    append: (message) =>
      serial(message.meetingId, async () => {
        const db = await dbFor(message.meetingId);
        const record: ChatRecord = { ...message, seq: (db.data.messages.at(-1)?.seq ?? 0) + 1 };
        db.data.messages.push(record);
        try {
          await db.write();
        } catch (error) {
          db.data.messages.pop();
          throw error;
        }
        return record;
      }),
    list: async (meetingId) => [...(await dbFor(meetingId)).data.messages],
    drop: (meetingId) =>
      serial(meetingId, async () => {
        dbs.delete(meetingId);
        await remove(meetingId);
      }),
    close: async () => {
      await Promise.all(queues.values());
    },
  };
}
