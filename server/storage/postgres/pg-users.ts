import type { Sql } from 'postgres';
import { type AccountFeatures, FEATURE_NAMES } from '../../../shared/api/auth.ts';
import type { AuditRecord, UserRecord } from '../records.ts';
import type { UserRepository } from '../repositories.ts';
import { iso, isUniqueViolation, json, optional } from './pg-rows.ts';

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: Date;
  features: AccountFeatures;
  embed_origins: string[] | null;
}
interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  account_id: string;
  account_email: string;
  feature: AuditRecord['change']['feature'];
  from_value: boolean;
  to_value: boolean;
}

export const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  name: r.name,
  passwordHash: r.password_hash,
  createdAt: iso(r.created_at),
  features: { backgroundBlur: r.features.backgroundBlur, recording: r.features.recording },
  ...optional('embedOrigins', r.embed_origins?.length ? r.embed_origins : null),
});

export const toAudit = (r: AuditRow): AuditRecord => ({
  id: r.id,
  at: iso(r.at),
  actor: r.actor,
  accountId: r.account_id,
  accountEmail: r.account_email,
  change: { feature: r.feature, from: r.from_value, to: r.to_value },
});

export function pgUsers(sql: Sql): UserRepository {
  const one = async (rows: Promise<UserRow[]>) => {
    const [row] = await rows;
    return row ? toUser(row) : null;
  };
  return {
    async create(user) {
      try {
        const inserted = await sql`
          INSERT INTO users (id, email, name, password_hash, created_at, features, embed_origins)
          VALUES (${user.id}, ${user.email}, ${user.name}, ${user.passwordHash}, ${user.createdAt}, ${json(user.features)}::text::jsonb,
                  ${user.embedOrigins?.length ? sql.array(user.embedOrigins) : null})
          ON CONFLICT (email) DO NOTHING
          RETURNING id`;
        return inserted.length ? 'created' : 'email-taken';
      } catch (error) {
        if (isUniqueViolation(error)) return 'email-taken';
        throw error;
      }
    },
    byId: (id) => one(sql<UserRow[]>`SELECT * FROM users WHERE id = ${id}`),
    byEmail: (email) => one(sql<UserRow[]>`SELECT * FROM users WHERE email = ${email}`),
    async list({ search, offset, limit }) {
      const where = search ? sql`WHERE strpos(lower(email), ${search}) > 0 OR strpos(lower(name), ${search}) > 0` : sql``;
      const [rows, [counted]] = await Promise.all([
        sql<UserRow[]>`SELECT * FROM users ${where} ORDER BY email OFFSET ${offset} LIMIT ${limit}`,
        sql<{ total: string }[]>`SELECT count(*) AS total FROM users ${where}`,
      ]);
      return { users: rows.map(toUser), total: Number(counted!.total) };
    },
    async setEmbedOrigins(id, origins) {
      const [row] = await sql<UserRow[]>`
        UPDATE users SET embed_origins = ${origins.length ? sql.array(origins) : null} WHERE id = ${id} RETURNING *`;
      return row ? toUser(row) : null;
    },
    setFeatures: (ref, changes, stamp) =>
      sql.begin(async (tx) => {
        const [row] =
          'id' in ref
            ? await tx<UserRow[]>`SELECT * FROM users WHERE id = ${ref.id} FOR UPDATE`
            : await tx<UserRow[]>`SELECT * FROM users WHERE email = ${ref.email} FOR UPDATE`;
        if (!row) return null;
        const user = toUser(row);
        const audit: AuditRecord[] = [];
        for (const feature of FEATURE_NAMES) {
          const to = changes[feature];
          if (to === undefined || user.features[feature] === to) continue;
          audit.push({
            id: stamp.newId(),
            at: stamp.at,
            actor: stamp.actor,
            accountId: user.id,
            accountEmail: user.email,
            change: { feature, from: user.features[feature], to },
          });
          user.features[feature] = to;
        }
        if (!audit.length) return { user, audit };
        await tx`UPDATE users SET features = ${json(user.features)}::text::jsonb WHERE id = ${user.id}`;
        for (const a of audit) {
          await tx`
            INSERT INTO audit_log (id, at, actor, account_id, account_email, feature, from_value, to_value)
            VALUES (${a.id}, ${a.at}, ${a.actor}, ${a.accountId}, ${a.accountEmail}, ${a.change.feature}, ${a.change.from}, ${a.change.to})`;
        }
        return { user, audit };
      }),
    async auditLog({ offset, limit }) {
      const [rows, [counted]] = await Promise.all([
        sql<AuditRow[]>`SELECT * FROM audit_log ORDER BY ord DESC OFFSET ${offset} LIMIT ${limit}`,
        sql<{ total: string }[]>`SELECT count(*) AS total FROM audit_log`,
      ]);
      return { entries: rows.map(toAudit), total: Number(counted!.total) };
    },
  };
}
