import { open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as v from 'valibot';
import { type ChatRecord, ChatRecordSchema } from '../records.ts';
import { StoreCorruptError } from '../storage-errors.ts';
import { chatFileOf, CHAT_FILE_SUFFIX, splitLines } from './chat-lines.ts';
import { syncFolder } from './durable-json-file.ts';

/** The chat files of older versions: one lowdb document per meeting, `{version: 1, messages: [...]}`. */
const OLD_SUFFIX = '.json';

export interface ChatFilesReport {
  /** Files moved from the old `.json` form to `.jsonl`. */
  migrated: string[];
  /** Files whose last line was cut short by a crash (never acknowledged), and was cut off. */
  repaired: string[];
  files: number;
  messages: number;
}

/**
 * Run at start, before the server answers anyone: moves each old `<meetingId>.json` chat file to
 * `<meetingId>.jsonl` (the old file stays until the new one was read back and found equal), then
 * reads every `.jsonl` file and checks each line against the schema and the order of the numbers.
 * A file that does not fit stops the start, names the file and the line, and is left untouched.
 */
export async function prepareChatFiles(dataDir: string): Promise<ChatFilesReport> {
  const dir = path.join(dataDir, 'chat');
  const report: ChatFilesReport = { migrated: [], repaired: [], files: 0, messages: 0 };
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith(`${CHAT_FILE_SUFFIX}.tmp`))) await rm(path.join(dir, name), { force: true });
  for (const name of names.filter((n) => n.endsWith(OLD_SUFFIX)).sort()) {
    await migrateOldChatFile(dir, name.slice(0, -OLD_SUFFIX.length));
    report.migrated.push(path.join(dir, name));
  }
  const current = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(CHAT_FILE_SUFFIX)).sort();
  for (const name of current) {
    const file = path.join(dir, name);
    const { messages, repaired } = await verifyChatFile(file, name.slice(0, -CHAT_FILE_SUFFIX.length));
    report.files++;
    report.messages += messages.length;
    if (repaired) report.repaired.push(file);
  }
  return report;
}

const corrupt = (file: string, why: string) =>
  new StoreCorruptError(`The chat file ${file} cannot be read (${why}). It was left untouched; restore it from a backup or move it away.`);

/** Every message of a `.jsonl` file, checked; a cut-short last line is cut off (`repaired`). */
export async function verifyChatFile(file: string, meetingId: string): Promise<{ messages: ChatRecord[]; repaired: boolean }> {
  const bytes = await readFile(file);
  const { lines, complete } = splitLines(bytes);
  const messages: ChatRecord[] = [];
  lines.forEach((line, i) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.text);
    } catch (error) {
      throw corrupt(file, `line ${i + 1} is not JSON: ${(error as Error).message}`);
    }
    const result = v.safeParse(ChatRecordSchema, parsed);
    if (!result.success) throw corrupt(file, `line ${i + 1} is not a valid message: ${v.summarize(result.issues).replace(/\n/g, '; ')}`);
    const message = result.output as ChatRecord;
    if (message.meetingId !== meetingId) throw corrupt(file, `line ${i + 1} belongs to meeting ${message.meetingId}`);
    const previous = messages.at(-1)?.seq ?? 0;
    if (message.seq <= previous) throw corrupt(file, `line ${i + 1} is numbered ${message.seq} after ${previous}`);
    messages.push(message);
  });
  if (complete === bytes.length) return { messages, repaired: false };
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(complete);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { messages, repaired: true };
}

/** Reads and checks an old chat file (as the versions before JSON Lines checked it). */
async function readOldChatFile(file: string): Promise<ChatRecord[]> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as { messages?: unknown };
    if (!Array.isArray(data.messages)) throw new Error('"messages" is not a list');
    return data.messages.map((message, i) => {
      const result = v.safeParse(ChatRecordSchema, message);
      if (!result.success) throw new Error(`messages[${i}] is not a valid message: ${v.summarize(result.issues).replace(/\n/g, '; ')}`);
      return result.output as ChatRecord;
    });
  } catch (error) {
    throw corrupt(file, (error as Error).message);
  }
}

/**
 * `<id>.json` → `<id>.jsonl`: written to a temporary file, fsync'd and renamed (so a crash leaves
 * no half file), read back and compared, and only then is the old file removed. If a `.jsonl`
 * exists already (a crash between the rename and the removal), it must begin with the old
 * file's messages.
 */
async function migrateOldChatFile(dir: string, meetingId: string): Promise<void> {
  const old = path.join(dir, `${meetingId}${OLD_SUFFIX}`);
  const target = chatFileOf(dir, meetingId);
  const messages = await readOldChatFile(old);
  if (!(await stat(target).catch(() => null))) {
    const temporary = `${target}.tmp`;
    await writeFile(temporary, messages.map((m) => `${JSON.stringify(m)}\n`).join(''));
    const handle = await open(temporary, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
    await syncFolder(dir);
  }
  const copied = (await verifyChatFile(target, meetingId)).messages;
  if (!isDeepStrictEqual(copied.slice(0, messages.length), messages)) {
    throw new StoreCorruptError(
      `The chat file ${old} was copied to ${target}, but the copy does not hold the same messages. Both were left as they are; ` +
        'compare them, keep the right one and move the other away.',
    );
  }
  await rm(old);
  await syncFolder(dir);
}
