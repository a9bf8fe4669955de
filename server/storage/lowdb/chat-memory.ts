import { Audience } from '../../../shared/api/chat.ts';
import type { ChatRecord } from '../records.ts';
import type { ChatRepository } from '../repositories.ts';
import { pagePositions } from './chat-page.ts';
import { own } from './list-index.ts';

/** Chat in memory, for the in-memory lowdb storage (tests). */
export function memoryChat(): ChatRepository & { dumpAll(): Record<string, ChatRecord[]> } {
  const logs = new Map<string, ChatRecord[]>();
  const logOf = (meetingId: string) => logs.get(meetingId) ?? [];
  return {
    async append(message) {
      const log = logOf(message.meetingId);
      const record: ChatRecord = { ...own(message), seq: (log.at(-1)?.seq ?? 0) + 1 };
      logs.set(message.meetingId, [...log, record]);
      return own(record);
    },
    async page(meetingId, query) {
      const log = logOf(meetingId);
      const { positions, hasEarlier } = pagePositions(
        { count: log.length, seqAt: (i) => log[i]!.seq, hostOnlyAt: (i) => log[i]!.audience !== Audience.All },
        query,
      );
      return { messages: positions.map((i) => own(log[i]!)), hasEarlier };
    },
    async findFile(meetingId, fileId) {
      const file = logOf(meetingId).find((m) => m.file?.id === fileId)?.file;
      return file ? own(file) : null;
    },
    dumpAll: () => Object.fromEntries([...logs].map(([id, log]) => [id, log.map(own)])),
  };
}
