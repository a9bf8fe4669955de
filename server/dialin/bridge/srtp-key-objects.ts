import { createSecretKey, KeyObject } from 'node:crypto';
import { SrtpSession } from 'werift';

/**
 * werift (0.25) hands its SRTP session keys to `createCipheriv`, `createDecipheriv` and
 * `createHmac` as Buffers, for every packet; Node turns a Buffer key into a key object on each
 * call, which costs several times the encryption itself (measured on Node 24: 128 µs per AES-CM
 * packet with its HMAC, 27 µs with KeyObjects; GCM 108 → 44 µs), on the main thread. Giving a
 * session's ciphers KeyObjects once, when it starts, is the same encryption for a fraction of the
 * work. No fork of werift: one wrapper around its Session.start (shared by SRTP and SRTCP), that
 * leaves werift as it was if its shape ever changes (the test then fails).
 */

const KEY_FIELDS = ['srtpSessionKey', 'srtcpSessionKey', 'srtpSessionAuthTag', 'srtcpSessionAuthTag'] as const;

interface StartedSession {
  localContext?: { cipher?: object };
  remoteContext?: { cipher?: object };
}

/** Replaces a werift cipher's Buffer keys by KeyObjects; how many it replaced. */
export function useKeyObjects(cipher: object | undefined): number {
  if (!cipher) return 0;
  const fields = cipher as Record<string, unknown>;
  let replaced = 0;
  for (const field of KEY_FIELDS) {
    const key = fields[field];
    if (Buffer.isBuffer(key)) {
      fields[field] = createSecretKey(key);
      replaced++;
    }
  }
  return replaced;
}

/** The session's ciphers, each key a KeyObject (to check the wrapper took effect). */
export function keysAreObjects(session: StartedSession): boolean {
  return [session.localContext?.cipher, session.remoteContext?.cipher].every(
    (cipher) => cipher && KEY_FIELDS.every((f) => !(f in cipher) || (cipher as Record<string, unknown>)[f] instanceof KeyObject),
  );
}

let installed = false;

/** From now on every SRTP/SRTCP session werift starts uses KeyObjects. False if werift's shape is not the expected one. */
export function installSrtpKeyObjects(): boolean {
  if (installed) return true;
  const session = Object.getPrototypeOf(SrtpSession.prototype) as { start?: (...args: unknown[]) => void } | null;
  const start = session?.start;
  if (!session || typeof start !== 'function') return false;
  session.start = function (this: StartedSession, ...args: unknown[]) {
    start.apply(this, args);
    useKeyObjects(this.localContext?.cipher);
    useKeyObjects(this.remoteContext?.cipher);
  };
  installed = true;
  return true;
}
