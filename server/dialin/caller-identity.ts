import { createHash } from 'node:crypto';

/**
 * A caller's number as we remember it (a removal, an admission): a hash, never the number.
 * Null for a withheld number. Normalised, so "+1 555 010 0199" and "+15550100199" match.
 */
export function callerHash(number: string | undefined): string | null {
  const digits = (number ?? '').replace(/[^\d+]/g, '');
  if (digits.replace(/\D/g, '').length < 3) return null;
  return createHash('sha256').update(`caller:${digits}`).digest('base64url').slice(0, 32);
}
