import type { Sql } from 'postgres';
import type { SessionRecord } from '../records.ts';
import type { SessionRepository } from '../repositories.ts';
import { iso } from './pg-rows.ts';

interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
}

export const toSession = (r: SessionRow): SessionRecord => ({
  tokenHash: r.token_hash,
  userId: r.user_id,
  createdAt: iso(r.created_at),
  expiresAt: iso(r.expires_at),
});

export function pgSessions(sql: Sql): SessionRepository {
  return {
    async create(s) {
      await sql`
        INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
        VALUES (${s.tokenHash}, ${s.userId}, ${s.createdAt}, ${s.expiresAt})`;
    },
    async byTokenHash(tokenHash) {
      const [row] = await sql<SessionRow[]>`SELECT * FROM sessions WHERE token_hash = ${tokenHash}`;
      return row ? toSession(row) : null;
    },
    listForUser: async (userId) => (await sql<SessionRow[]>`SELECT * FROM sessions WHERE user_id = ${userId} ORDER BY ord`).map(toSession),
    delete: async (tokenHash) => (await sql`DELETE FROM sessions WHERE token_hash = ${tokenHash}`).count > 0,
    deleteForUser: async (userId) => (await sql`DELETE FROM sessions WHERE user_id = ${userId}`).count,
    deleteExpired: async (now) => (await sql`DELETE FROM sessions WHERE expires_at <= ${now.toISOString()}`).count,
  };
}
