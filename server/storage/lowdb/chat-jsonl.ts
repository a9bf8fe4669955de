import { type FileHandle, mkdir, open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Audience } from '../../../shared/api/chat.ts';
import type { ChatRecord, NewChatRecord } from '../records.ts';
import type { ChatRepository } from '../repositories.ts';
import { type ChatIndex, pagePositions } from './chat-page.ts';
import { chatFileOf, CHAT_FILE_SUFFIX, meetingIdOfChatFile, splitLines } from './chat-lines.ts';
import { syncFolder } from './durable-json-file.ts';

/** How bytes reach a chat file: an append, then fsync. Tests swap it to make a write fail half-way. */
export interface AppendIo {
  append(handle: FileHandle, bytes: Uint8Array): Promise<void>;
  sync(handle: FileHandle): Promise<void>;
}

const fileIo: AppendIo = {
  async append(handle, bytes) {
    for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
  },
  sync: (handle) => handle.datasync(),
};

interface Pending {
  message: NewChatRecord;
  resolve(record: ChatRecord): void;
  reject(error: unknown): void;
}

/** One meeting's file as this process holds it: where each message's line is, and the appends waiting. */
interface MeetingLog {
  file: string;
  handle: FileHandle | null;
  size: number;
  seqs: number[];
  offsets: number[];
  lengths: number[];
  hostOnly: boolean[];
  /** Shared file id → position. */
  files: Map<string, number>;
  pending: Pending[];
  flushing: Promise<void> | null;
  /** Reads under way (the file is not let go meanwhile). */
  readers: number;
  /** Let go of (too many open): the next use reads the file again. */
  evicted: boolean;
}

/**
 * Chat as one JSON-Lines file per meeting (`DATA_DIR/chat/<meetingId>.jsonl`): a message is one
 * line appended and fsync'd before `append` resolves, whatever the length of the history.
 * Appends that arrive while one is being written go to disk together (one write, one fsync), in
 * the order they came. A failed write is cut off again, so the file never keeps half a message.
 * Pages are read from the file by offset: only an index of the lines stays in memory.
 */
