import * as v from 'valibot';
import { API_SCOPES } from '../../shared/api/api-keys.ts';
import { WEBHOOK_EVENT_TYPES } from '../../shared/api/webhooks.ts';
import { LocaleSchema } from '../../shared/locales.ts';
import { ChatMessageSchema, type ChatMessage } from '../../shared/api/chat.ts';
import { RECORDING_SOURCES, RECORDING_STATES } from '../../shared/api/recordings.ts';

/**
 * The shape of everything we persist, as schemas: the types below are inferred from them. The
 * repositories (repositories.ts) take and return these plain records whichever implementation
 * holds them. In the lowdb mode every record is checked against them when the data files are read
 * at start (a record that does not fit stops the start, naming the record): bump `version` and add
 * a migration when it changes. PostgreSQL's tables (postgres/migrations/) hold the same fields.
 */
const Text = v.string();
const Iso = v.pipe(v.string(), v.isoTimestamp());
const NullableText = v.nullable(v.string());

/** A removal, remembered against the guest's personal invite, their browser's device id, or a caller's number. */
const RemovedGuestSchema = v.object({
  name: Text,
  inviteId: NullableText,
  deviceId: NullableText,
  /** A removed phone caller: a hash of their number (see dialin/caller-identity.ts). */
  phone: v.optional(NullableText),
  at: Iso,
});
export type RemovedGuest = v.InferOutput<typeof RemovedGuestSchema>;

const MeetingRecordSchema = v.object({
  id: Text,
  ownerId: Text,
  title: Text,
  startsAt: Iso,
  durationMinutes: v.number(),
  createdAt: Iso,
  /** Telephone dial-in PIN, digits only; given on first use (and again after a new link). */
  dialInPin: v.optional(v.pipe(v.string(), v.regex(/^\d+$/))),
  /** The shared guest link's secret; replaced (and so revoked) by "new link". */
  linkToken: Text,
  /** Guests wait for the host to admit them (issue 14); records from before it have none: off. */
  waitingRoom: v.optional(v.boolean()),
  /** auto (none: records from before the SFU), or pinned to the mesh or the SFU (issue 19). */
  mediaMode: v.optional(v.picklist(['auto', 'mesh', 'sfu'])),
  /** Set by "End call for everyone"; the host entering again clears it (see host-controls/entry-policy.ts). */
  endedAt: v.optional(Iso),
  /** Guests the host removed: they wait for the host to readmit them, whatever the waiting-room setting. */
  removedGuests: v.optional(v.array(RemovedGuestSchema)),
});
export type MeetingRecord = v.InferOutput<typeof MeetingRecordSchema>;

const UserRecordSchema = v.object({
  id: Text,
  email: Text,
  name: Text,
  /** scrypt: `scrypt$N$r$p$salt$hash` (base64url). */
  passwordHash: v.pipe(v.string(), v.startsWith('scrypt$')),
  createdAt: Iso,
  features: v.object({ backgroundBlur: v.boolean(), recording: v.boolean() }),
  /** Other sites' origins that may show this account's meetings in a frame (issue 24, embedding); none: nobody. */
  embedOrigins: v.optional(v.array(Text)),
});
export type UserRecord = v.InferOutput<typeof UserRecordSchema>;

const SessionRecordSchema = v.object({
  /** sha256 of the session token: a leaked data file does not leak sessions. */
  tokenHash: Text,
  userId: Text,
  createdAt: Iso,
  expiresAt: Iso,
});
export type SessionRecord = v.InferOutput<typeof SessionRecordSchema>;

const InviteRecordSchema = v.object({
  id: Text,
  meetingId: Text,
  /** The guest's personal link secret. */
  token: Text,
  guestName: Text,
  guestEmail: Text,
  timeZone: NullableText,
  /** The language of the guest's email; absent in records from before languages (English). */
  language: v.optional(LocaleSchema),
  state: v.picklist(['sent', 'failed', 'joined', 'revoked']),
  error: NullableText,
  createdAt: Iso,
  /**
   * `link`: a one-time join link for a named guest, made through the API (no email; `guestEmail` is
   * empty): the first browser that enters with it keeps it (`boundDevice`), until `expiresAt`.
   * Absent: an email invitation, as before join links.
   */
  kind: v.optional(v.picklist(['email', 'link'])),
  boundDevice: v.optional(NullableText),
  expiresAt: v.optional(Iso),
});
export type InviteRecord = v.InferOutput<typeof InviteRecordSchema>;

/**
 * A call recording; its bytes are in `DATA_DIR/recordings/<meetingId>/<id>.webm` (a server recording's
 * Janus files in `<id>.mjr/` beside it until post-processed).
 */
const RecordingRecordSchema = v.object({
  id: Text,
  meetingId: Text,
  /** The meeting's owner when it was recorded: only they may list, play, download or delete it. */
  ownerId: Text,
  startedAt: Iso,
  /** Null while recording (a server restart finalises what it finds unfinished). */
  endedAt: v.nullable(Iso),
  durationMs: v.number(),
  size: v.number(),
  state: v.picklist(RECORDING_STATES),
  /** Older documents have none: they were all the host's page's. */
  source: v.optional(v.picklist(RECORDING_SOURCES), 'browser'),
  error: v.optional(v.nullable(v.string()), null),
});
export type RecordingRecord = v.InferOutput<typeof RecordingRecordSchema>;

