/**
 * Test helpers (tests only) for the peer mesh: a page's mesh on the fake PeerJS network, with
 * a roster the test controls (who may send a camera call, who a screen) and what the mesh
 * reported (links lost, PeerServer reopened, errors).
 */
import type { CallKind, ScreeningVerdict } from '../../pwa/src/call/call-screening.ts';
import { createPeerMesh, type PeerMeshOptions } from '../../pwa/src/call/peer-mesh.ts';
import { fakeStream } from './fake-media.ts';
import { usePageEnvironment } from './page-environment.ts';
import type { FakeMediaConnection, FakePeerNetwork } from './fake-peerjs.ts';

/** Fake timers, the page's address, quiet warnings (see page-environment.ts). */
export const useMeshTestEnvironment = () => usePageEnvironment();

/** One page's mesh on the fake network, with what it reported. */
export async function meshOf(net: FakePeerNetwork, selfId: string, options: Partial<PeerMeshOptions> = {}) {
  const camera = fakeStream('audio', 'video');
  const lost: string[] = [];
  const errors: string[] = [];
  let reopened = 0;
  /** Who this page lets in: camera calls from these ids, screen calls from `sharing`. */
  const allowed = new Set<string>();
  const sharing = new Set<string>();
  const asked: [string, CallKind][] = [];
  const mesh = createPeerMesh({
    selfId,
    token: `token-${selfId}`,
    peerPath: '/peerjs',
    peerKey: 'meeting',
    iceServers: [{ urls: 'stun:stun.example.org' }],
    localStream: () => camera,
    onLinkLost: (id) => lost.push(id),
    onPeerReopened: () => reopened++,
    onError: (m) => errors.push(m),
    screen: (id, kind): ScreeningVerdict => {
      asked.push([id, kind]);
      if (kind === 'camera') return allowed.has(id) ? 'answer' : 'wait';
      return sharing.has(id) ? 'answer' : 'wait';
    },
    loadPeer: net.loadPeer,
    ...options,
  });
  await mesh.open();
  return {
    mesh,
    camera,
    lost,
    errors,
    allowed,
    sharing,
    asked,
    reopened: () => reopened,
    peer: () => net.peer(selfId)!,
  };
}

/** The two ends of the newest call from `from` to `to`. */
export function lastCall(net: FakePeerNetwork, from: string, to: string): { caller: FakeMediaConnection; callee: FakeMediaConnection } {
  const offer = net.offers.filter((o) => o.from === from && o.to === to).at(-1);
  if (!offer) throw new Error(`no call from ${from} to ${to}`);
  return { caller: offer.call, callee: offer.call.other };
}
