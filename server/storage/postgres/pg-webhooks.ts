import type { Sql } from 'postgres';
import type { WebhookDeliveryRecord, WebhookEndpointRecord } from '../records.ts';
import type { WebhookRepository } from '../repositories.ts';
import { iso } from './pg-rows.ts';

interface EndpointRow {
  id: string;
  user_id: string;
  url: string;
  events: string[];
  secret: string;
  description: string;
  created_at: Date;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event: string;
  body: string;
  state: WebhookDeliveryRecord['state'];
  attempts: number;
  created_at: Date;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  response_status: number | null;
  error: string | null;
  delivered_at: Date | null;
}

const isoOrNull = (value: Date | null) => (value === null ? null : iso(value));

export const toEndpoint = (r: EndpointRow): WebhookEndpointRecord => ({
  id: r.id,
  userId: r.user_id,
  url: r.url,
  events: r.events as WebhookEndpointRecord['events'],
  secret: r.secret,
  description: r.description,
  createdAt: iso(r.created_at),
});

export const toDelivery = (r: DeliveryRow): WebhookDeliveryRecord => ({
  id: r.id,
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  event: r.event,
  body: r.body,
  state: r.state,
  attempts: r.attempts,
  createdAt: iso(r.created_at),
  nextAttemptAt: isoOrNull(r.next_attempt_at),
  lastAttemptAt: isoOrNull(r.last_attempt_at),
  responseStatus: r.response_status,
  error: r.error,
  deliveredAt: isoOrNull(r.delivered_at),
});

export function pgWebhooks(sql: Sql): WebhookRepository {
  return {
    async createEndpoint(e) {
      await sql`
        INSERT INTO webhook_endpoints (id, user_id, url, events, secret, description, created_at)
        VALUES (${e.id}, ${e.userId}, ${e.url}, ${sql.array(e.events)}, ${e.secret}, ${e.description}, ${e.createdAt})`;
    },
    async endpoint(userId, id) {
      const [row] = await sql<EndpointRow[]>`SELECT * FROM webhook_endpoints WHERE id = ${id} AND user_id = ${userId}`;
      return row ? toEndpoint(row) : null;
    },
    async endpointById(id) {
      const [row] = await sql<EndpointRow[]>`SELECT * FROM webhook_endpoints WHERE id = ${id}`;
      return row ? toEndpoint(row) : null;
    },
    listEndpoints: async (userId) =>
      (await sql<EndpointRow[]>`SELECT * FROM webhook_endpoints WHERE user_id = ${userId} ORDER BY ord`).map(toEndpoint),
    deleteEndpoint: async (userId, id) => (await sql`DELETE FROM webhook_endpoints WHERE id = ${id} AND user_id = ${userId}`).count > 0,
    async enqueue(x) {
      await sql`
        INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event, body, state, attempts, created_at, next_attempt_at,
                                        last_attempt_at, response_status, error, delivered_at)
        VALUES (${x.id}, ${x.endpointId}, ${x.eventId}, ${x.event}, ${x.body}, ${x.state}, ${x.attempts}, ${x.createdAt},
                ${x.nextAttemptAt}, ${x.lastAttemptAt}, ${x.responseStatus}, ${x.error}, ${x.deliveredAt})`;
    },
    claimDue: async (now, leaseUntil, limit) =>
      (
        await sql<DeliveryRow[]>`
          WITH due AS (
            SELECT id FROM webhook_deliveries
            WHERE state = 'pending' AND next_attempt_at <= ${now}
            ORDER BY next_attempt_at, ord
            LIMIT ${limit}
            FOR UPDATE SKIP LOCKED
          )
          UPDATE webhook_deliveries d SET next_attempt_at = ${leaseUntil}
          FROM due WHERE d.id = due.id
          RETURNING d.*`
      )
        .map(toDelivery)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    async settle(id, o) {
      await sql`
        UPDATE webhook_deliveries SET state = ${o.state}, attempts = ${o.attempts}, next_attempt_at = ${o.nextAttemptAt},
          last_attempt_at = ${o.lastAttemptAt}, response_status = ${o.responseStatus}, error = ${o.error}, delivered_at = ${o.deliveredAt}
        WHERE id = ${id}`;
    },
    deliveries: async (endpointId, limit) =>
      (await sql<DeliveryRow[]>`SELECT * FROM webhook_deliveries WHERE endpoint_id = ${endpointId} ORDER BY ord DESC LIMIT ${limit}`).map(
        toDelivery,
      ),
    pruneSettled: async (before) => (await sql`DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < ${before}`).count,
  };
}
