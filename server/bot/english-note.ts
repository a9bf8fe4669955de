import { formatDuration } from '../../shared/api/recordings.ts';
import type { ChatNote, RecordingEndReason } from '../../shared/chat-notes.ts';
import type { MediaCheckOutcome, MediaCheckStep } from '../../shared/media-check.ts';
import { deviceSentence } from './describe-device.ts';

const STEP_LABEL: Record<MediaCheckStep, string> = {
  started: 'media check started',
  camera: 'camera',
  microphone: 'microphone',
  speaker: 'speaker',
  network: 'network',
  finished: 'media check finished',
};
const OUTCOME_LABEL: Record<MediaCheckOutcome, string> = { running: 'checking…', passed: 'passed', failed: 'FAILED', skipped: 'skipped' };
const END_LABEL: Record<RecordingEndReason, string> = {
  stopped: 'Recording stopped',
  'recorder-left': 'Recording stopped: the host left the call',
  idle: 'Recording stopped: no more video arrived from the host',
  'meeting-deleted': 'Recording stopped: the meeting was deleted',
  'meeting-ended': 'Recording stopped: the host ended the meeting',
};
const UNKNOWN_GUEST = 'A guest (not in the call yet)';

/**
 * A note's English sentence, stored as the message's `text`: what the API, exports and pages that
 * do not know the event read. Pages word the event themselves (pwa/src/chat/note-text.ts).
 */
export function englishNote(note: ChatNote): string {
  switch (note.type) {
    case 'guest-joined':
      return `${note.name} joined from ${deviceSentence(note.device)}.`;
    case 'guest-waiting': {
      const who = note.removedBefore ? `${note.name}, whom you removed earlier,` : note.name;
      return `${who} is waiting to join, from ${deviceSentence(note.device)}. Admit or decline them under Waiting.`;
    }
    case 'phone-waiting': {
      const who = note.removedBefore ? `${note.name}, whom you removed earlier,` : note.name;
      return `${who} is waiting to join by phone. Admit or decline them under Waiting.`;
    }
    case 'dialled-in':
      return `${note.name} dialled in by phone.`;
    case 'troubleshooting': {
      const steps = note.steps.map((s, i) => `${i + 1}. ${s}`).join(' ');
      return `${note.name ?? UNKNOWN_GUEST} was shown troubleshooting: "${note.title}". ${steps}`;
    }
    case 'check-step': {
      const who = note.name ?? UNKNOWN_GUEST;
      const detail = note.detail ? ` (${note.detail})` : '';
      if (note.step === 'started' || note.step === 'finished') {
        const result = note.step === 'finished' ? `: ${OUTCOME_LABEL[note.outcome]}` : '';
        return `${who}: ${STEP_LABEL[note.step]}${result}${detail}.`;
      }
      return `${who}: ${STEP_LABEL[note.step]} ${OUTCOME_LABEL[note.outcome]}${detail}.`;
    }
    case 'recording-started':
      return `${note.name} started recording. Everyone's video and audio in this call is being recorded.`;
    case 'recording-ended':
      return `${END_LABEL[note.reason]}${note.durationMs !== null ? ` after ${formatDuration(note.durationMs)}` : ''}.`;
  }
}
