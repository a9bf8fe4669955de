import * as v from 'valibot';
import { ChatNoteSchema } from '../chat-notes.ts';

export const CHAT_TEXT_MAX = 2000;
export const BOT_NAME = 'Room assistant';
/** The sender id of the room assistant's notes and the room's notices. */
export const BOT_SENDER_ID = 'bot';
/** Default upload limit; the server's FILE_MAX_BYTES may change it (the client reads it from the answer). */
export const FILE_MAX_BYTES_DEFAULT = 25 * 1024 * 1024;
export const FILE_NAME_MAX = 200;

/** Who a message is for: everyone, or the host side only (the bot's notes about a guest). */
export const Audience = { All: 'all', Host: 'host' } as const;
export type Audience = (typeof Audience)[keyof typeof Audience];

export const SharedFileSchema = v.object({
  id: v.string(),
  name: v.string(),
  size: v.number(),
  /** Detected from the content, not the name. */
  mime: v.string(),
});
export type SharedFile = v.InferOutput<typeof SharedFileSchema>;

export const ChatMessageSchema = v.object({
  id: v.string(),
  /** Position in the room's one order (1, 2, 3…), the same for everyone. */
  seq: v.number(),
  kind: v.picklist(['text', 'file', 'bot', 'notice']),
  senderId: v.string(),
  senderName: v.string(),
  text: v.string(),
  file: v.optional(SharedFileSchema),
  /** The assistant's notes and the room's notices as events, for each page to word in its language. */
  note: v.optional(ChatNoteSchema),
  audience: v.picklist([Audience.All, Audience.Host]),
  createdAt: v.string(),
});
export type ChatMessage = v.InferOutput<typeof ChatMessageSchema>;

/** How many messages a page of history holds by default, and at most. */
export const CHAT_PAGE_DEFAULT = 100;
export const CHAT_PAGE_MAX = 200;

/**
 * `GET /api/meetings/:id/chat?before=<seq>&limit=<n>`: the newest `limit` messages the reader may
 * see (all of them, or those before `seq`), oldest first; `hasEarlier` says whether there are more.
 */
export const ChatHistoryQuerySchema = v.object({
  before: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,14}$/, 'before must be a message number'), v.transform(Number))),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'limit must be a number'), v.transform(Number), v.minValue(1), v.maxValue(CHAT_PAGE_MAX)),
    String(CHAT_PAGE_DEFAULT),
  ),
});
export const ChatHistorySchema = v.object({ messages: v.array(ChatMessageSchema), hasEarlier: v.boolean() });

export const PostChatBodySchema = v.strictObject({
  text: v.pipe(
    v.string('text must be text'),
    v.trim(),
    v.minLength(1, 'the message is empty'),
    v.maxLength(CHAT_TEXT_MAX, `a message can have at most ${CHAT_TEXT_MAX} characters`),
  ),
});

/** Headers that identify the participant on REST calls made from inside the call. */
export const PARTICIPANT_ID_HEADER = 'x-participant-id';
export const PARTICIPANT_TOKEN_HEADER = 'x-participant-token';
/** The same proof as query parameters, where a link cannot send headers (file downloads). */
export const PARTICIPANT_ID_QUERY = 'participantId';
export const PARTICIPANT_TOKEN_QUERY = 'participantToken';

export const UploadResponseSchema = v.object({ message: ChatMessageSchema });