/** One switch changed on an account (by the operator page, the API or the admin CLI); never edited afterwards. */
const AuditRecordSchema = v.object({
  id: Text,
  at: Iso,
  /** The operator's email, or `cli:<os user>` for the admin CLI. */
  actor: Text,
  accountId: Text,
  /** As it was at the time (the account may be renamed or gone later). */
  accountEmail: Text,
  change: v.object({ feature: v.picklist(['backgroundBlur', 'recording']), from: v.boolean(), to: v.boolean() }),
});
export type AuditRecord = v.InferOutput<typeof AuditRecordSchema>;

/** A key for the public API (issue 24): stored only as the SHA-256 hash of the key. */
const ApiKeyRecordSchema = v.object({
  id: Text,
  /** The account it acts for; null: an operator's key for the whole server. */
  userId: NullableText,
  name: Text,
  /** The key's first characters, shown to recognise it. */
  prefix: Text,
  /** sha256 of the key (base64url). */
  keyHash: Text,
  scopes: v.array(v.picklist(API_SCOPES)),
  createdAt: Iso,
  lastUsedAt: v.nullable(Iso),
  revokedAt: v.nullable(Iso),
});
export type ApiKeyRecord = v.InferOutput<typeof ApiKeyRecordSchema>;

/** An account's webhook endpoint (issue 24); `secret` signs what is sent to it, so it is kept as it is. */
const WebhookEndpointRecordSchema = v.object({
  id: Text,
  userId: Text,
  url: Text,
  events: v.array(v.picklist(WEBHOOK_EVENT_TYPES)),
  secret: Text,
  description: Text,
  createdAt: Iso,
});
export type WebhookEndpointRecord = v.InferOutput<typeof WebhookEndpointRecordSchema>;

/** One event for one endpoint, from its queueing until it is delivered or given up: the queue and the log. */
const WebhookDeliveryRecordSchema = v.object({
  id: Text,
  endpointId: Text,
  eventId: Text,
  event: Text,
  /** The exact JSON sent (signed as it is). */
  body: Text,
  state: v.picklist(['pending', 'delivered', 'failed']),
  attempts: v.number(),
  createdAt: Iso,
  /** When it is due (pending), or when a worker's claim on it lapses; null once settled. */
  nextAttemptAt: v.nullable(Iso),
  lastAttemptAt: v.nullable(Iso),
  responseStatus: v.nullable(v.number()),
  error: NullableText,
  deliveredAt: v.nullable(Iso),
});
export type WebhookDeliveryRecord = v.InferOutput<typeof WebhookDeliveryRecordSchema>;

/** A chat message as stored: the message and its meeting. `seq` numbers a meeting's messages 1, 2, 3… in one order. */
export const ChatRecordSchema = v.object({ ...ChatMessageSchema.entries, meetingId: v.string() });
export type ChatRecord = ChatMessage & { meetingId: string };
/** A message to append: its `seq` is given by the chat repository. */
export type NewChatRecord = Omit<ChatRecord, 'seq'>;

const COLLECTIONS = {
  users: UserRecordSchema,
  sessions: SessionRecordSchema,
  meetings: MeetingRecordSchema,
  invites: InviteRecordSchema,
  recordings: RecordingRecordSchema,
  audit: AuditRecordSchema,
  apiKeys: ApiKeyRecordSchema,
  webhookEndpoints: WebhookEndpointRecordSchema,
  webhookDeliveries: WebhookDeliveryRecordSchema,
} as const;

export interface StoreData {
  version: 1;
  users: UserRecord[];
  sessions: SessionRecord[];
  meetings: MeetingRecord[];
  invites: InviteRecord[];
  /** Added with the recording add-on; older files have none. */
  recordings: RecordingRecord[];
  /** Added with operators (ADMIN_EMAILS); older files have none. Oldest first, appended to. */
  audit: AuditRecord[];
  /** Added with the public API (issue 24); older files have none. */
  apiKeys: ApiKeyRecord[];
  webhookEndpoints: WebhookEndpointRecord[];
  /** Pending deliveries and the log of settled ones (pruned after a week: storage/sweeps.ts). */
  webhookDeliveries: WebhookDeliveryRecord[];
}

export const emptyStoreData = (): StoreData => ({
  version: 1,
  users: [],
  sessions: [],
  meetings: [],
  invites: [],
  recordings: [],
  audit: [],
  apiKeys: [],
  webhookEndpoints: [],
  webhookDeliveries: [],
});

/**
 * Checks a data file's contents and fills in collections added after it was written, so old
 * files keep working. Throws, naming the first record that does not fit (`users[0]: …`).
 */
export function normaliseStoreData(raw: unknown): StoreData {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('the top level is not an object');
  }
  const data = { ...emptyStoreData(), ...(raw as Partial<StoreData>) };
  if (data.version !== 1) throw new Error(`unknown data version ${String(data.version)}`);
  for (const [key, schema] of Object.entries(COLLECTIONS) as [keyof typeof COLLECTIONS, v.GenericSchema][]) {
    const list: unknown = data[key];
    if (!Array.isArray(list)) throw new Error(`"${key}" is not a list`);
    list.forEach((record, i) => {
      const result = v.safeParse(schema, record);
      if (!result.success) throw new Error(`${key}[${i}] is not a valid record: ${v.summarize(result.issues).replace(/\n/g, '; ')}`);
    });
  }
  return data;
}
