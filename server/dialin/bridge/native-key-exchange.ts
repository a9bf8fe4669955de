import { createECDH, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { p256 } from '@noble/curves/p256';
import nacl from 'tweetnacl';

/**
 * werift (0.25) does its DTLS key exchange in JavaScript: X25519 through tweetnacl (a key pair
 * about 13 ms, a shared secret 5 ms) and P-256 key pairs through @noble/curves (about 30 ms),
 * measured on this machine under load, on the main thread, at every call's setup — while the other
 * callers' audio waits. Node does both in OpenSSL in well under a millisecond. werift's bundle
 * calls these libraries through their (mutable) module objects, so giving those objects native
 * versions of the same functions, with the same inputs and outputs, makes every handshake native:
 * no fork of werift. P-256's shared secret stays as it is (Node gives only its x coordinate, the
 * library's answer carries the y parity too; browsers choose X25519 anyway).
 */

/** DER framing of a raw X25519 key (RFC 8410): what Node needs to make a key object of 32 bytes. */
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');

/** X25519(scalar, point) (RFC 7748), as `nacl.scalarMult`: 32 bytes each way. */
export function x25519(scalar: Uint8Array, point: Uint8Array): Uint8Array {
  if (scalar.length !== 32 || point.length !== 32) throw new Error('bad size');
  const privateKey = createPrivateKey({ key: Buffer.concat([X25519_PKCS8, scalar]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey({ key: Buffer.concat([X25519_SPKI, point]), format: 'der', type: 'spki' });
  return new Uint8Array(diffieHellman({ privateKey, publicKey }));
}

/** A fresh X25519 key pair, as `nacl.box.keyPair`. */
export function x25519KeyPair(): { publicKey: Uint8Array; secretKey: Uint8Array } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return { secretKey: new Uint8Array(der.subarray(der.length - 32)), publicKey: new Uint8Array(spki.subarray(spki.length - 32)) };
}

/** P-256 public key of a private key, as `p256.getPublicKey` (compressed unless asked otherwise). */
export function p256PublicKey(privateKey: Uint8Array | string, isCompressed = true): Uint8Array {
  if (typeof privateKey === 'string' || privateKey.length !== 32) return original.getPublicKey(privateKey, isCompressed);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(privateKey);
  return new Uint8Array(ecdh.getPublicKey(null, isCompressed ? 'compressed' : 'uncompressed'));
}

const original = { scalarMult: nacl.scalarMult, keyPair: nacl.box.keyPair, getPublicKey: p256.getPublicKey };
let installed = false;
let exchanges = 0;

/** X25519 shared secrets computed through the installed functions (tests: proves werift uses them). */
export const nativeExchanges = () => exchanges;

/** From now on werift's DTLS key exchange (and anything else using these functions) runs in OpenSSL. */
export function installNativeKeyExchange(): void {
  if (installed) return;
  const scalarMult = Object.assign(
    (n: Uint8Array, p: Uint8Array) => {
      exchanges++;
      return x25519(n, p);
    },
    {
      base: original.scalarMult.base,
      scalarLength: original.scalarMult.scalarLength,
      groupElementLength: original.scalarMult.groupElementLength,
    },
  );
  nacl.scalarMult = scalarMult;
  nacl.box.keyPair = Object.assign(x25519KeyPair, { fromSecretKey: original.keyPair.fromSecretKey });
  (p256 as { getPublicKey: typeof p256PublicKey }).getPublicKey = p256PublicKey;
  installed = true;
}

/** Puts the libraries back (tests). */
export function uninstallNativeKeyExchange(): void {
  nacl.scalarMult = original.scalarMult;
  nacl.box.keyPair = original.keyPair;
  (p256 as { getPublicKey: unknown }).getPublicKey = original.getPublicKey;
  installed = false;
}
