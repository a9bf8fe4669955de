import { randomBytes } from 'node:crypto';
import { RtpHeader, SrtpSession } from 'werift';
import { describe, expect, it } from 'vitest';
import { installSrtpKeyObjects, keysAreObjects, useKeyObjects } from './srtp-key-objects.ts';

const AES_CM_HMAC_SHA1_80 = 1;
const AEAD_AES_128_GCM = 7;

/** Two ends of one SRTP association: each one's local keys are the other's remote keys. */
function pair(profile: number) {
  const [k1, s1, k2, s2] = [
    randomBytes(16),
    randomBytes(profile === AEAD_AES_128_GCM ? 12 : 14),
    randomBytes(16),
    randomBytes(profile === AEAD_AES_128_GCM ? 12 : 14),
  ];
  const a = new SrtpSession({ profile, keys: { localMasterKey: k1, localMasterSalt: s1, remoteMasterKey: k2, remoteMasterSalt: s2 } });
  const b = new SrtpSession({ profile, keys: { localMasterKey: k2, localMasterSalt: s2, remoteMasterKey: k1, remoteMasterSalt: s1 } });
  return { a, b };
}

const header = (sequenceNumber: number) =>
  new RtpHeader({ payloadType: 111, sequenceNumber, timestamp: sequenceNumber * 960, ssrc: 0x1234_5678, marker: false });

describe('SRTP with KeyObjects (werift keys made once per session)', () => {
  it.each([
    ['AES-CM + HMAC-SHA1-80', AES_CM_HMAC_SHA1_80],
    ['AEAD AES-128-GCM', AEAD_AES_128_GCM],
  ])('%s: packets are the same both ways between a converted end and a plain one', (_, profile) => {
    const { a, b } = pair(profile);
    expect(useKeyObjects(a.localContext.cipher) + useKeyObjects(a.remoteContext.cipher)).toBeGreaterThan(0);
    expect(keysAreObjects(a)).toBe(true);
    for (let seq = 65_530; seq < 65_545; seq++) {
      const payload = randomBytes(80);
      expect(b.decrypt(a.encrypt(payload, header(seq & 0xffff))).subarray(12)).toEqual(payload);
      expect(a.decrypt(b.encrypt(payload, header(seq & 0xffff))).subarray(12)).toEqual(payload);
    }
  });

  it("takes effect on every session werift starts (fails if werift's shape changed)", () => {
    expect(installSrtpKeyObjects()).toBe(true);
    const { a } = pair(AES_CM_HMAC_SHA1_80);
    expect(keysAreObjects(a)).toBe(true);
  });
});
