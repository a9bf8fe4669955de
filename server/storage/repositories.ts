import type { AccountFeatures } from '../../shared/api/auth.ts';
import type { SharedFile } from '../../shared/api/chat.ts';
import type {
  ApiKeyRecord,
  AuditRecord,
  ChatRecord,
  InviteRecord,
  MeetingRecord,
  NewChatRecord,
  RecordingRecord,
  RemovedGuest,
  SessionRecord,
  StoreData,
  UserRecord,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
} from './records.ts';
import type { GuestIdentity } from './removal-match.ts';

/**
 * What the server keeps, as narrow async repositories, one per aggregate. lowdb (lowdb/) and
 * PostgreSQL (postgres/) are two implementations of this one contract, held to it by one test
 * suite (storage.contract.test.ts). Every method is async and takes and returns plain records
 * (records.ts): a returned record is the caller's own copy. A write is durable when its promise
 * resolves, and all or nothing: a write that fails leaves nothing of itself behind. Times are
 * ISO 8601 strings as `Date.prototype.toISOString` writes them.
 */
export interface Storage {
  users: UserRepository;
  sessions: SessionRepository;
  meetings: MeetingRepository;
  invites: InviteRepository;
  recordings: RecordingRepository;
  chat: ChatRepository;
  rateCounters: RateCounterRepository;
  roomStates: RoomStateRepository;
  apiKeys: ApiKeyRepository;
  webhooks: WebhookRepository;
  /** For the log: which implementation and where (never a password). */
  describe(): string;
  /** Everything stored except the rate counters, in a stable order: for exports and for tests that compare state. */
  dump(): Promise<StorageDump>;
  /** Waits for writes under way, then lets go of files and connections. */
  close(): Promise<void>;
  /** Why writes would fail now (e.g. the data folder is read-only), or null; absent where only a write can tell. */
  writeProblem?(): Promise<string | null>;
  /** What the implementation caches in this process's memory, by name (for `/metrics` and the soak bench). */
  memorySizes?(): Record<string, number>;
}

/** Every stored collection as `db.json` holds it, and each meeting's chat, oldest first, by meeting id. */
export type StorageDump = Omit<StoreData, 'version'> & { chat: Record<string, ChatRecord[]> };

/** An account by id (the operator API) or by email (the admin CLI). */
export type AccountRef = { id: string } | { email: string };

/** Who and when, for the audit lines a change of switches writes. */
export interface AuditStamp {
  at: string;
  actor: string;
  newId: () => string;
}

/** Accounts, their switches (add-ons and betas) and the operators' audit log of those switches. */
export interface UserRepository {
  /** Adds an account; `'email-taken'` (and nothing written) when another one has this email. */
  create(user: UserRecord): Promise<'created' | 'email-taken'>;
  byId(id: string): Promise<UserRecord | null>;
  byEmail(email: string): Promise<UserRecord | null>;
  /** A page of accounts in email order; `search` (lower case) matches part of the email or the name, ignoring case. */
  list(query: { search: string; offset: number; limit: number }): Promise<{ users: UserRecord[]; total: number }>;
  /**
   * Sets the switches named in `changes`, and appends one audit line for each that really changed,
   * in the same write. Null (nothing written) when there is no such account.
   */
  setFeatures(
    ref: AccountRef,
    changes: Partial<AccountFeatures>,
    stamp: AuditStamp,
  ): Promise<{ user: UserRecord; audit: AuditRecord[] } | null>;
  /** Sets the origins that may embed the account's meetings (empty: none); null when there is no such account. */
  setEmbedOrigins(id: string, origins: string[]): Promise<UserRecord | null>;
  /** A page of the audit log, newest first, and how many lines it has. */
  auditLog(page: { offset: number; limit: number }): Promise<{ entries: AuditRecord[]; total: number }>;
}

/** Sign-in sessions, by the hash of their token. */
export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  /** The session, expired or not (the caller judges). */
  byTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  /** A user's sessions, oldest first. */
  listForUser(userId: string): Promise<SessionRecord[]>;
  /** False when there was no such session. */
  delete(tokenHash: string): Promise<boolean>;
  /** Signs a user out everywhere; how many sessions went. */
  deleteForUser(userId: string): Promise<number>;
  /** The sweep: every session whose `expiresAt` is not after `now`; how many went. */
  deleteExpired(now: Date): Promise<number>;
}

export type MeetingChanges = Partial<Pick<MeetingRecord, 'title' | 'startsAt' | 'durationMinutes' | 'waitingRoom' | 'mediaMode'>>;

