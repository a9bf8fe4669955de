import { afterEach, describe, expect, it } from 'vitest';
import { englishNote } from '../../../server/bot/english-note.ts';
import type { ChatNote } from '../../../shared/chat-notes.ts';
import { i18n } from '../i18n/i18n.ts';
import { messageText, noteText } from './note-text.ts';

const firefox = { browser: 'Firefox', browserVersion: '153.0.1', os: 'Linux', osVersion: '', kind: 'desktop', model: null } as const;
const pixel = { browser: 'Chrome', browserVersion: '150.0.1', os: 'Android', osVersion: '15', kind: 'phone', model: 'Pixel 9' } as const;

/** One of every kind of note, and the variants each has. */
const NOTES: ChatNote[] = [
  { type: 'guest-joined', name: 'Gus', device: firefox },
  { type: 'guest-joined', name: 'Gus', device: pixel },
  { type: 'guest-waiting', name: 'Gus', device: firefox, removedBefore: false },
  { type: 'guest-waiting', name: 'Gus', device: pixel, removedBefore: true },
  { type: 'phone-waiting', name: 'Phone ·· 9999', removedBefore: false },
  { type: 'phone-waiting', name: 'Phone ·· 9999', removedBefore: true },
  { type: 'dialled-in', name: 'Phone ·· 9999' },
  { type: 'check-step', name: null, step: 'started', outcome: 'running' },
  { type: 'check-step', name: 'Gus', step: 'camera', outcome: 'passed', detail: 'FaceTime HD Camera' },
  {
    type: 'check-step',
    name: 'Gus',
    step: 'microphone',
    outcome: 'failed',
    detail: 'joining without microphone',
    detailKey: 'check.detail.noMicJoin',
  },
  { type: 'check-step', name: 'Gus', step: 'speaker', outcome: 'skipped' },
  { type: 'check-step', name: 'Gus', step: 'network', outcome: 'running' },
  { type: 'check-step', name: 'Gus', step: 'finished', outcome: 'failed' },
  { type: 'troubleshooting', name: 'Gus', title: 'Camera blocked', steps: ['Click the camera icon.', 'Allow.'] },
  { type: 'troubleshooting', name: null, title: 'Camera blocked', steps: [] },
  { type: 'recording-started', name: 'Hanna Host' },
  { type: 'recording-ended', reason: 'stopped', durationMs: 83_000 },
  { type: 'recording-ended', reason: 'recorder-left', durationMs: null },
  { type: 'recording-ended', reason: 'idle', durationMs: 3_725_000 },
  { type: 'recording-ended', reason: 'meeting-deleted', durationMs: 1_000 },
  { type: 'recording-ended', reason: 'meeting-ended', durationMs: 0 },
];

describe("the room assistant's notes and the room's notices, as each reader's page words them", () => {
  afterEach(async () => {
    await i18n.setLocale('en');
  });

  it.each(NOTES.map((note) => [note.type, note] as const))('%s: in English, the same sentence the server stores as text', (_type, note) => {
    expect(noteText(note)).toBe(englishNote(note));
  });

  it('words them in Dutch and German for a host who reads those', async () => {
    const waiting: ChatNote = { type: 'guest-waiting', name: 'Gus', device: pixel, removedBefore: true };
    const mic: ChatNote = NOTES[9]!;
    await i18n.setLocale('nl');
    expect(noteText(waiting)).toBe(
      'Gus, die u eerder hebt verwijderd, wacht om deel te nemen, vanaf Chrome 150 op Android 15, telefoon (Pixel 9). Laat hem of haar toe of weiger onder Wachtruimte.',
    );
    expect(noteText(mic)).toBe(`Gus: microfoon MISLUKT (${i18n.t('check.detail.noMicJoin')}).`);
    expect(noteText(mic)).not.toContain('joining without microphone');
    await i18n.setLocale('de');
    expect(noteText({ type: 'recording-ended', reason: 'meeting-ended', durationMs: 83_000 })).toBe(
      'Aufnahme beendet: Der Gastgeber hat die Besprechung beendet nach 1:23.',
    );
    expect(noteText({ type: 'check-step', name: null, step: 'started', outcome: 'running' })).toBe(
      'Ein Gast (noch nicht im Gespräch): Medientest gestartet.',
    );
  });

  it('shows a message without a note (a person, or a note from before notes were events) as its text', () => {
    const base = { id: 'm', seq: 1, senderId: 'bot', senderName: 'Room assistant', audience: 'host', createdAt: '' } as const;
    expect(messageText({ ...base, kind: 'bot', text: 'Gus joined from Firefox 153 on Linux, desktop.' })).toBe(
      'Gus joined from Firefox 153 on Linux, desktop.',
    );
    expect(messageText({ ...base, kind: 'bot', text: 'stale English', note: { type: 'dialled-in', name: 'Phone ·· 1' } })).toBe(
      'Phone ·· 1 dialled in by phone.',
    );
  });
});
