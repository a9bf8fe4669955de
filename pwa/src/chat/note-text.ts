import type { ChatMessage } from '../../../shared/api/chat.ts';
import { formatDuration } from '../../../shared/api/recordings.ts';
import type { ChatNote, NoteDevice } from '../../../shared/chat-notes.ts';
import { i18n, t } from '../i18n/i18n.ts';
import type { CheckDetailKey } from '../media-check/create-media-check.ts';
import '../i18n/later-texts.ts';

function device(d: NoteDevice): string {
  const browser = [d.browser, d.browserVersion.split('.')[0]].filter(Boolean).join(' ');
  const os = [d.os, d.osVersion].filter(Boolean).join(' ');
  const kind = t(`note.kind.${d.kind}`);
  return d.model ? t('note.deviceModel', { browser, os, kind, model: d.model }) : t('note.device', { browser, os, kind });
}

const who = (name: string | null) => name ?? t('note.unknownGuest');

function detail(note: Extract<ChatNote, { type: 'check-step' }>): string {
  const said = note.detailKey && i18n.has(note.detailKey) ? t(note.detailKey as CheckDetailKey) : note.detail;
  return said ? t('note.detail', { detail: said }) : '';
}

/** A note or notice in the reader's language (the event from shared/chat-notes.ts). */
export function noteText(note: ChatNote): string {
  switch (note.type) {
    case 'guest-joined':
      return t('note.guestJoined', { name: note.name, device: device(note.device) });
    case 'guest-waiting':
      return t(note.removedBefore ? 'note.guestWaitingRemoved' : 'note.guestWaiting', { name: note.name, device: device(note.device) });
    case 'phone-waiting':
      return t(note.removedBefore ? 'note.phoneWaitingRemoved' : 'note.phoneWaiting', { name: note.name });
    case 'dialled-in':
      return t('note.dialledIn', { name: note.name });
    case 'troubleshooting':
      return t('note.troubleshooting', {
        name: who(note.name),
        title: note.title,
        steps: note.steps.map((s, i) => `${i + 1}. ${s}`).join(' '),
      });
    case 'check-step': {
      const params = { name: who(note.name), outcome: t(`note.outcome.${note.outcome}`), detail: detail(note) };
      if (note.step === 'started') return t('note.check.started', params);
      if (note.step === 'finished') return t('note.check.finished', params);
      return t('note.check.step', { ...params, step: t(`note.step.${note.step}`) });
    }
    case 'recording-started':
      return t('note.recordingStarted', { name: note.name });
    case 'recording-ended': {
      const what = t(`note.ended.${note.reason}`);
      return note.durationMs === null
        ? t('note.endedPlain', { what })
        : t('note.endedAfter', { what, duration: formatDuration(note.durationMs) });
    }
  }
}

/** What a message says, for reading: a note or notice worded in the reader's language, else its text. */
export const messageText = (message: ChatMessage): string => (message.note ? noteText(message.note) : message.text);
