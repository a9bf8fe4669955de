import { t } from '../i18n/i18n.ts';
import { computed, signal } from '@preact/signals';
import { RecordingListSchema, type Recording } from '../../../shared/api/recordings.ts';
import { apiRequest } from '../api/api-client.ts';
import '../i18n/later-texts.ts';

export const recordingFileUrl = (r: Recording, download = false) =>
  `/api/meetings/${encodeURIComponent(r.meetingId)}/recordings/${encodeURIComponent(r.id)}/file${download ? '?download=1' : ''}`;

/** The signed-in user's recordings, by meeting, for the meetings overview: load once, delete one. */
export function createRecordingsList() {
  const recordings = signal<Recording[]>([]);
  const error = signal<string | null>(null);
  const byMeeting = computed(() => {
    const map = new Map<string, Recording[]>();
    const newestFirst = [...recordings.value].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    for (const r of newestFirst) map.set(r.meetingId, [...(map.get(r.meetingId) ?? []), r]);
    return map;
  });
  return {
    byMeeting,
    error,
    async load() {
      try {
        recordings.value = (await apiRequest('GET', '/api/recordings', RecordingListSchema)).recordings;
        error.value = null;
      } catch (e) {
        error.value = (e as Error).message;
      }
    },
    async remove(r: Recording) {
      try {
        await apiRequest('DELETE', `/api/meetings/${encodeURIComponent(r.meetingId)}/recordings/${encodeURIComponent(r.id)}`);
        recordings.value = recordings.value.filter((x) => x.id !== r.id);
      } catch (e) {
        error.value = t('recording.deleteFailed', { reason: (e as Error).message });
      }
    },
  };
}

export type RecordingsList = ReturnType<typeof createRecordingsList>;
