/** The shape of everything we persist. Bump `version` and add a migration when it changes. */
export interface MeetingRecord {
  id: string;
  ownerId: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
  createdAt: string;
  /** Telephone dial-in PIN, digits only; given on first use, so older records have none. */
  dialInPin?: string;
  /** The shared guest link's secret; replaced (and so revoked) by "new link". */
  linkToken: string;
  /** Guests wait for the host to admit them (issue 14); records from before it have none: off. */
  waitingRoom?: boolean;
  /** Set by "End call for everyone"; the host entering again clears it (see host-controls/entry-policy.ts). */
  endedAt?: string;
  /** Guests the host removed: they wait for the host to readmit them, whatever the waiting-room setting. */
  removedGuests?: RemovedGuest[];
}

/** A removal, remembered against the guest's personal invite and/or their browser's device id. */
export interface RemovedGuest {
  name: string;
  inviteId: string | null;
  deviceId: string | null;
  at: string;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  /** scrypt: `scrypt$N$r$p$salt$hash` (base64url). */
  passwordHash: string;
  createdAt: string;
  features: { backgroundBlur: boolean; recording: boolean };
}

export interface SessionRecord {
  /** sha256 of the session token: a leaked data file does not leak sessions. */
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

export interface InviteRecord {
  id: string;
  meetingId: string;
  /** The guest's personal link secret. */
  token: string;
  guestName: string;
  guestEmail: string;
  timeZone: string | null;
  state: 'sent' | 'failed' | 'joined' | 'revoked';
  error: string | null;
  createdAt: string;
}

/** A call recording; its bytes are in `DATA_DIR/recordings/<meetingId>/<id>.webm`. */
export interface RecordingRecord {
  id: string;
  meetingId: string;
  /** The meeting's owner when it was recorded: only they may list, play, download or delete it. */
  ownerId: string;
  startedAt: string;
  /** Null while recording (a server restart finalises what it finds unfinished). */
  endedAt: string | null;
  durationMs: number;
  size: number;
  state: 'recording' | 'ready';
}

/** One switch changed on an account (by the operator page, the API or the admin CLI); never edited afterwards. */
export interface AuditRecord {
  id: string;
  at: string;
  /** The operator's email, or `cli:<os user>` for the admin CLI. */
  actor: string;
  accountId: string;
  /** As it was at the time (the account may be renamed or gone later). */
  accountEmail: string;
  change: { feature: keyof UserRecord['features']; from: boolean; to: boolean };
}

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
}

export const emptyStoreData = (): StoreData => ({ version: 1, users: [], sessions: [], meetings: [], invites: [], recordings: [], audit: [] });

/** Fills in collections added after a data file was written, so old files keep working. */
export function normaliseStoreData(raw: unknown): StoreData {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('the top level is not an object');
  }
  const data = { ...emptyStoreData(), ...(raw as Partial<StoreData>) };
  if (data.version !== 1) throw new Error(`unknown data version ${String(data.version)}`);
  for (const key of ['users', 'sessions', 'meetings', 'invites', 'recordings', 'audit'] as const) {
    if (!Array.isArray(data[key])) throw new Error(`"${key}" is not a list`);
  }
  return data;
}
