import { describe, expect, it } from 'vitest';
import { loadPeerJs, providePeerJs, type PeerClass } from './peer-mesh.ts';

describe('loadPeerJs', () => {
  it('gives the Peer the app’s entry provided, in a microtask, without loading PeerJS', async () => {
    const Given = class {} as unknown as PeerClass;
    providePeerJs(Given);
    let settled = false;
    const loaded = loadPeerJs().then((peer) => {
      settled = true;
      return peer;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(true);
    expect(await loaded).toBe(Given);
  });
});
