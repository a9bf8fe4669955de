/**
 * Every limit the server puts on what one person, address, account or meeting can do, in one
 * table: the routes take them from here, and docs/security.md lists them (a test checks that the
 * page and this table agree). Counted in fixed windows; `max` per `windowMs`.
 */
export interface Limit {
  max: number;
  windowMs: number;
  /** What is counted, per what: the README's words, and the 429's. */
  what: string;
  per: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const LIMITS = {
  failedSignInsPerIp: { max: 30, windowMs: 15 * MINUTE, what: 'wrong passwords', per: 'address' },
  failedSignInsPerAccount: { max: 10, windowMs: 15 * MINUTE, what: 'wrong passwords', per: 'account' },
  signUpsPerIp: { max: 20, windowMs: HOUR, what: 'new accounts', per: 'address' },
  meetingsPerAccount: { max: 60, windowMs: HOUR, what: 'new meetings', per: 'account' },
  meetingsPerIp: { max: 200, windowMs: HOUR, what: 'new meetings', per: 'address' },
  invitesPerAccount: { max: 30, windowMs: HOUR, what: 'email invitations', per: 'account' },
  joinsPerMeeting: { max: 100, windowMs: 10 * MINUTE, what: 'people entering (reloads not counted)', per: 'meeting' },
  joinsPerDevice: { max: 20, windowMs: 10 * MINUTE, what: 'entries (reloads not counted)', per: 'browser and meeting' },
  knocksPerIp: { max: 30, windowMs: 10 * MINUTE, what: 'requests to join', per: 'address' },
  knocksPerMeeting: { max: 100, windowMs: 10 * MINUTE, what: 'requests to join', per: 'meeting' },
  knocksPerDevice: { max: 10, windowMs: 10 * MINUTE, what: 'requests to join', per: 'browser and meeting' },
  chatPerParticipant: { max: 60, windowMs: 10_000, what: 'chat messages', per: 'participant' },
  chatPerDevice: { max: 60, windowMs: 10_000, what: 'chat messages', per: 'browser and meeting' },
  chatPerMeeting: { max: 100, windowMs: 10_000, what: 'chat messages', per: 'meeting' },
  uploadsPerIp: { max: 60, windowMs: 10 * MINUTE, what: 'file uploads', per: 'address' },
  mediaCheckReportsPerIp: { max: 120, windowMs: 10 * MINUTE, what: 'media-check reports', per: 'address' },
  wrongPinsPerNumber: { max: 10, windowMs: HOUR, what: 'wrong dial-in PINs', per: 'calling number' },
  wrongPinsPerMinute: { max: 20, windowMs: MINUTE, what: 'wrong dial-in PINs', per: 'server (all calls), per minute' },
  wrongPinsPerHour: { max: 300, windowMs: HOUR, what: 'wrong dial-in PINs', per: 'server (all calls), per hour' },
  apiRequestsPerKey: { max: 300, windowMs: MINUTE, what: 'API requests', per: 'API key' },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

/** Not a rate: how many guests may wait in one meeting's waiting room at once. */
export const WAITING_ROOM_CAPACITY = 50;
