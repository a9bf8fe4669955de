import type { Sql } from 'postgres';
import type { ApiKeyRecord } from '../records.ts';
import type { ApiKeyRepository } from '../repositories.ts';
import { iso } from './pg-rows.ts';

interface ApiKeyRow {
  id: string;
  user_id: string | null;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export const toApiKey = (r: ApiKeyRow): ApiKeyRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  prefix: r.prefix,
  keyHash: r.key_hash,
  scopes: r.scopes as ApiKeyRecord['scopes'],
  createdAt: iso(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : iso(r.last_used_at),
  revokedAt: r.revoked_at === null ? null : iso(r.revoked_at),
});

export function pgApiKeys(sql: Sql): ApiKeyRepository {
  return {
    async create(k) {
      await sql`
        INSERT INTO api_keys (id, user_id, name, prefix, key_hash, scopes, created_at, last_used_at, revoked_at)
        VALUES (${k.id}, ${k.userId}, ${k.name}, ${k.prefix}, ${k.keyHash}, ${sql.array(k.scopes)}, ${k.createdAt},
                ${k.lastUsedAt}, ${k.revokedAt})`;
    },
    async byHash(keyHash) {
      const [row] = await sql<ApiKeyRow[]>`SELECT * FROM api_keys WHERE key_hash = ${keyHash}`;
      return row ? toApiKey(row) : null;
    },
    listFor: async (userId) =>
      (await sql<ApiKeyRow[]>`SELECT * FROM api_keys WHERE user_id IS NOT DISTINCT FROM ${userId} ORDER BY ord`).map(toApiKey),
    async markUsed(id, at) {
      await sql`UPDATE api_keys SET last_used_at = ${at} WHERE id = ${id}`;
    },
    revoke: async (id, userId, at) =>
      (
        await sql`
          UPDATE api_keys SET revoked_at = ${at}
          WHERE id = ${id} AND user_id IS NOT DISTINCT FROM ${userId} AND revoked_at IS NULL`
      ).count > 0,
  };
}
