import type { Sql } from 'postgres';
import type { MeetingRecord, RemovedGuest } from '../records.ts';
import type { MeetingRepository } from '../repositories.ts';
import { iso, isUniqueViolation, json, optional } from './pg-rows.ts';

interface MeetingRow {
  id: string;
  owner_id: string;
  title: string;
  starts_at: Date;
  duration_minutes: number;
  created_at: Date;
  dial_in_pin: string | null;
  link_token: string;
  waiting_room: boolean | null;
  media_mode: 'auto' | 'mesh' | 'sfu' | null;
  ended_at: Date | null;
  removed_guests: RemovedGuest[] | null;
}

export const toMeeting = (r: MeetingRow): MeetingRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  title: r.title,
  startsAt: iso(r.starts_at),
  durationMinutes: r.duration_minutes,
  createdAt: iso(r.created_at),
  ...optional('dialInPin', r.dial_in_pin),
  linkToken: r.link_token,
  ...optional('waitingRoom', r.waiting_room),
  ...optional('mediaMode', r.media_mode),
  ...optional('endedAt', r.ended_at && iso(r.ended_at)),
  ...optional('removedGuests', r.removed_guests),
});

export function pgMeetings(sql: Sql): MeetingRepository {
  const one = async (rows: Promise<MeetingRow[]>) => {
    const [row] = await rows;
    return row ? toMeeting(row) : null;
  };
  return {
    async create(m) {
      await sql`
        INSERT INTO meetings (id, owner_id, title, starts_at, duration_minutes, created_at, dial_in_pin, link_token,
                              waiting_room, media_mode, ended_at, removed_guests)
        VALUES (${m.id}, ${m.ownerId}, ${m.title}, ${m.startsAt}, ${m.durationMinutes}, ${m.createdAt}, ${m.dialInPin ?? null},
                ${m.linkToken}, ${m.waitingRoom ?? null}, ${m.mediaMode ?? null}, ${m.endedAt ?? null}, ${json(m.removedGuests)}::text::jsonb)`;
    },
    byId: (id) => one(sql<MeetingRow[]>`SELECT * FROM meetings WHERE id = ${id}`),
    byDialInPin: (pin) => one(sql<MeetingRow[]>`SELECT * FROM meetings WHERE dial_in_pin = ${pin}`),
    listForOwner: async (ownerId) =>
      (await sql<MeetingRow[]>`SELECT * FROM meetings WHERE owner_id = ${ownerId} ORDER BY starts_at, ord`).map(toMeeting),
    update: (id, c) =>
      one(sql<MeetingRow[]>`
        UPDATE meetings SET
          title = coalesce(${c.title ?? null}::text, title),
          starts_at = coalesce(${c.startsAt ?? null}::timestamptz, starts_at),
          duration_minutes = coalesce(${c.durationMinutes ?? null}::integer, duration_minutes),
          waiting_room = coalesce(${c.waitingRoom ?? null}::boolean, waiting_room),
          media_mode = coalesce(${c.mediaMode ?? null}::text, media_mode)
        WHERE id = ${id}
        RETURNING *`),
    replaceLink: (id, linkToken) =>
      one(sql<MeetingRow[]>`UPDATE meetings SET link_token = ${linkToken}, dial_in_pin = NULL WHERE id = ${id} RETURNING *`),
    async setDialInPin(id, pin, expected) {
      try {
        const updated = await sql`
          UPDATE meetings SET dial_in_pin = ${pin}
          WHERE id = ${id} AND dial_in_pin IS NOT DISTINCT FROM ${expected}::text
          RETURNING id`;
        if (updated.length) return 'set';
      } catch (error) {
        if (isUniqueViolation(error)) return 'taken';
        throw error;
      }
      const [exists] = await sql`SELECT 1 FROM meetings WHERE id = ${id}`;
      return exists ? 'changed' : 'missing';
    },
    async setEnded(id, endedAt) {
      await sql`UPDATE meetings SET ended_at = ${endedAt}::timestamptz WHERE id = ${id}`;
    },
    async addRemoval(id, removal) {
      await sql`
        UPDATE meetings SET removed_guests = coalesce(removed_guests, '[]'::jsonb) || jsonb_build_array(${json(removal)}::text::jsonb)
        WHERE id = ${id}`;
    },
    async forgiveRemovals(id, who) {
      // removal-match.ts in SQL: the same invitation, browser or phone number (a null matches nothing).
      await sql`
        UPDATE meetings SET removed_guests = (
          SELECT coalesce(jsonb_agg(r ORDER BY n), '[]'::jsonb)
          FROM jsonb_array_elements(removed_guests) WITH ORDINALITY AS e(r, n)
          WHERE NOT (
            coalesce(r ->> 'inviteId' = ${who.inviteId}::text, false)
            OR coalesce(r ->> 'deviceId' = ${who.deviceId}::text, false)
            OR coalesce(r ->> 'phone' <> '' AND r ->> 'phone' = ${who.phone ?? null}::text, false)
          )
        )
        WHERE id = ${id} AND removed_guests IS NOT NULL`;
    },
    delete: async (id) => (await sql`DELETE FROM meetings WHERE id = ${id}`).count > 0,
  };
}
