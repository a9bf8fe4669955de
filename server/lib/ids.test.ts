import { describe, expect, it } from 'vitest';
import { newId, newSecret } from './ids.ts';

describe('ids', () => {
  it('are alphanumeric, 22 characters, and valid PeerJS ids', () => {
    const peerJsId = /^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/; // peerjs util.validateId
    for (let i = 0; i < 2000; i++) {
      const id = newId();
      expect(id).toMatch(/^[A-Za-z0-9]{22}$/);
      expect(id).toMatch(peerJsId);
    }
  });
  it('do not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId()));
    expect(ids.size).toBe(10_000);
  });
  it('secrets carry 256 bits', () => {
    expect(Buffer.from(newSecret(), 'base64url')).toHaveLength(32);
  });
});
