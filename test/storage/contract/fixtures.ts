import type {
  ApiKeyRecord,
  InviteRecord,
  MeetingRecord,
  NewChatRecord,
  RecordingRecord,
  SessionRecord,
  UserRecord,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
} from '../../../server/storage/records.ts';
import type { Storage } from '../../../server/storage/repositories.ts';
import type { StorageUnderTest } from '../implementations.ts';

/** Records as the server writes them (times from `toISOString`). */
const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 10, minute)).toISOString();
export { at };

export const user = (n: number | string, extra: Partial<UserRecord> = {}): UserRecord => ({
  id: `user-${n}`,
  email: `user${n}@example.com`,
  name: `User ${n}`,
  passwordHash: 'scrypt$16384$8$1$salt$hash',
  createdAt: at(0),
  features: { backgroundBlur: false, recording: false },
  ...extra,
});

export const session = (n: number | string, userId: string, extra: Partial<SessionRecord> = {}): SessionRecord => ({
  tokenHash: `hash-${n}`,
  userId,
  createdAt: at(0),
  expiresAt: at(60),
  ...extra,
});

export const meeting = (n: number | string, ownerId: string, extra: Partial<MeetingRecord> = {}): MeetingRecord => ({
  id: `meeting-${n}`,
  ownerId,
  title: `Meeting ${n}`,
  startsAt: at(30),
  durationMinutes: 30,
  createdAt: at(0),
  linkToken: `link-${n}`,
  ...extra,
});

export const invite = (n: number | string, meetingId: string, extra: Partial<InviteRecord> = {}): InviteRecord => ({
  id: `invite-${n}`,
  meetingId,
  token: `token-${n}`,
  guestName: `Guest ${n}`,
  guestEmail: `guest${n}@example.org`,
  timeZone: null,
  state: 'sent',
  error: null,
  createdAt: at(1),
  ...extra,
});

export const recording = (
  n: number | string,
  meetingId: string,
  ownerId: string,
  extra: Partial<RecordingRecord> = {},
): RecordingRecord => ({
  id: `recording-${n}`,
  meetingId,
  ownerId,
  startedAt: at(31),
  endedAt: null,
  durationMs: 0,
  size: 0,
  state: 'recording',
  source: 'browser',
  error: null,
  ...extra,
});

export const apiKey = (n: number | string, userId: string | null, extra: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id: `key-${n}`,
  userId,
  name: `Key ${n}`,
  prefix: `mrk_${n}`,
  keyHash: `key-hash-${n}`,
  scopes: ['meetings:read', 'invites:write'],
  createdAt: at(2),
  lastUsedAt: null,
  revokedAt: null,
  ...extra,
});

export const endpoint = (n: number | string, userId: string, extra: Partial<WebhookEndpointRecord> = {}): WebhookEndpointRecord => ({
  id: `endpoint-${n}`,
  userId,
  url: `https://hooks.example.com/${n}`,
  events: ['meeting.ended', 'guest.waiting'],
  secret: `secret-${n}`,
  description: '',
  createdAt: at(3),
  ...extra,
});

export const delivery = (n: number | string, endpointId: string, extra: Partial<WebhookDeliveryRecord> = {}): WebhookDeliveryRecord => ({
  id: `delivery-${n}`,
  endpointId,
  eventId: `event-${n}`,
  event: 'meeting.ended',
  body: `{"id":"event-${n}"}`,
  state: 'pending',
  attempts: 0,
  createdAt: at(4),
  nextAttemptAt: at(4),
  lastAttemptAt: null,
  responseStatus: null,
  error: null,
  deliveredAt: null,
  ...extra,
});

export const chatMessage = (meetingId: string, text: string, extra: Partial<NewChatRecord> = {}): NewChatRecord => ({
  id: `chat-${meetingId}-${text}`,
  meetingId,
  kind: 'text',
  senderId: 'participant-1',
  senderName: 'Gus',
  text,
  audience: 'all',
  createdAt: at(40),
  ...extra,
});

/**
 * One implementation as a contract test uses it: storages opened through it are closed after
 * each test (afterEach in the runner), reopened ones included.
 */
export function contractContext(impl: StorageUnderTest) {
  const opened = new Set<Storage>();
  const track = (storage: Storage) => {
    opened.add(storage);
    return storage;
  };
  const { reopen, breakWrites } = impl;
  return {
    name: impl.name,
    open: async () => track(await impl.open()),
    reopen: reopen && (async (storage: Storage) => track(await reopen(storage))),
    breakWrites,
    /** A storage with a host and one of their meetings (what most records hang off). */
    async withMeeting() {
      const storage = track(await impl.open());
      const host = user('host');
      await storage.users.create(host);
      const m = meeting(1, host.id);
      await storage.meetings.create(m);
      return { storage, host, meeting: m };
    },
    async closeAll() {
      for (const storage of opened) await storage.close().catch(() => undefined);
      opened.clear();
    },
  };
}

export type ContractContext = ReturnType<typeof contractContext>;
