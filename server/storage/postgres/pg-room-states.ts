import type { Sql } from 'postgres';
import type { RoomStateRepository } from '../repositories.ts';

const deviceOf = (key: string) => key.slice(key.lastIndexOf('|') + 1);

export function pgRoomStates(sql: Sql): RoomStateRepository {
  return {
    isLocked: async (meetingId) => (await sql`SELECT 1 FROM meeting_locks WHERE meeting_id = ${meetingId}`).length > 0,
    async setLocked(meetingId, locked) {
      // A meeting deleted meanwhile has nothing to lock (the foreign key would refuse it).
      if (locked) {
        await sql`INSERT INTO meeting_locks (meeting_id) SELECT id FROM meetings WHERE id = ${meetingId} ON CONFLICT DO NOTHING`;
      } else await sql`DELETE FROM meeting_locks WHERE meeting_id = ${meetingId}`;
    },
    async admit(meetingId, key) {
      await sql`
        INSERT INTO meeting_admissions (meeting_id, key, device)
        SELECT id, ${key}, ${deviceOf(key)} FROM meetings WHERE id = ${meetingId}
        ON CONFLICT DO NOTHING`;
    },
    isAdmitted: async (meetingId, key) =>
      (await sql`SELECT 1 FROM meeting_admissions WHERE meeting_id = ${meetingId} AND key = ${key}`).length > 0,
    async forgetDevice(meetingId, device) {
      await sql`DELETE FROM meeting_admissions WHERE meeting_id = ${meetingId} AND device = ${device}`;
    },
    async clear(meetingId) {
      await sql.begin(async (tx) => {
        await tx`DELETE FROM meeting_locks WHERE meeting_id = ${meetingId}`;
        await tx`DELETE FROM meeting_admissions WHERE meeting_id = ${meetingId}`;
      });
    },
  };
}