export function jsonlChat(
  dataDir: string,
  { io = fileIo, maxOpen = 256 }: { io?: AppendIo; maxOpen?: number } = {},
): ChatRepository & { close(): Promise<void>; dumpAll(): Promise<Record<string, ChatRecord[]>>; openLogs(): number } {
  const dir = path.join(dataDir, 'chat');
  const logs = new Map<string, Promise<MeetingLog>>();

  const logOf = async (meetingId: string): Promise<MeetingLog> => {
    let promise = logs.get(meetingId);
    if (promise) {
      // Most recently used last, for the eviction below.
      logs.delete(meetingId);
    } else {
      promise = load(chatFileOf(dir, meetingId));
      promise.catch(() => logs.delete(meetingId));
    }
    logs.set(meetingId, promise);
    const log = await promise;
    if (log.evicted) return logOf(meetingId);
    evict(meetingId);
    return log;
  };

  /**
   * Lets go of the least recently used files beyond `maxOpen` that nobody is using (they are read
   * again when needed). A user checks `evicted` in the same step as it marks the log busy.
   */
  function evict(current: string) {
    let excess = logs.size - maxOpen;
    for (const [meetingId, promise] of logs) {
      if (excess-- <= 0) return;
      if (meetingId === current) continue;
      void promise.then(
        (log) => {
          if (log.evicted || log.flushing || log.pending.length || log.readers || logs.get(meetingId) !== promise) return;
          log.evicted = true;
          logs.delete(meetingId);
          void log.handle?.close().catch(() => undefined);
        },
        () => undefined,
      );
    }
  }

  /** Runs a read on a meeting's log, holding its file open meanwhile. */
  const reading = async <T>(meetingId: string, read: (log: MeetingLog) => Promise<T>): Promise<T> => {
    const log = await logOf(meetingId);
    if (log.evicted) return reading(meetingId, read);
    log.readers++;
    try {
      return await read(log);
    } finally {
      log.readers--;
    }
  };

  async function flush(log: MeetingLog): Promise<void> {
    while (log.pending.length) {
      const batch = log.pending.splice(0);
      const first = (log.seqs.at(-1) ?? 0) + 1;
      const records = batch.map((p, i): ChatRecord => ({ ...p.message, seq: first + i }));
      const lines = records.map((r) => Buffer.from(`${JSON.stringify(r)}\n`));
      try {
        const created = !log.handle;
        if (!log.handle) {
          await mkdir(dir, { recursive: true });
          log.handle = await open(log.file, 'a+');
        }
        await io.append(log.handle, Buffer.concat(lines));
        await io.sync(log.handle);
        if (created) await syncFolder(dir);
      } catch (error) {
        await cutBack(log);
        for (const p of batch) p.reject(error);
        continue;
      }
      records.forEach((record, i) => {
        const position = log.seqs.length;
        log.seqs.push(record.seq);
        log.offsets.push(log.size);
        log.lengths.push(lines[i]!.length);
        log.hostOnly.push(record.audience !== Audience.All);
        if (record.file) log.files.set(record.file.id, position);
        log.size += lines[i]!.length;
        batch[i]!.resolve(record);
      });
    }
    log.flushing = null;
  }

  /** After a failed append: the file back to what was acknowledged; if even that fails, read it afresh next time. */
  async function cutBack(log: MeetingLog) {
    try {
      await log.handle?.truncate(log.size);
      if (log.handle) await io.sync(log.handle);
    } catch {
      const meetingId = meetingIdOfChatFile(log.file);
      log.evicted = true;
      if (meetingId) logs.delete(meetingId);
      await log.handle?.close().catch(() => undefined);
    }
  }

  async function readLines(log: MeetingLog, positions: number[]): Promise<ChatRecord[]> {
    if (!positions.length || !log.handle) return [];
    const out: ChatRecord[] = [];
    // Neighbouring positions are neighbouring lines: one read for each run of them.
    for (let i = 0; i < positions.length; ) {
      let j = i;
      while (j + 1 < positions.length && positions[j + 1] === positions[j]! + 1) j++;
      const start = log.offsets[positions[i]!]!;
      const end = log.offsets[positions[j]!]! + log.lengths[positions[j]!]!;
      const buffer = Buffer.alloc(end - start);
      await log.handle.read(buffer, 0, buffer.length, start);
      for (const line of splitLines(buffer).lines) out.push(JSON.parse(line.text) as ChatRecord);
      i = j + 1;
    }
    return out;
  }

  async function append(message: NewChatRecord): Promise<ChatRecord> {
    const log = await logOf(message.meetingId);
    if (log.evicted) return append(message);
    return new Promise<ChatRecord>((resolve, reject) => {
      log.pending.push({ message, resolve, reject });
      log.flushing ??= flush(log);
    });
  }

  const indexOf = (log: MeetingLog): ChatIndex => ({
    count: log.seqs.length,
    seqAt: (i) => log.seqs[i]!,
    hostOnlyAt: (i) => log.hostOnly[i]!,
  });

  return {
    append,
    page: (meetingId, query) =>
      reading(meetingId, async (log) => {
        const { positions, hasEarlier } = pagePositions(indexOf(log), query);
        return { messages: await readLines(log, positions), hasEarlier };
      }),
    findFile: (meetingId, fileId) =>
      reading(meetingId, async (log) => {
        const position = log.files.get(fileId);
        if (position === undefined) return null;
        return (await readLines(log, [position]))[0]?.file ?? null;
      }),
    /** Meetings' logs held open (an index of lines each), at most `maxOpen` plus those in use. */
    openLogs: () => logs.size,
    async close() {
      const open = await Promise.all([...logs.values()].map((p) => p.catch(() => null)));
      for (const log of open) await log?.flushing;
      for (const log of open) await log?.handle?.close().catch(() => undefined);
      logs.clear();
    },
    async dumpAll() {
      const names = await readdir(dir).catch(() => [] as string[]);
      const out: Record<string, ChatRecord[]> = {};
      for (const name of names.filter((n) => n.endsWith(CHAT_FILE_SUFFIX)).sort()) {
        const text = await readFile(path.join(dir, name));
        out[name.slice(0, -CHAT_FILE_SUFFIX.length)] = splitLines(text).lines.map((l) => JSON.parse(l.text) as ChatRecord);
      }
      return out;
    },
  };
}

/**
 * Indexes a meeting's file (none yet: an empty history, and no file made by reading). The start
 * checked every file (chat-files.ts); a last line without its newline is a write that was cut
 * short and never acknowledged, and is cut off.
 */
async function load(file: string): Promise<MeetingLog> {
  const log: MeetingLog = {
    file,
    handle: null,
    size: 0,
    seqs: [],
    offsets: [],
    lengths: [],
    hostOnly: [],
    files: new Map(),
    pending: [],
    flushing: null,
    readers: 0,
    evicted: false,
  };
  let handle: FileHandle;
  try {
    handle = await open(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return log;
    throw error;
  }
  try {
    const bytes = await handle.readFile();
    const { lines, complete } = splitLines(bytes);
    for (const line of lines) {
      const record = JSON.parse(line.text) as ChatRecord;
      if (record.file) log.files.set(record.file.id, log.seqs.length);
      log.seqs.push(record.seq);
      log.offsets.push(line.start);
      log.lengths.push(line.length);
      log.hostOnly.push(record.audience !== Audience.All);
    }
    log.size = complete;
    if (complete < bytes.length) await handle.truncate(complete);
    await handle.close();
    log.handle = await open(file, 'a+');
    return log;
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}
