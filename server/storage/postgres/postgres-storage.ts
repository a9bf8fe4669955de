import postgres, { type Sql } from 'postgres';
import type { ChatRecord } from '../records.ts';
import type { Storage } from '../repositories.ts';
import { StorageUnavailableError } from '../storage-errors.ts';
import { migrate } from './migrate.ts';
import { pgApiKeys, toApiKey } from './pg-api-keys.ts';
import { pgChat, toChat } from './pg-chat.ts';
import { pgInvites, toInvite } from './pg-invites.ts';
import { pgMeetings, toMeeting } from './pg-meetings.ts';
import { pgRateCounters } from './pg-rate-counters.ts';
import { pgRecordings, toRecording } from './pg-recordings.ts';
import { pgSessions, toSession } from './pg-sessions.ts';
import { pgUsers, toAudit, toUser } from './pg-users.ts';
import { pgRoomStates } from './pg-room-states.ts';
import { pgWebhooks, toDelivery, toEndpoint } from './pg-webhooks.ts';

export interface PostgresOptions {
  /** Connections in this process's pool. */
  poolSize?: number;
}

/** `postgres://user@host:port/db`, without the password (for logs and messages). */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || u.searchParams.get('host') || 'localhost';
    return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${host}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(an unreadable DATABASE_URL)';
  }
}

/**
 * The storage for many server processes: PostgreSQL at `DATABASE_URL`. Connects (a database
 * that cannot be reached stops the start, saying why), brings the schema up to date
 * (migrate.ts), and returns the repositories over one connection pool. `applied` names the
 * migrations this start applied.
 */
export async function openPostgresStorage(url: string, options: PostgresOptions = {}): Promise<Storage & { applied: string[] }> {
  const where = describeDatabaseUrl(url);
  const sql = postgres(url, {
    max: options.poolSize ?? 10,
    onnotice: () => undefined,
    connect_timeout: 10,
    connection: { application_name: 'meeting-room' },
    transform: { undefined: null },
  });
  try {
    await sql`SELECT 1`;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => undefined);
    throw new StorageUnavailableError(`cannot reach PostgreSQL at ${where} (DATABASE_URL): ${(error as Error).message}`);
  }
  let applied: string[];
  try {
    applied = await migrate(sql);
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => undefined);
    throw error;
  }
  return { ...postgresStorage(sql, `PostgreSQL at ${where}`), applied };
}

/** The repositories over a connected, migrated pool. */
export function postgresStorage(sql: Sql, description: string): Storage {
  return {
    users: pgUsers(sql),
    sessions: pgSessions(sql),
    meetings: pgMeetings(sql),
    invites: pgInvites(sql),
    recordings: pgRecordings(sql),
    chat: pgChat(sql),
    rateCounters: pgRateCounters(sql),
    roomStates: pgRoomStates(sql),
    apiKeys: pgApiKeys(sql),
    webhooks: pgWebhooks(sql),
    describe: () => description,
    dump: () =>
      sql.begin('isolation level repeatable read read only', async (tx) => {
        const chat: Record<string, ChatRecord[]> = {};
        for (const row of await tx`SELECT * FROM chat_messages ORDER BY meeting_id, seq`) {
          const message = toChat(row as Parameters<typeof toChat>[0]);
          (chat[message.meetingId] ??= []).push(message);
        }
        return {
          users: (await tx`SELECT * FROM users ORDER BY ord`).map((r) => toUser(r as Parameters<typeof toUser>[0])),
          sessions: (await tx`SELECT * FROM sessions ORDER BY ord`).map((r) => toSession(r as Parameters<typeof toSession>[0])),
          meetings: (await tx`SELECT * FROM meetings ORDER BY ord`).map((r) => toMeeting(r as Parameters<typeof toMeeting>[0])),
          invites: (await tx`SELECT * FROM invites ORDER BY ord`).map((r) => toInvite(r as Parameters<typeof toInvite>[0])),
          recordings: (await tx`SELECT * FROM recordings ORDER BY ord`).map((r) => toRecording(r as Parameters<typeof toRecording>[0])),
          audit: (await tx`SELECT * FROM audit_log ORDER BY ord`).map((r) => toAudit(r as Parameters<typeof toAudit>[0])),
          apiKeys: (await tx`SELECT * FROM api_keys ORDER BY ord`).map((r) => toApiKey(r as Parameters<typeof toApiKey>[0])),
          webhookEndpoints: (await tx`SELECT * FROM webhook_endpoints ORDER BY ord`).map((r) =>
            toEndpoint(r as Parameters<typeof toEndpoint>[0]),
          ),
          webhookDeliveries: (await tx`SELECT * FROM webhook_deliveries ORDER BY ord`).map((r) =>
            toDelivery(r as Parameters<typeof toDelivery>[0]),
          ),
          chat,
        };
      }),
    close: () => sql.end({ timeout: 5 }),
  };
}
