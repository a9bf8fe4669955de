import { createHmac, randomBytes } from 'node:crypto';
import { timingSafeEqualText } from '../lib/timing-safe.ts';

/** What a participant token says: who was let into which meeting, as what, holding which grant. */
export interface ParticipantClaim {
  meetingId: string;
  participantId: string;
  role: string;
  name: string;
  /** How they were let in (access/room-access.ts grant key), re-checked on every node. */
  grant: string;
  /** Their browser (x-device-id), for removals remembered against it; null when unknown. */
  deviceId: string | null;
}

/**
 * Participant tokens (also the rejoin ticket a page keeps) signed with HMAC-SHA256, so that any
 * node holding the same secret (CLUSTER_SECRET) can tell one it never issued is genuine and
 * rebuild the participant from it after a failover, without a database round trip per join.
 * Without a shared secret each process draws its own: tokens stay unforgeable, but only the
 * process that issued them accepts them (one node, as before).
 */
export function createParticipantTokens(secret: string | null = null) {
  const key = secret ?? randomBytes(32).toString('base64url');
  const mac = (body: string) => createHmac('sha256', key).update(body).digest('base64url');
  return {
    sign(claim: ParticipantClaim): string {
      const body = Buffer.from(
        JSON.stringify([1, claim.meetingId, claim.participantId, claim.role, claim.name, claim.grant, claim.deviceId]),
      ).toString('base64url');
      return `${body}.${mac(body)}`;
    },
    /** The claim, if this token was signed with our secret; null for anything else. */
    verify(token: string): ParticipantClaim | null {
      const dot = token.indexOf('.');
      if (dot <= 0 || token.length > 1024) return null;
      const body = token.slice(0, dot);
      if (!timingSafeEqualText(mac(body), token.slice(dot + 1))) return null;
      try {
        const [v, meetingId, participantId, role, name, grant, deviceId] = JSON.parse(Buffer.from(body, 'base64url').toString());
        if (v !== 1) return null;
        return { meetingId, participantId, role, name, grant, deviceId };
      } catch {
        return null;
      }
    },
  };
}

export type ParticipantTokens = ReturnType<typeof createParticipantTokens>;
