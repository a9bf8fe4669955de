import type { Sql } from 'postgres';
import type { Locale } from '../../../shared/locales.ts';
import type { InviteRecord } from '../records.ts';
import type { InviteRepository } from '../repositories.ts';
import { iso } from './pg-rows.ts';

interface InviteRow {
  id: string;
  meeting_id: string;
  token: string;
  guest_name: string;
  guest_email: string;
  time_zone: string | null;
  language: Locale | null;
  state: InviteRecord['state'];
  error: string | null;
  created_at: Date;
  kind: 'email' | 'link' | null;
  bound_device: string | null;
  expires_at: Date | null;
}

export const toInvite = (r: InviteRow): InviteRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  token: r.token,
  guestName: r.guest_name,
  guestEmail: r.guest_email,
  timeZone: r.time_zone,
  ...(r.language ? { language: r.language } : {}),
  state: r.state,
  error: r.error,
  createdAt: iso(r.created_at),
  ...(r.kind ? { kind: r.kind } : {}),
  ...(r.kind === 'link' ? { boundDevice: r.bound_device } : {}),
  ...(r.expires_at ? { expiresAt: iso(r.expires_at) } : {}),
});

export function pgInvites(sql: Sql): InviteRepository {
  return {
    async create(i) {
      await sql`
        INSERT INTO invites (id, meeting_id, token, guest_name, guest_email, time_zone, language, state, error, created_at, kind, bound_device, expires_at)
        VALUES (${i.id}, ${i.meetingId}, ${i.token}, ${i.guestName}, ${i.guestEmail}, ${i.timeZone}, ${i.language ?? null}, ${i.state}, ${i.error}, ${i.createdAt},
          ${i.kind ?? null}, ${i.boundDevice ?? null}, ${i.expiresAt ?? null})`;
    },
    async byId(meetingId, inviteId) {
      const [row] = await sql<InviteRow[]>`SELECT * FROM invites WHERE id = ${inviteId} AND meeting_id = ${meetingId}`;
      return row ? toInvite(row) : null;
    },
    listForMeeting: async (meetingId) =>
      (await sql<InviteRow[]>`SELECT * FROM invites WHERE meeting_id = ${meetingId} ORDER BY ord`).map(toInvite),
    async recordDelivery(inviteId, outcome) {
      const [row] = await sql<InviteRow[]>`
        UPDATE invites SET
          error = ${outcome.error},
          state = CASE WHEN state IN ('joined', 'revoked') THEN state ELSE ${outcome.state} END
        WHERE id = ${inviteId}
        RETURNING *`;
      return row ? toInvite(row) : null;
    },
    async markJoined(inviteId) {
      await sql`UPDATE invites SET state = 'joined' WHERE id = ${inviteId} AND state <> 'revoked'`;
    },
    async bindDevice(inviteId, deviceId) {
      // One statement: of two browsers entering at once, one gets the link.
      const [row] = await sql<{ bound_device: string }[]>`
        UPDATE invites SET bound_device = coalesce(bound_device, ${deviceId})
        WHERE id = ${inviteId}
        RETURNING bound_device`;
      return row?.bound_device === deviceId;
    },
    revoke: async (meetingId, inviteId) =>
      (await sql`UPDATE invites SET state = 'revoked' WHERE id = ${inviteId} AND meeting_id = ${meetingId}`).count > 0,
  };
}
