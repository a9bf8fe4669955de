import type { RemovedGuest } from './records.ts';

/** Who a guest is, as far as a removal can recognise them. */
export interface GuestIdentity {
  inviteId: string | null;
  deviceId: string | null;
  /** A phone caller: hash of their number (null for browsers and withheld numbers). */
  phone?: string | null;
}

/**
 * Does this removal name this guest: the same personal invite (any browser), the same browser
 * (any link), or the same phone number? The rule the PostgreSQL repository writes in SQL too.
 */
export function removalMatches(removal: RemovedGuest, who: GuestIdentity): boolean {
  return (
    (removal.inviteId !== null && removal.inviteId === who.inviteId) ||
    (removal.deviceId !== null && removal.deviceId === who.deviceId) ||
    (Boolean(removal.phone) && removal.phone === who.phone)
  );
}
