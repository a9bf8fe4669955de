import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import type { StoreData } from '../records.ts';
import type { ChatRepository, Storage, StorageDump } from '../repositories.ts';
import { memoryRateCounters } from '../memory-rate-counters.ts';
import { memoryChat } from './chat-memory.ts';
import { type AppendIo, jsonlChat } from './chat-jsonl.ts';
import { own } from './list-index.ts';
import { type FileDocumentOptions, type LowDocument, memoryDocument, openFileDocument } from './lowdb-document.ts';
import { lowdbApiKeys } from './lowdb-api-keys.ts';
import { lowdbInvites } from './lowdb-invites.ts';
import { lowdbMeetings } from './lowdb-meetings.ts';
import { lowdbRecordings } from './lowdb-recordings.ts';
import { lowdbSessions } from './lowdb-sessions.ts';
import { lowdbUsers } from './lowdb-users.ts';
import { lowdbWebhooks } from './lowdb-webhooks.ts';
import { memoryRoomStates } from '../memory-room-states.ts';

/**
 * The embedded storage (no server to install): `DATA_DIR/db.json` for accounts, sessions,
 * meetings, invitations, recordings and the audit log, and a JSON-Lines file per meeting for
 * its chat. One process owns the folder (the admin socket sees to it); rate limits count in its
 * memory. `prepareChatFiles` (chat-files.ts) is run once before, at start.
 */
export async function openLowdbStorage(dataDir: string, options: FileDocumentOptions & { chatIo?: AppendIo } = {}): Promise<Storage> {
  const doc = await openFileDocument(dataDir, options);
  const chat = jsonlChat(dataDir, { io: options.chatIo });
  return {
    ...assemble(doc, chat, `lowdb in ${dataDir}`, chat.dumpAll, chat.close),
    memorySizes: () => ({ chatLogsOpen: chat.openLogs() }),
    async writeProblem() {
      // The chat folder is made at the first message: absent is fine, read-only is not.
      for (const [dir, mayBeAbsent] of [
        [dataDir, false],
        [path.join(dataDir, 'chat'), true],
      ] as const) {
        try {
          await access(dir, constants.W_OK);
        } catch (error) {
          if (!(mayBeAbsent && (error as NodeJS.ErrnoException).code === 'ENOENT')) return `${dir} cannot be written`;
        }
      }
      return null;
    },
  };
}

/** The same, in memory only (no disk): for tests. `adapter` lets a test make the document's writes fail. */
export function createMemoryStorage(initial: Partial<StoreData> = {}, adapter?: Adapter<StoreData>): Storage {
  const chat = memoryChat();
  return assemble(
    memoryDocument(initial, adapter),
    chat,
    'lowdb in memory',
    async () => chat.dumpAll(),
    async () => undefined,
  );
}

function assemble(
  doc: LowDocument,
  chat: ChatRepository,
  description: string,
  dumpChat: () => Promise<StorageDump['chat']>,
  closeChat: () => Promise<void>,
): Storage {
  return {
    users: lowdbUsers(doc),
    sessions: lowdbSessions(doc),
    meetings: lowdbMeetings(doc),
    invites: lowdbInvites(doc),
    recordings: lowdbRecordings(doc),
    chat,
    rateCounters: memoryRateCounters(),
    roomStates: memoryRoomStates(),
    apiKeys: lowdbApiKeys(doc),
    webhooks: lowdbWebhooks(doc),
    describe: () => description,
    async dump() {
      const { version: _version, ...collections } = own(doc.current());
      return { ...collections, chat: await dumpChat() };
    },
    async close() {
      await Promise.all([doc.close(), closeChat()]);
    },
  };
}
