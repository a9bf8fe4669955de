import { randomBytes } from 'node:crypto';
import { RTCPeerConnection } from 'werift';
import { describe, expect, it } from 'vitest';
import { installNativeX25519, nativeKeyPair, nativeScalarMult, weriftNacl } from './x25519-native.ts';

/** Offer/answer between two werift connections in this process; resolves when both are connected. */
async function connectPair(): Promise<void> {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  try {
    a.createDataChannel('x');
    const connected = (pc: RTCPeerConnection) =>
      new Promise<void>((resolve, reject) =>
        pc.connectionStateChange.subscribe((state) => {
          if (state === 'connected') resolve();
          if (state === 'failed') reject(new Error('failed'));
        }),
      );
    const both = Promise.all([connected(a), connected(b)]);
    await a.setLocalDescription(await a.createOffer());
    await new Promise((r) => setTimeout(r, 0));
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription!);
    await both;
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}

describe("X25519 in OpenSSL for werift's DTLS", () => {
  it('gives the shared secret tweetnacl gives, for random keys', () => {
    const nacl = weriftNacl();
    for (let i = 0; i < 20; i++) {
      const [n, p] = [randomBytes(32), nacl.scalarMult.base(randomBytes(32))];
      expect(Buffer.from(nativeScalarMult(n, p))).toEqual(Buffer.from(nacl.scalarMult(n, p)));
    }
  });

  it("makes key pairs whose public key is tweetnacl's for their secret key", () => {
    const nacl = weriftNacl();
    const pair = nativeKeyPair();
    expect(pair.secretKey.buffer.byteLength).toBe(32); // werift reads `.buffer`
    expect(pair.publicKey.buffer.byteLength).toBe(32);
    expect(Buffer.from(pair.publicKey)).toEqual(Buffer.from(nacl.scalarMult.base(pair.secretKey)));
  });

  it('answers a low-order point as tweetnacl does (OpenSSL refuses it)', () => {
    expect(installNativeX25519()).toBe(true);
    expect(Buffer.from(weriftNacl().scalarMult(randomBytes(32), new Uint8Array(32)))).toEqual(Buffer.alloc(32));
  });

  it('is what werift calls in a DTLS handshake, and the handshake completes (fails if werift stops using tweetnacl)', async () => {
    expect(installNativeX25519()).toBe(true);
    const nacl = weriftNacl();
    const { scalarMult } = nacl;
    let calls = 0;
    nacl.scalarMult = Object.assign((n: Uint8Array, p: Uint8Array) => {
      calls++;
      return scalarMult(n, p);
    }, scalarMult);
    try {
      await connectPair();
    } finally {
      nacl.scalarMult = scalarMult;
    }
    expect(calls).toBeGreaterThanOrEqual(2); // one each side
  }, 20_000);
});
