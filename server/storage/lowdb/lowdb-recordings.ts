import type { RecordingRecord } from '../records.ts';
import type { RecordingRepository } from '../repositories.ts';
import { own, replaceWhere } from './list-index.ts';
import type { LowDocument } from './lowdb-document.ts';

/** Records written before server recordings have no source or error: they were the host's page's. */
const withDefaults = (r: RecordingRecord): RecordingRecord => ({ ...r, source: r.source ?? 'browser', error: r.error ?? null });

export function lowdbRecordings(doc: LowDocument): RecordingRepository {
  const listWhere = async (pick: (r: RecordingRecord) => boolean) => doc.current().recordings.filter(pick).map(own).map(withDefaults);
  const patch = async (recordingId: string, change: (r: RecordingRecord) => RecordingRecord) => {
    await doc.write((d) => {
      const recordings = replaceWhere(d.recordings, (r) => r.id === recordingId, change);
      return recordings === d.recordings ? { result: undefined } : { next: { ...d, recordings }, result: undefined };
    });
  };
  const removeWhere = async (gone: (r: RecordingRecord) => boolean) => {
    await doc.write((d) => {
      const kept = d.recordings.filter((r) => !gone(r));
      return kept.length === d.recordings.length ? { result: undefined } : { next: { ...d, recordings: kept }, result: undefined };
    });
  };
  return {
    create: (recording) => doc.write((d) => ({ next: { ...d, recordings: [...d.recordings, own(recording)] }, result: undefined })),
    byId: async (meetingId, recordingId) => {
      const found = doc.current().recordings.find((r) => r.id === recordingId && r.meetingId === meetingId);
      return found ? withDefaults(own(found)) : null;
    },
    listForMeeting: (meetingId) => listWhere((r) => r.meetingId === meetingId),
    listForOwner: (ownerId) => listWhere((r) => r.ownerId === ownerId),
    listUnfinished: () => listWhere((r) => r.state === 'recording' || r.state === 'processing'),
    finish: (recordingId, { endedAt, durationMs, size }) =>
      patch(recordingId, (r) => ({ ...r, state: 'ready' as const, endedAt, durationMs, size, error: null })),
    update: (recordingId, change) => patch(recordingId, (r) => ({ ...r, ...change })),
    delete: (recordingId) => removeWhere((r) => r.id === recordingId),
    deleteForMeeting: (meetingId) => removeWhere((r) => r.meetingId === meetingId),
  };
}