/** Meetings, with what lives on the meeting: its link, its dial-in PIN, the end, the removals. */
export interface MeetingRepository {
  create(meeting: MeetingRecord): Promise<void>;
  byId(id: string): Promise<MeetingRecord | null>;
  /** The meeting whose dial-in PIN this is. */
  byDialInPin(pin: string): Promise<MeetingRecord | null>;
  /** A user's meetings by start time (then in the order they were created). */
  listForOwner(ownerId: string): Promise<MeetingRecord[]>;
  /** Null when there is no such meeting. */
  update(id: string, changes: MeetingChanges): Promise<MeetingRecord | null>;
  /** A new guest link; the dial-in PIN goes with the old one (a new one is given on first use). */
  replaceLink(id: string, linkToken: string): Promise<MeetingRecord | null>;
  /**
   * Gives the meeting `pin` if its PIN is still `expected` (null: none). `'taken'`: another
   * meeting has it (PINs are unique); `'changed'`: the PIN is no longer `expected`; `'missing'`:
   * no such meeting. Only `'set'` wrote anything.
   */
  setDialInPin(id: string, pin: string, expected: string | null): Promise<'set' | 'taken' | 'changed' | 'missing'>;
  /** "End call for everyone" (a time), or the end lifted (null). */
  setEnded(id: string, endedAt: string | null): Promise<void>;
  /** Remembers a guest the host removed. */
  addRemoval(id: string, removal: RemovedGuest): Promise<void>;
  /** Forgets the removals that match this guest (readmitted): by invitation, browser or phone number hash. */
  forgiveRemovals(id: string, who: GuestIdentity): Promise<void>;
  /** Deletes the meeting and its invitations; false when there was none. */
  delete(id: string): Promise<boolean>;
}

/** Personal (email) invitations to a meeting. */
export interface InviteRepository {
  create(invite: InviteRecord): Promise<void>;
  byId(meetingId: string, inviteId: string): Promise<InviteRecord | null>;
  /** A meeting's invitations in the order they were made. */
  listForMeeting(meetingId: string): Promise<InviteRecord[]>;
  /** How sending went: the error always, the state unless the guest joined or it was revoked meanwhile. */
  recordDelivery(inviteId: string, outcome: { state: 'sent' | 'failed'; error: string | null }): Promise<InviteRecord | null>;
  /** The guest came in with it (a revoked one stays revoked). */
  markJoined(inviteId: string): Promise<void>;
  /**
   * A one-time join link is kept by the first browser that enters with it: true when it is now
   * bound to `deviceId` (it was free, or already this browser's), false when another has it.
   */
  bindDevice(inviteId: string, deviceId: string): Promise<boolean>;
  /** False when the meeting has no such invitation. */
  revoke(meetingId: string, inviteId: string): Promise<boolean>;
}

/** The records of call recordings (their bytes are files: recording/recording-files.ts). */
export interface RecordingRepository {
  create(recording: RecordingRecord): Promise<void>;
  byId(meetingId: string, recordingId: string): Promise<RecordingRecord | null>;
  /** In the order they were started. */
  listForMeeting(meetingId: string): Promise<RecordingRecord[]>;
  listForOwner(ownerId: string): Promise<RecordingRecord[]>;
  /** Those still marked as recording or processing (a crash or restart left them so). */
  listUnfinished(): Promise<RecordingRecord[]>;
  /** Marks it ready with its end, duration and size. */
  finish(recordingId: string, result: Pick<RecordingRecord, 'endedAt' | 'durationMs' | 'size'>): Promise<void>;
  /** A server recording's progress: processing, failed with its reason, its end. */
  update(recordingId: string, change: Partial<Pick<RecordingRecord, 'state' | 'endedAt' | 'durationMs' | 'size' | 'error'>>): Promise<void>;
  delete(recordingId: string): Promise<void>;
  deleteForMeeting(meetingId: string): Promise<void>;
}

/** Keys for the public API, by the hash of the key; an account's own (`userId`) or the server's (null). */
export interface ApiKeyRepository {
  create(key: ApiKeyRecord): Promise<void>;
  /** The key, revoked or not (the caller judges). */
  byHash(keyHash: string): Promise<ApiKeyRecord | null>;
  /** An account's keys (null: the server's), oldest first, revoked ones included. */
  listFor(userId: string | null): Promise<ApiKeyRecord[]>;
  /** Notes a use (`lastUsedAt`); nothing when there is no such key. */
  markUsed(id: string, at: string): Promise<void>;
  /** Revokes the key if it is this owner's and not revoked yet; false otherwise (nothing written). */
  revoke(id: string, userId: string | null, at: string): Promise<boolean>;
}

/** What an attempt to deliver changed. */
export type DeliveryOutcome = Pick<
  WebhookDeliveryRecord,
  'state' | 'attempts' | 'nextAttemptAt' | 'lastAttemptAt' | 'responseStatus' | 'error' | 'deliveredAt'
