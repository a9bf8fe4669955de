-- The room assistant's notes and the room's notices as events (shared/chat-notes.ts), which each page
-- words in its reader's language; null for people's messages and for notes from before events.
ALTER TABLE chat_messages ADD COLUMN note jsonb;
