import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../../../shared/api/chat.ts';
import type { ServerEvent } from '../../../shared/room-events.ts';
import type { Call } from '../call/create-call.ts';
import { createChatState, type ChatState } from './create-chat-state.ts';

/** Just the parts of a call the chat state reads; still joining, so no history is fetched. */
function fakeCall() {
  const listeners = new Set<(event: ServerEvent) => void>();
  const call = {
    others: signal([{ id: 'guest' }]),
    selfId: signal('host'),
    status: signal('joining'),
    accessHeaders: {},
    participantHeaders: () => ({}),
    subscribe(listener: (event: ServerEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const deliver = (message: ChatMessage) => {
    for (const listener of listeners) listener({ type: 'chat-message', message } as ServerEvent);
  };
  return { call: call as unknown as Call, deliver };
}

let seq = 0;
const message = (kind: ChatMessage['kind'], over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${++seq}`,
  seq,
  kind,
  senderId: kind === 'bot' || kind === 'notice' ? 'bot' : 'guest',
  senderName: kind === 'bot' || kind === 'notice' ? 'Room assistant' : 'Gus',
  text: 'text',
  audience: kind === 'bot' ? 'host' : 'all',
  createdAt: '2026-11-30T10:00:00Z',
  ...over,
});

let chat: ChatState | null = null;
afterEach(() => chat?.dispose());

describe("the chat's unread counts", () => {
  it("counts the assistant's notes apart from people's messages, so a guest's message is not buried", () => {
    const { call, deliver } = fakeCall();
    chat = createChatState({ meetingId: 'meeting', call });
    for (let i = 0; i < 19; i++) deliver(message('bot'));
    expect(chat.unread.value).toBe(0);
    expect(chat.unreadNotes.value).toBe(19);
    deliver(message('text'));
    deliver(message('file'));
    expect(chat.unread.value).toBe(2);
    expect(chat.unreadNotes.value).toBe(19);
  });

  it("counts a notice for everyone (recording started) as a message, and never one's own", () => {
    const { call, deliver } = fakeCall();
    chat = createChatState({ meetingId: 'meeting', call });
    deliver(message('notice'));
    deliver(message('text', { senderId: 'host', senderName: 'Hanna' }));
    expect(chat.unread.value).toBe(1);
    expect(chat.unreadNotes.value).toBe(0);
  });

  it('opening the panel clears both counts, and nothing is counted while it is open', () => {
    const { call, deliver } = fakeCall();
    chat = createChatState({ meetingId: 'meeting', call });
    deliver(message('bot'));
    deliver(message('text'));
    chat.setOpen(true);
    expect([chat.unread.value, chat.unreadNotes.value]).toEqual([0, 0]);
    deliver(message('bot'));
    deliver(message('text'));
    expect([chat.unread.value, chat.unreadNotes.value]).toEqual([0, 0]);
    expect(chat.messages.value).toHaveLength(4);
  });
});

describe('the chat history', () => {
  async function withHistoryServer(run: (asked: string[]) => Promise<void>) {
    const asked: string[] = [];
    const fetch = async (url: string | URL | Request) => {
      asked.push(String(url));
      return new Response(JSON.stringify({ messages: [message('text')], hasEarlier: false }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const original = globalThis.fetch;
    globalThis.fetch = fetch as typeof globalThis.fetch;
    try {
      await run(asked);
    } finally {
      globalThis.fetch = original;
    }
  }

  it('waits while the page is getting into the call, and loads a moment after the first picture is there', async () => {
    const { call } = fakeCall();
    await withHistoryServer(async (asked) => {
      const hold = signal(true);
      chat = createChatState({ meetingId: 'm', call, hold, historyDelayMs: 50 });
      (call.status as unknown as { value: string }).value = 'in-call';
      await Promise.resolve();
      expect(asked).toEqual([]);
      hold.value = false;
      await Promise.resolve();
      expect(asked).toEqual([]); // the picture is being drawn: nobody reads the chat yet
      await vi.waitFor(() => expect(chat!.messages.value).toHaveLength(1));
      expect(asked).toEqual(['/api/meetings/m/chat?limit=100']);
    });
  });

  it('loads at once when the panel opens before that moment, and only once', async () => {
    const { call } = fakeCall();
    await withHistoryServer(async (asked) => {
      chat = createChatState({ meetingId: 'm', call, historyDelayMs: 60_000 });
      (call.status as unknown as { value: string }).value = 'in-call';
      await Promise.resolve();
      expect(asked).toEqual([]);
      chat.setOpen(true);
      await vi.waitFor(() => expect(chat!.messages.value).toHaveLength(1));
      chat.setOpen(false);
      chat.setOpen(true);
      expect(asked).toEqual(['/api/meetings/m/chat?limit=100']);
    });
  });
});
