import { Audience, BOT_NAME, BOT_SENDER_ID, type ChatMessage, type SharedFile } from '../../shared/api/chat.ts';
import type { ChatNote } from '../../shared/chat-notes.ts';
import { ParticipantRole } from '../../shared/api/participants.ts';
import { newId } from '../lib/ids.ts';
import type { RoomHub } from '../rooms/room-hub.ts';
import type { ChatRecord } from '../storage/records.ts';
import type { ChatRepository } from '../storage/repositories.ts';

export interface Sender {
  id: string;
  name: string;
}

export const BOT_SENDER: Sender = { id: BOT_SENDER_ID, name: BOT_NAME };

const toMessage = ({ meetingId: _m, ...message }: ChatRecord): ChatMessage => message;

/** Who may see a message: host-only notes go to hosts. */
export const visibleTo = (isHost: boolean) => (m: ChatMessage) => m.audience === Audience.All || isHost;

/**
 * Stores a message (which fixes its place in the room's order) and only then
 * delivers it live to everyone in the room who may see it.
 */
export function createChatService(chatLog: ChatRepository, hub: RoomHub, clock: () => Date) {
  /** Who hears that a file was shared (the webhooks' `chat.file.shared`). */
  const fileListeners = new Set<(meetingId: string, message: ChatMessage) => void>();
  async function post(
    meetingId: string,
    sender: Sender,
    content: { kind: ChatMessage['kind']; text: string; file?: SharedFile; note?: ChatNote },
    audience: Audience = Audience.All,
  ): Promise<ChatMessage> {
    const record = await chatLog.append({
      id: newId(),
      meetingId,
      kind: content.kind,
      senderId: sender.id,
      senderName: sender.name,
      text: content.text,
      ...(content.file ? { file: content.file } : {}),
      ...(content.note ? { note: content.note } : {}),
      audience,
      createdAt: clock().toISOString(),
    });
    const message = toMessage(record);
    hub.publish(meetingId, { type: 'chat-message', message }, (p) => audience === Audience.All || p.role === ParticipantRole.Host);
    if (message.file) for (const listener of fileListeners) listener(meetingId, message);
    return message;
  }

  return {
    post,
    /** Tells `listener` about every file shared in a chat; returns the unsubscribe. */
    onFileShared(listener: (meetingId: string, message: ChatMessage) => void): () => void {
      fileListeners.add(listener);
      return () => fileListeners.delete(listener);
    },
    /** A host-only note from the room assistant. */
    botNote: (meetingId: string, note: ChatNote, text: string) => post(meetingId, BOT_SENDER, { kind: 'bot', text, note }, Audience.Host),
    /** A notice everyone sees (e.g. recording started). */
    notice: (meetingId: string, note: ChatNote, text: string) => post(meetingId, BOT_SENDER, { kind: 'notice', text, note }, Audience.All),
    /** A page of what the reader may see: the newest `limit` messages before `before` (if given), oldest first. */
    async history(meetingId: string, isHost: boolean, page: { before?: number | undefined; limit: number }) {
      const { messages, hasEarlier } = await chatLog.page(meetingId, { ...page, includeHostOnly: isHost });
      return { messages: messages.map(toMessage), hasEarlier };
    },
    findFile: (meetingId: string, fileId: string): Promise<SharedFile | null> => chatLog.findFile(meetingId, fileId),
  };
}

export type ChatService = ReturnType<typeof createChatService>;
