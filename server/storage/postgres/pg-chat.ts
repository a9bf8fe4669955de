import type { Sql } from 'postgres';
import type { SharedFile } from '../../../shared/api/chat.ts';
import type { ChatNote } from '../../../shared/chat-notes.ts';
import type { ChatRecord } from '../records.ts';
import type { ChatRepository } from '../repositories.ts';
import { int, json, optional } from './pg-rows.ts';

interface ChatRow {
  meeting_id: string;
  seq: string;
  id: string;
  kind: ChatRecord['kind'];
  sender_id: string;
  sender_name: string;
  text: string;
  file: SharedFile | null;
  note: ChatNote | null;
  audience: ChatRecord['audience'];
  created_at: string;
}

export const toChat = (r: ChatRow): ChatRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  seq: int(r.seq),
  kind: r.kind,
  senderId: r.sender_id,
  senderName: r.sender_name,
  text: r.text,
  ...optional('file', r.file),
  ...optional('note', r.note),
  audience: r.audience,
  createdAt: r.created_at,
});

export function pgChat(sql: Sql): ChatRepository {
  return {
    async append(m) {
      // One statement: the meeting's counter row is taken (locked until the end of the statement)
      // and the message inserted with its number, or neither.
      const [row] = await sql<ChatRow[]>`
        WITH next AS (
          INSERT INTO chat_sequences AS s (meeting_id, last_seq) VALUES (${m.meetingId}, 1)
          ON CONFLICT (meeting_id) DO UPDATE SET last_seq = s.last_seq + 1
          RETURNING last_seq
        )
        INSERT INTO chat_messages (meeting_id, seq, id, kind, sender_id, sender_name, text, file, note, audience, created_at)
        SELECT ${m.meetingId}, last_seq, ${m.id}, ${m.kind}, ${m.senderId}, ${m.senderName}, ${m.text}, ${json(m.file)}::text::jsonb,
               ${json(m.note)}::text::jsonb, ${m.audience}, ${m.createdAt}
        FROM next
        RETURNING *`;
      return toChat(row!);
    },
    async page(meetingId, { before, limit, includeHostOnly }) {
      // Spelled out for guests so that the partial index for everyone's messages serves them.
      const rows = await sql<ChatRow[]>`
        SELECT * FROM chat_messages
        WHERE meeting_id = ${meetingId}
          ${before === undefined ? sql`` : sql`AND seq < ${before}`}
          ${includeHostOnly ? sql`` : sql`AND audience = 'all'`}
        ORDER BY seq DESC
        LIMIT ${limit + 1}`;
      const hasEarlier = rows.length > limit;
      return { messages: rows.slice(0, limit).reverse().map(toChat), hasEarlier };
    },
    async findFile(meetingId, fileId) {
      const [row] = await sql<{ file: SharedFile }[]>`
        SELECT file FROM chat_messages
        WHERE meeting_id = ${meetingId} AND file IS NOT NULL AND file ->> 'id' = ${fileId}
        ORDER BY seq
        LIMIT 1`;
      return row?.file ?? null;
    },
  };
}
