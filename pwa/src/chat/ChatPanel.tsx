import { i18n, t } from '../i18n/i18n.ts';
import './chat.css';
import { useSignal } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { BOT_SENDER_ID, CHAT_TEXT_MAX, type ChatMessage } from '../../../shared/api/chat.ts';
import { messageText } from './note-text.ts';
import type { ChatState } from './create-chat-state.ts';
import { linkify } from './linkify.ts';
import '../i18n/later-texts.ts';

const IMAGE_PREVIEW = /^image\/(png|jpeg|gif|webp|avif|bmp)$/;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${i18n.formatNumber(bytes / 1024, { maximumFractionDigits: 0 })} KB`;
  return `${i18n.formatNumber(bytes / 1024 / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB`;
}

function MessageText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((segment, i) =>
        segment.type === 'link' ? (
          <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer nofollow ugc">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}

function Message({ message, chat, selfId }: { message: ChatMessage; chat: ChatState; selfId: string | null }) {
  const mine = message.senderId === selfId;
  const time = i18n.formatDate(new Date(message.createdAt), { hour: '2-digit', minute: '2-digit' });
  return (
    <li class={`message message--${message.kind}${mine ? ' message--mine' : ''}`} data-kind={message.kind} data-seq={message.seq}>
      <div class="message__meta">
        <span class="message__sender">
          {mine ? t('chat.you') : message.senderId === BOT_SENDER_ID ? t('chat.assistant') : message.senderName}
        </span>
        {message.audience === 'host' && <span class="badge">{t('chat.onlyYou')}</span>}
        <time dateTime={message.createdAt}>{time}</time>
      </div>
      {message.kind === 'file' && message.file ? (
        <div class="message__file">
          {IMAGE_PREVIEW.test(message.file.mime) && (
            <img src={chat.fileUrl(message.file.id, true)} alt={message.file.name} loading="lazy" class="message__preview" />
          )}
          <a href={chat.fileUrl(message.file.id)} download={message.file.name} data-file-id={message.file.id}>
            {message.file.name}
          </a>{' '}
          <span class="muted">({formatSize(message.file.size)})</span>
        </div>
      ) : (
        <p class="message__text">
          <MessageText text={messageText(message)} />
        </p>
      )}
    </li>
  );
}

/** The chat: messages in the room's order, uploads with progress, and the composer. */
export function ChatPanel({ chat, selfId }: { chat: ChatState; selfId: string | null }) {
  const draft = useSignal('');
  const listRef = useRef<HTMLOListElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const messages = chat.messages.value;
  const available = chat.available.value;

  const firstId = messages[0]?.id;
  const lastId = messages.at(-1)?.id;
  const shown = useRef<{ firstId?: string | undefined; lastId?: string | undefined; height: number }>({ height: 0 });
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const before = shown.current;
    // Earlier messages came in above: keep what the reader was looking at. Anything else: the newest.
    if (before.firstId && firstId !== before.firstId && lastId === before.lastId) list.scrollTop += list.scrollHeight - before.height;
    else list.scrollTop = list.scrollHeight;
    shown.current = { firstId, lastId, height: list.scrollHeight };
  }, [messages.length, chat.uploads.value.length]);

  async function send(event?: Event) {
    event?.preventDefault();
    const text = draft.value.trim();
    if (!text) return;
    if (await chat.send(text)) draft.value = '';
  }

  const remaining = CHAT_TEXT_MAX - draft.value.length;
  return (
    <section class="chat" aria-label={t('room.chat')}>
      <h2>{t('room.chat')}</h2>
      <ol
        class="chat__messages"
        ref={listRef}
        aria-live="polite"
        onScroll={(e) => e.currentTarget.scrollTop < 40 && void chat.loadEarlier()}
      >
        {chat.hasEarlier.value && (
          <li class="chat__earlier">
            <button type="button" class="button button--small" data-action="earlier-messages" onClick={() => void chat.loadEarlier()}>
              {t('chat.earlier')}
            </button>
          </li>
        )}
        {messages.map((m) => (
          <Message key={m.id} message={m} chat={chat} selfId={selfId} />
        ))}
        {chat.uploads.value.map((u) => (
          <li key={`upload-${u.localId}`} class="message message--upload" data-upload-status={u.status}>
            <div class="message__meta">
              <span>{u.file.name}</span>
              <span class="muted">{formatSize(u.file.size)}</span>
            </div>
            {u.status === 'uploading' ? (
              <progress max={1} value={u.progress} aria-label={t('chat.uploading', { name: u.file.name })} />
            ) : (
              <p class="form-error" role="alert">
                {u.error}{' '}
                <button type="button" class="button button--small" onClick={() => chat.retry(u.localId)}>
                  {t('chat.retry')}
                </button>{' '}
                <button type="button" class="button button--small" onClick={() => chat.dismiss(u.localId)}>
                  {t('chat.dismiss')}
                </button>
              </p>
            )}
          </li>
        ))}
      </ol>
      {!available && <p class="muted chat__waiting">{t('chat.opensWhenJoined')}</p>}
      {chat.error.value && (
        <p class="form-error" role="alert">
          {chat.error.value}
        </p>
      )}
      <form class="chat__composer" onSubmit={send}>
        <label class="visually-hidden" for="chat-input">
          {t('chat.message')}
        </label>
        <textarea
          id="chat-input"
          name="message"
          rows={2}
          placeholder={available ? t('chat.placeholder') : t('chat.waitingPlaceholder')}
          disabled={!available}
          value={draft.value}
          onInput={(e) => (draft.value = e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) void send(e);
          }}
        />
        {remaining < 200 && <span class={remaining < 0 ? 'form-error' : 'muted'}>{t('chat.charactersLeft', { count: remaining })}</span>}
        <div class="chat__actions">
          <input
            ref={fileRef}
            type="file"
            class="visually-hidden"
            id="chat-file"
            aria-label={t('chat.chooseFiles')}
            tabIndex={-1}
            multiple
            disabled={!available}
            onChange={(e) => {
              for (const file of e.currentTarget.files ?? []) chat.upload(file);
              e.currentTarget.value = '';
            }}
          />
          <button type="button" class="button" disabled={!available} onClick={() => fileRef.current?.click()} data-action="attach">
            {t('chat.shareFile')}
          </button>
          <button type="submit" class="button button--primary" disabled={!available || !draft.value.trim()} data-action="send-message">
            {t('chat.send')}
          </button>
        </div>
      </form>
    </section>
  );
}
