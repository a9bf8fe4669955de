import { t } from '../i18n/i18n.ts';
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import {
  CHAT_PAGE_DEFAULT,
  ChatHistorySchema,
  PARTICIPANT_ID_HEADER,
  PARTICIPANT_ID_QUERY,
  PARTICIPANT_TOKEN_HEADER,
  PARTICIPANT_TOKEN_QUERY,
  UploadResponseSchema,
  type ChatMessage,
} from '../../../shared/api/chat.ts';
import { INVITE_HEADER } from '../../../shared/api/invites.ts';
import { apiRequest } from '../api/api-client.ts';
import type { Call } from '../call/create-call.ts';
import { uploadFile } from './upload-file.ts';

export interface Upload {
  localId: number;
  file: File;
  progress: number;
  status: 'uploading' | 'failed';
  error: string | null;
}

/** Merges messages into one list in the room's order (seq), without duplicates. */
export function mergeMessages(list: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** A note of the room assistant (host only): counted apart from what people write. */
export const isAssistantNote = (m: ChatMessage) => m.kind === 'bot';

/** How long after the join settles the chat history loads, unless the panel opens first. */
export const HISTORY_DELAY_MS = 1_000;

/**
 * The room's chat: history (loaded on join and refresh), live messages, the unread
 * count while the panel is closed (people's messages and notices for everyone; the
 * assistant's notes to the host counted apart, so a guest's message is not buried under
 * them), sending, and file uploads with progress and retry.
 */
export function createChatState({
  meetingId,
  call,
  hold,
  historyDelayMs = HISTORY_DELAY_MS,
}: {
  meetingId: string;
  call: Call;
  /** While true (the page is getting into the call), the history waits: the first picture comes first. */
  hold?: ReadonlySignal<boolean>;
  /** How long after the hold ends the history loads (at once when the panel opens). */
  historyDelayMs?: number;
}) {
  const messages = signal<ChatMessage[]>([]);
  const open = signal(false);
  const unread = signal(0);
  const unreadNotes = signal(0);
  const error = signal<string | null>(null);
  const uploads = signal<Upload[]>([]);
  /** Older messages than those loaded exist on the server (the page loads the newest first). */
  const hasEarlier = signal(false);
  let loadingEarlier = false;
  let nextUploadId = 1;
  const base = `/api/meetings/${encodeURIComponent(meetingId)}`;

  /** The chat opens once someone else is in the room (or there is history to read). */
  const available = computed(() => call.others.value.length > 0 || messages.value.length > 0);

  const receive = (incoming: ChatMessage[], countUnread: boolean) => {
    const known = new Set(messages.value.map((m) => m.id));
    const fresh = incoming.filter((m) => !known.has(m.id) && m.senderId !== call.selfId.value);
    batch(() => {
      messages.value = mergeMessages(messages.value, incoming);
      if (countUnread && !open.value) {
        const notes = fresh.filter(isAssistantNote).length;
        unread.value += fresh.length - notes;
        unreadNotes.value += notes;
      }
    });
  };

  /** The newest page of history (on join and after a refresh). */
  async function loadHistory() {
    try {
      const history = await apiRequest('GET', `${base}/chat?limit=${CHAT_PAGE_DEFAULT}`, ChatHistorySchema, {
        headers: call.participantHeaders(),
      });
      batch(() => {
        receive(history.messages, false);
        // Only the first page says whether older messages exist; later pages keep what they learned.
        if (messages.value.length <= history.messages.length) hasEarlier.value = history.hasEarlier;
      });
    } catch (e) {
      error.value = t('chat.historyFailed', { reason: (e as Error).message });
    }
  }

  /** The page before the oldest message shown (when the reader scrolls up to it). */
  async function loadEarlier() {
    const oldest = messages.value[0];
    if (!oldest || !hasEarlier.value || loadingEarlier) return;
    loadingEarlier = true;
    try {
      const page = await apiRequest('GET', `${base}/chat?before=${oldest.seq}&limit=${CHAT_PAGE_DEFAULT}`, ChatHistorySchema, {
        headers: call.participantHeaders(),
      });
      batch(() => {
        receive(page.messages, false);
        hasEarlier.value = page.hasEarlier;
      });
    } catch (e) {
      error.value = t('chat.earlierFailed', { reason: (e as Error).message });
    } finally {
      loadingEarlier = false;
    }
  }

  const unsubscribe = call.subscribe((event) => {
    if (event.type === 'chat-message') receive([event.message], true);
  });
  // The hold ends when the first remote track arrives, a moment before its first picture is drawn:
  // the history (nobody reads it yet, the panel is closed) comes a little later, or when the panel opens.
  let historyTimer: ReturnType<typeof setTimeout> | null = null;
  const loadNow = () => {
    if (historyTimer) clearTimeout(historyTimer);
    historyTimer = null;
    void loadHistory();
  };
  const stopLoading = effect(() => {
    if (call.status.value !== 'in-call' || hold?.value) return;
    if (historyTimer) clearTimeout(historyTimer);
    historyTimer = setTimeout(loadNow, historyDelayMs);
  });
  const stopOpenLoad = effect(() => {
    if (open.value && historyTimer) loadNow();
  });

  function startUpload(upload: Upload) {
    const update = (patch: Partial<Upload>) =>
      (uploads.value = uploads.value.map((u) => (u.localId === upload.localId ? { ...u, ...patch } : u)));
    uploadFile(`${base}/files?name=${encodeURIComponent(upload.file.name)}`, upload.file, call.participantHeaders(), (progress) =>
      update({ progress }),
    )
      .then((message) => {
        uploads.value = uploads.value.filter((u) => u.localId !== upload.localId);
        receive([message], false);
      })
      .catch((e: Error) => update({ status: 'failed', error: e.message }));
  }

  return {
    messages: messages as ReadonlySignal<ChatMessage[]>,
    open: open as ReadonlySignal<boolean>,
    /** People's messages (and notices for everyone) that arrived while the panel was closed. */
    unread: unread as ReadonlySignal<number>,
    /** The assistant's notes (host only) that arrived while the panel was closed. */
    unreadNotes: unreadNotes as ReadonlySignal<number>,
    error: error as ReadonlySignal<string | null>,
    uploads: uploads as ReadonlySignal<Upload[]>,
    hasEarlier: hasEarlier as ReadonlySignal<boolean>,
    loadEarlier,
    available,
    setOpen(value: boolean) {
      batch(() => {
        open.value = value;
        if (value) {
          unread.value = 0;
          unreadNotes.value = 0;
        }
      });
    },
    /** Sends a text message; resolves false (and sets `error`) when the server refuses it. */
    async send(text: string): Promise<boolean> {
      try {
        const { message } = await apiRequest('POST', `${base}/chat`, UploadResponseSchema, {
          body: { text },
          headers: call.participantHeaders(),
        });
        error.value = null;
        receive([message], false);
        return true;
      } catch (e) {
        error.value = (e as Error).message;
        return false;
      }
    },
    upload(file: File) {
      const upload: Upload = { localId: nextUploadId++, file, progress: 0, status: 'uploading', error: null };
      uploads.value = [...uploads.value, upload];
      startUpload(upload);
    },
    retry(localId: number) {
      const upload = uploads.value.find((u) => u.localId === localId);
      if (!upload) return;
      const again = { ...upload, progress: 0, status: 'uploading' as const, error: null };
      uploads.value = uploads.value.map((u) => (u.localId === localId ? again : u));
      startUpload(again);
    },
    dismiss(localId: number) {
      uploads.value = uploads.value.filter((u) => u.localId !== localId);
    },
    /** URL of a shared file (the guest's invite token rides along: <img> and links cannot send headers). */
    fileUrl(fileId: string, inline = false): string {
      const params = new URLSearchParams();
      if (inline) params.set('inline', '1');
      const invite = call.accessHeaders[INVITE_HEADER];
      if (invite) params.set('invite', invite);
      // Guests read files as participants of the call (a link alone is not enough).
      const self = call.participantHeaders();
      if (invite && self[PARTICIPANT_ID_HEADER]) {
        params.set(PARTICIPANT_ID_QUERY, self[PARTICIPANT_ID_HEADER]);
        params.set(PARTICIPANT_TOKEN_QUERY, self[PARTICIPANT_TOKEN_HEADER] ?? '');
      }
      const query = params.toString();
      return `${base}/files/${encodeURIComponent(fileId)}${query ? `?${query}` : ''}`;
    },
    dispose() {
      unsubscribe();
      stopLoading();
      stopOpenLoad();
      if (historyTimer) clearTimeout(historyTimer);
    },
  };
}

export type ChatState = ReturnType<typeof createChatState>;