>;

/**
 * Accounts' webhook endpoints, and the deliveries to them: a persistent queue (a pending delivery
 * outlives a restart) that any number of server processes may work on at once, and the log.
 */
export interface WebhookRepository {
  createEndpoint(endpoint: WebhookEndpointRecord): Promise<void>;
  endpoint(userId: string, id: string): Promise<WebhookEndpointRecord | null>;
  /** The endpoint a delivery goes to, whoever's it is (the delivery worker). */
  endpointById(id: string): Promise<WebhookEndpointRecord | null>;
  /** An account's endpoints, oldest first. */
  listEndpoints(userId: string): Promise<WebhookEndpointRecord[]>;
  /** Deletes the account's endpoint and its deliveries; false when it has none such. */
  deleteEndpoint(userId: string, id: string): Promise<boolean>;
  enqueue(delivery: WebhookDeliveryRecord): Promise<void>;
  /**
   * Takes up to `limit` pending deliveries due at `now` (soonest first) and moves their
   * `nextAttemptAt` to `leaseUntil`, in one step: another process asking at once gets others, and
   * one whose worker died is due again when the lease lapses.
   */
  claimDue(now: string, leaseUntil: string, limit: number): Promise<WebhookDeliveryRecord[]>;
  /** Records an attempt's outcome (nothing when the delivery is gone, e.g. its endpoint deleted). */
  settle(id: string, outcome: DeliveryOutcome): Promise<void>;
  /** An endpoint's deliveries, newest first. */
  deliveries(endpointId: string, limit: number): Promise<WebhookDeliveryRecord[]>;
  /** Forgets settled deliveries made before `before`; how many went. */
  pruneSettled(before: string): Promise<number>;
}

/** What a reader may see of a chat: hosts see everything, guests what is for everyone. */
export interface ChatPageQuery {
  /** Only messages numbered below this. */
  before?: number | undefined;
  limit: number;
  includeHostOnly: boolean;
}

/** Each meeting's chat: append-only, numbered 1, 2, 3… in one order with no gaps. */
export interface ChatRepository {
  /** Stores the message as the meeting's next (its `seq`), durably, and returns it. */
  append(message: NewChatRecord): Promise<ChatRecord>;
  /** The newest `limit` messages the reader may see (before `before`, if given), oldest first, and whether there are earlier ones. */
  page(meetingId: string, query: ChatPageQuery): Promise<{ messages: ChatRecord[]; hasEarlier: boolean }>;
  /** A shared file's details, from the message that shared it. */
  findFile(meetingId: string, fileId: string): Promise<SharedFile | null>;
}

/** A fixed window of a rate limit for one key: opened by its first hit, `windowMs` long. */
export interface RateWindow {
  count: number;
  /** When the window opened (ms since the epoch). */
  start: number;
}

/** The counters behind the rate limits (limits/limits.ts), shared by every server process that uses this storage. */
export interface RateCounterRepository {
  /** Counts one hit of `key` under the limit `name`, opening a new window when the last one is over. */
  hit(name: string, key: string, windowMs: number, now: number): Promise<RateWindow>;
  /** The window as it stands, without counting; null when none is open. */
  peek(name: string, key: string, windowMs: number, now: number): Promise<RateWindow | null>;
  /** Forgets windows that are over; how many went. */
  sweep(now: number): Promise<number>;
  /** How many windows this process holds in memory (absent when they live in a database). */
  size?(): number;
}

/**
 * What the host decided about a live meeting that must outlive the node running it: the lock, and
 * who was let in (a key per admitted browser or phone, `grantKey|deviceId`), so that after a
 * failover a locked meeting stays locked and admitted guests do not wait again. Cleared when the
 * call empties (the lock) or ends (both).
 */
export interface RoomStateRepository {
  isLocked(meetingId: string): Promise<boolean>;
  setLocked(meetingId: string, locked: boolean): Promise<void>;
  admit(meetingId: string, key: string): Promise<void>;
  isAdmitted(meetingId: string, key: string): Promise<boolean>;
  /** Forgets the admissions of this browser or phone (keys ending in `|device`): the host removed them. */
  forgetDevice(meetingId: string, device: string): Promise<void>;
  /** The meeting ended, or its room emptied: its lock and admissions go. */
  clear(meetingId: string): Promise<void>;
  /**
   * What this process holds in memory (the lowdb mode's implementation; PostgreSQL's holds nothing):
   * the meetings with state, for the sweep, and the counts, for the memory census.
   */
  held?(): { meetingIds: string[]; locks: number; admittedMeetings: number; admittedBrowsers: number };
}
