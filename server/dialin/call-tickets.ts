import { newSecret } from '../lib/ids';
import { timingSafeEqualText } from '../lib/timing-safe';

/** What a right PIN unlocked: one call into one meeting. */
export interface CallTicket {
  meetingId: string;
  callSid: string;
  /** The caller's number as Twilio gave it (`From`), if any. */
  caller: string | undefined;
}

interface Entry extends CallTicket {
  secret: string;
  expiresAt: number;
}

/**
 * Single-use tickets from the PIN webhook to the Media Stream. Twilio's stream URL
 * takes no query string, so the ticket travels as a `<Parameter>` and comes back in
 * `start.customParameters`; only Twilio (who fetched our signed-for TwiML) knows it.
 */
export function createTicketBook({ ttlMs = 60_000, now = () => Date.now() } = {}) {
  const entries = new Map<string, Entry>();

  const sweep = () => {
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  };

  return {
    issue(ticket: CallTicket): string {
      sweep();
      const secret = newSecret();
      entries.set(secret, { ...ticket, secret, expiresAt: now() + ttlMs });
      return secret;
    },
    /** The ticket, once, if it is known, unexpired and for this call. */
    redeem(secret: string, callSid: string): CallTicket | null {
      sweep();
      const entry = entries.get(secret);
      if (!entry) return null;
      entries.delete(secret);
      if (!timingSafeEqualText(entry.callSid, callSid)) return null;
      return { meetingId: entry.meetingId, callSid: entry.callSid, caller: entry.caller };
    },
  };
}

export type TicketBook = ReturnType<typeof createTicketBook>;
