import type { Sql } from 'postgres';
import type { RecordingRecord } from '../records.ts';
import type { RecordingRepository } from '../repositories.ts';
import { int, iso } from './pg-rows.ts';

interface RecordingRow {
  id: string;
  meeting_id: string;
  owner_id: string;
  started_at: Date;
  ended_at: Date | null;
  duration_ms: string;
  size: string;
  state: RecordingRecord['state'];
  source: RecordingRecord['source'];
  error: string | null;
}

export const toRecording = (r: RecordingRow): RecordingRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  ownerId: r.owner_id,
  startedAt: iso(r.started_at),
  endedAt: r.ended_at && iso(r.ended_at),
  durationMs: int(r.duration_ms),
  size: int(r.size),
  state: r.state,
  source: r.source,
  error: r.error,
});

export function pgRecordings(sql: Sql): RecordingRepository {
  const list = async (rows: Promise<RecordingRow[]>) => (await rows).map(toRecording);
  return {
    async create(r) {
      await sql`
        INSERT INTO recordings (id, meeting_id, owner_id, started_at, ended_at, duration_ms, size, state, source, error)
        VALUES (${r.id}, ${r.meetingId}, ${r.ownerId}, ${r.startedAt}, ${r.endedAt}, ${r.durationMs}, ${r.size}, ${r.state},
          ${r.source}, ${r.error})`;
    },
    async byId(meetingId, recordingId) {
      const [row] = await sql<RecordingRow[]>`SELECT * FROM recordings WHERE id = ${recordingId} AND meeting_id = ${meetingId}`;
      return row ? toRecording(row) : null;
    },
    listForMeeting: (meetingId) => list(sql<RecordingRow[]>`SELECT * FROM recordings WHERE meeting_id = ${meetingId} ORDER BY ord`),
    listForOwner: (ownerId) => list(sql<RecordingRow[]>`SELECT * FROM recordings WHERE owner_id = ${ownerId} ORDER BY ord`),
    listUnfinished: () => list(sql<RecordingRow[]>`SELECT * FROM recordings WHERE state IN ('recording', 'processing') ORDER BY ord`),
    async finish(recordingId, { endedAt, durationMs, size }) {
      await sql`
        UPDATE recordings SET state = 'ready', ended_at = ${endedAt}, duration_ms = ${durationMs}, size = ${size}, error = NULL
        WHERE id = ${recordingId}`;
    },
    async update(recordingId, change) {
      const columns = {
        ...(change.state !== undefined && { state: change.state }),
        ...(change.endedAt !== undefined && { ended_at: change.endedAt }),
        ...(change.durationMs !== undefined && { duration_ms: change.durationMs }),
        ...(change.size !== undefined && { size: change.size }),
        ...(change.error !== undefined && { error: change.error }),
      };
      if (Object.keys(columns).length === 0) return;
      await sql`UPDATE recordings SET ${sql(columns)} WHERE id = ${recordingId}`;
    },
    async delete(recordingId) {
      await sql`DELETE FROM recordings WHERE id = ${recordingId}`;
    },
    async deleteForMeeting(meetingId) {
      await sql`DELETE FROM recordings WHERE meeting_id = ${meetingId}`;
    },
  };
}
