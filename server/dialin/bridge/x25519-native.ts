import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * werift (0.25) does its DTLS handshakes' X25519 with tweetnacl, in JavaScript: a key pair and
 * a shared secret cost about 4 ms of the thread per connection (the server's profile with 20
 * callers: 87 ms of set-up), where OpenSSL, through node:crypto, does both in tens of
 * microseconds. No fork of werift: tweetnacl's two functions werift calls are replaced in the
 * module werift itself loads, keeping tweetnacl's answers for what OpenSSL refuses (a peer's
 * low-order point, which tweetnacl turns into an all-zero secret) so the handshake behaves as
 * before.
 */

/** DER prefixes of a raw 32-byte X25519 key (RFC 8410): PKCS #8 private, SPKI public. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

type ScalarMult = ((n: Uint8Array, p: Uint8Array) => Uint8Array) & { base: (n: Uint8Array) => Uint8Array };

interface Nacl {
  scalarMult: ScalarMult;
  box: { keyPair: () => { publicKey: Uint8Array; secretKey: Uint8Array } };
}

/** X25519(n, p) as tweetnacl's scalarMult gives it: the 32-byte shared secret. */
export function nativeScalarMult(n: Uint8Array, p: Uint8Array): Uint8Array {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, n]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, p]), format: 'der', type: 'spki' });
  // A copy of its own: werift reads `.buffer` of what tweetnacl returns.
  return new Uint8Array(diffieHellman({ privateKey, publicKey }));
}

/** A fresh X25519 key pair, raw, as tweetnacl's box.keyPair gives it. */
export function nativeKeyPair(): { publicKey: Uint8Array; secretKey: Uint8Array } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const secret = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  return { publicKey: new Uint8Array(pub), secretKey: new Uint8Array(secret) };
}

/** The tweetnacl module werift uses (resolved from werift, so the same instance). */
export function weriftNacl(): Nacl {
  return createRequire(import.meta.resolve('werift'))('tweetnacl') as Nacl;
}

let installed = false;

/** From now on werift's X25519 runs in OpenSSL (in this thread's copy of werift). False if tweetnacl's shape is not the expected one. */
export function installNativeX25519(): boolean {
  if (installed) return true;
  const nacl = weriftNacl();
  const { scalarMult } = nacl;
  const keyPair = nacl.box?.keyPair;
  if (typeof scalarMult !== 'function' || typeof keyPair !== 'function') return false;
  // scalarMult.base and friends stay tweetnacl's.
  nacl.scalarMult = Object.assign((n: Uint8Array, p: Uint8Array) => {
    try {
      return nativeScalarMult(n, p);
    } catch {
      return scalarMult(n, p);
    }
  }, scalarMult);
  // box.keyPair.fromSecretKey and friends stay tweetnacl's.
  nacl.box.keyPair = Object.assign(() => nativeKeyPair(), keyPair);
  installed = true;
  return true;
}
