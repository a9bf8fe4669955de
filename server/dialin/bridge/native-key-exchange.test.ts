import { randomBytes } from 'node:crypto';
import { p256 } from '@noble/curves/p256';
import nacl from 'tweetnacl';
import { RTCPeerConnection } from 'werift';
import { afterAll, describe, expect, it } from 'vitest';
import {
  installNativeKeyExchange,
  nativeExchanges,
  p256PublicKey,
  uninstallNativeKeyExchange,
  x25519,
  x25519KeyPair,
} from './native-key-exchange.ts';

const plain = { scalarMult: nacl.scalarMult, getPublicKey: p256.getPublicKey };

describe('DTLS key exchange in OpenSSL (werift through its libraries)', () => {
  afterAll(() => uninstallNativeKeyExchange());

  it('computes what tweetnacl and noble compute', () => {
    for (let i = 0; i < 20; i++) {
      const a = new Uint8Array(randomBytes(32));
      const b = new Uint8Array(randomBytes(32));
      const pointB = plain.scalarMult.base(b);
      expect(x25519(a, pointB)).toEqual(plain.scalarMult(a, pointB));
      const pair = x25519KeyPair();
      expect(pair.publicKey).toEqual(plain.scalarMult.base(pair.secretKey));
      const priv = p256.utils.randomPrivateKey();
      expect(p256PublicKey(priv, false)).toEqual(plain.getPublicKey(priv, false));
      expect(p256PublicKey(priv)).toEqual(plain.getPublicKey(priv));
    }
    expect(() => x25519(new Uint8Array(31), new Uint8Array(32))).toThrow();
  });

  it("werift's handshakes use it (fails if werift carries its own copy of the libraries)", async () => {
    installNativeKeyExchange();
    const before = nativeExchanges();
    const [a, b] = [new RTCPeerConnection(), new RTCPeerConnection()];
    try {
      a.createDataChannel('probe');
      const connected = (pc: RTCPeerConnection) =>
        new Promise<void>((resolve) => pc.connectionStateChange.subscribe((state) => state === 'connected' && resolve()));
      const both = Promise.all([connected(a), connected(b)]);
      await a.setLocalDescription(await a.createOffer());
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription(await b.createAnswer());
      await a.setRemoteDescription(b.localDescription!);
      await both;
      // Each end derives the shared secret once.
      expect(nativeExchanges() - before).toBeGreaterThanOrEqual(2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 30_000);
});
