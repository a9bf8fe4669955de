import * as v from 'valibot';

/**
 * Webhooks (issue 24): an account registers endpoints with the events they want; each event is
 * POSTed to them as JSON, signed (`X-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>" with the endpoint's secret>`), and retried with back-off for 24 hours.
 */
export const WebhookEventType = {
  MeetingStarted: 'meeting.started',
  MeetingEnded: 'meeting.ended',
  ParticipantJoined: 'participant.joined',
  ParticipantLeft: 'participant.left',
  GuestWaiting: 'guest.waiting',
  InvitationFailed: 'invitation.failed',
  RecordingReady: 'recording.ready',
  ChatFileShared: 'chat.file.shared',
} as const;
export type WebhookEventType = (typeof WebhookEventType)[keyof typeof WebhookEventType];
export const WEBHOOK_EVENT_TYPES = Object.values(WebhookEventType) as [WebhookEventType, ...WebhookEventType[]];
/** Sent only by "send test event", to one endpoint, whatever it subscribed to. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

export const SIGNATURE_HEADER = 'x-webhook-signature';
export const EVENT_ID_HEADER = 'x-webhook-id';
export const EVENT_TYPE_HEADER = 'x-webhook-event';
export const WEBHOOK_ENDPOINTS_MAX = 20;

const UrlSchema = v.pipe(
  v.string('url must be text'),
  v.trim(),
  v.maxLength(2000, 'url must be at most 2000 characters'),
  v.url('url must be an absolute http(s) URL'),
  // valibot runs every check of a pipe; an unreadable URL is the `url` action's to report.
  v.check((raw) => !URL.canParse(raw) || /^https?:$/.test(new URL(raw).protocol), 'url must start with https:// or http://'),
  v.check((raw) => !URL.canParse(raw) || (!new URL(raw).username && !new URL(raw).password), 'url must not carry a user name or password'),
);

export const CreateWebhookBodySchema = v.strictObject({
  url: UrlSchema,
  events: v.pipe(
    v.array(v.picklist(WEBHOOK_EVENT_TYPES, `an event is one of ${WEBHOOK_EVENT_TYPES.join(', ')}`), 'events must be a list'),
    v.minLength(1, 'an endpoint needs at least one event'),
    v.check((list) => new Set(list).size === list.length, 'events must not repeat'),
  ),
  description: v.optional(
    v.pipe(v.string('description must be text'), v.trim(), v.maxLength(200, 'description must be at most 200 characters')),
  ),
});
export type CreateWebhookBody = v.InferOutput<typeof CreateWebhookBodySchema>;

export const WebhookEndpointSchema = v.object({
  id: v.string(),
  url: v.string(),
  events: v.array(v.picklist(WEBHOOK_EVENT_TYPES)),
  description: v.string(),
  createdAt: v.string(),
});
export type WebhookEndpoint = v.InferOutput<typeof WebhookEndpointSchema>;

/** The answer to registering an endpoint: its signing secret, this once. */
export const CreatedWebhookSchema = v.object({ endpoint: WebhookEndpointSchema, secret: v.string() });
export const WebhookEndpointListSchema = v.object({ endpoints: v.array(WebhookEndpointSchema) });

export const WebhookDeliverySchema = v.object({
  id: v.string(),
  /** The event's id (`X-Webhook-Id`), the same on every retry. */
  eventId: v.string(),
  event: v.string(),
  /** `pending` (to be tried, or tried again), `delivered` (a 2xx), `failed` (refused for good, or 24 h of failures). */
  state: v.picklist(['pending', 'delivered', 'failed']),
  attempts: v.number(),
  createdAt: v.string(),
  lastAttemptAt: v.nullable(v.string()),
  /** The receiver's HTTP status at the last attempt; null when none answered. */
  responseStatus: v.nullable(v.number()),
  error: v.nullable(v.string()),
  deliveredAt: v.nullable(v.string()),
  nextAttemptAt: v.nullable(v.string()),
});
export type WebhookDelivery = v.InferOutput<typeof WebhookDeliverySchema>;
export const WebhookDeliveryListSchema = v.object({ deliveries: v.array(WebhookDeliverySchema) });
export const WebhookDeliveryAnswerSchema = v.object({ delivery: WebhookDeliverySchema });
