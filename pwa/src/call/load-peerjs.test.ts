import { Peer } from 'peerjs';
import { describe, expect, it } from 'vitest';
import { loadPeerJs } from './peer-mesh.ts';

describe('loadPeerJs', () => {
  it('gives PeerJS’s Peer in a microtask, without an import() of its own', async () => {
    let settled = false;
    const loaded = loadPeerJs().then((peer) => {
      settled = true;
      return peer;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(true);
    expect(await loaded).toBe(Peer);
  });
});
