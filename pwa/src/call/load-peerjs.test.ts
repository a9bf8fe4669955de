import { Peer } from 'peerjs';
import { describe, expect, it } from 'vitest';
import { loadPeerJs } from './peer-mesh.ts';

describe('loadPeerJs', () => {
  it('gives PeerJS’s Peer at once, not a promise: the PeerJS socket is made in the task that opens the links', () => {
    expect(loadPeerJs()).toBe(Peer);
  });
});
