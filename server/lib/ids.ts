import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * 22 alphanumeric characters (131 random bits). Alphanumeric only, because
 * participant ids are PeerJS ids, which must not start or end with `-`/`_`.
 */
export function newId(length = 22): string {
  // Rejection sampling keeps every character uniform.
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** 256 random bits for secrets (tokens), url-safe. */
export const newSecret = () => randomBytes(32).toString('base64url');
