import { createHmac } from 'node:crypto';
import { newSecret } from '../lib/ids.ts';
import { timingSafeEqualText } from '../lib/timing-safe.ts';

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
  redeemed: boolean;
}

/**
 * Single-use tickets from the PIN webhook to the Media Stream, one per call. Twilio's stream
 * URL takes no query string, so the ticket travels as a `<Parameter>` and comes back in
 * `start.customParameters`; only Twilio (who fetched our signed-for TwiML) knows it.
 * A replayed PIN webhook for the same CallSid gets the same ticket back while it is unused,
 * and nothing once it was used: a signed request cannot mint a second way in.
 */
export function createTicketBook({
  ttlMs = 60_000,
  usedTtlMs = 6 * 60 * 60_000,
  now = () => Date.now(),
  maxEntries = 10_000,
  secret = null as string | null,
  resumeTtlMs = 24 * 60 * 60_000,
} = {}) {
  /** By CallSid, oldest first; at most `maxEntries` (the oldest go first: a flood of calls cannot grow it). */
  const entries = new Map<string, Entry>();
  /**
   * With a secret shared by every node (CLUSTER_SECRET), a ticket is signed: the PIN webhook may
   * land on one node and the Media Stream (routed by the meeting in its path) on another, which
   * accepts it once, before it expires, for this call only.
   */
  const mac = (body: string) => createHmac('sha256', secret!).update(`call-ticket:${body}`).digest('base64url');
  const mint = (ticket: CallTicket, expiresAt: number) => {
    if (!secret) return newSecret();
    const body = Buffer.from(JSON.stringify([ticket.meetingId, ticket.callSid, ticket.caller ?? null, expiresAt])).toString('base64url');
    return `${body}.${mac(body)}`;
  };
  const signed = (token: string, callSid: string): Entry | null => {
    const dot = token.indexOf('.');
    if (!secret || dot <= 0 || !timingSafeEqualText(mac(token.slice(0, dot)), token.slice(dot + 1))) return null;
    try {
      const [meetingId, sid, caller, expiresAt] = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString());
      if (sid !== callSid || typeof expiresAt !== 'number' || expiresAt <= now()) return null;
      return { meetingId, callSid: sid, caller: caller ?? undefined, secret: token, expiresAt, redeemed: false };
    } catch {
      return null;
    }
  };

  /** A call back after its stream closed (resume): long-lived (a call may last hours), signed, bound to the call. */
  const resumeMac = (body: string) => createHmac('sha256', secret!).update(`call-resume:${body}`).digest('base64url');

  /** Drops expired tickets (on every use, and from the server's memory sweep); how many went. */
  const sweep = () => {
    const t = now();
    let gone = 0;
    for (const [key, entry] of entries) {
      if (entry.expiresAt > t) continue;
      entries.delete(key);
      gone++;
    }
    return gone;
  };

  return {
    /** The call's ticket (the same one again for a replay), or null if this call already used one. */
    issue(ticket: CallTicket): string | null {
      sweep();
      const existing = entries.get(ticket.callSid);
      if (existing) return existing.redeemed || existing.meetingId !== ticket.meetingId ? null : existing.secret;
      const expiresAt = now() + ttlMs;
      const token = mint(ticket, expiresAt);
      entries.set(ticket.callSid, { ...ticket, secret: token, expiresAt, redeemed: false });
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
      return token;
    },
    /** The ticket, once, if it is known, unexpired and for this call. */
    redeem(secret: string, callSid: string): CallTicket | null {
      sweep();
      // Issued by another node: known here by its signature, then remembered as any other.
      if (!entries.has(callSid)) {
        const other = signed(secret, callSid);
        if (other) entries.set(callSid, other);
      }
      const entry = entries.get(callSid);
      if (!entry || entry.redeemed || !timingSafeEqualText(entry.secret, secret)) return null;
      // Remembered a while as used, so a replay of the PIN webhook finds it.
      entry.redeemed = true;
      entry.expiresAt = now() + usedTtlMs;
      return { meetingId: entry.meetingId, callSid: entry.callSid, caller: entry.caller };
    },
    /** A fresh ticket for a call coming back (its token checked by the caller of this): replaces any used one. */
    reissue(ticket: CallTicket): string {
      entries.delete(ticket.callSid);
      const expiresAt = now() + ttlMs;
      const token = mint(ticket, expiresAt);
      entries.set(ticket.callSid, { ...ticket, secret: token, expiresAt, redeemed: false });
      return token;
    },
    /** The token of the `<Redirect>` after `</Connect>`: null without a shared secret (one node: nowhere to resume). */
    resumeToken(ticket: CallTicket): string | null {
      if (!secret) return null;
      const body = Buffer.from(JSON.stringify([ticket.meetingId, ticket.callSid, ticket.caller ?? null, now() + resumeTtlMs])).toString(
        'base64url',
      );
      return `${body}.${resumeMac(body)}`;
    },
    /** The call a resume token is for, if it is signed by us, unexpired and this call's. */
    verifyResume(token: string, callSid: string): CallTicket | null {
      const dot = token.indexOf('.');
      if (!secret || dot <= 0 || !timingSafeEqualText(resumeMac(token.slice(0, dot)), token.slice(dot + 1))) return null;
      try {
        const [meetingId, sid, caller, expiresAt] = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString());
        if (typeof meetingId !== 'string' || sid !== callSid || typeof expiresAt !== 'number' || expiresAt <= now()) return null;
        return { meetingId, callSid: sid, caller: typeof caller === 'string' ? caller : undefined };
      } catch {
        return null;
      }
    },
    sweep,
    size: () => entries.size,
  };
}

export type TicketBook = ReturnType<typeof createTicketBook>;
