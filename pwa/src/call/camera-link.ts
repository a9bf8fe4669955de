import type { MediaConnection } from 'peerjs';
import { untilIceUnderWay } from './until-connected.ts';

/** The camera call with one participant, as the mesh keeps it (peer-mesh.ts). */
export interface Link {
  call: MediaConnection;
  outgoing: boolean;
  /** When the call was placed or taken (Date.now()). */
  since: number;
}

/**
 * How far the camera call with a participant has come, as promises the join waits on: its offer
 * or answer sent (`described`), its ICE under way (`underWay`). Each resolves at once when there is
 * no such call.
 */
export function createLinkProgress(links: ReadonlyMap<string, Link>) {
  /**
   * Resolves once the camera call with them has its local description and PeerJS has sent it, or
   * is gone. PeerJS sends an offer or answer when `setLocalDescription` resolves, which is after the
   * `signalingstatechange` event's own microtasks: resolved from the event itself, whatever waits
   * on this (drawing the room) would run before the send. So a task later.
   */
  function described(remoteId: string): Promise<void> {
    const pc = links.get(remoteId)?.call.peerConnection;
    if (!pc || typeof pc.addEventListener !== 'function' || pc.localDescription || pc.signalingState === 'closed') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (!pc.localDescription && pc.signalingState !== 'closed') return;
        pc.removeEventListener('signalingstatechange', done);
        setTimeout(resolve, 0);
      };
      pc.addEventListener('signalingstatechange', done);
    });
  }

  /**
   * Resolves once the camera call with them is under way (ICE checking, `untilIceUnderWay`), or is
   * gone: drawing before it held the answer's and the candidates' messages back.
   */
  function underWay(remoteId: string): Promise<void> {
    const pc = links.get(remoteId)?.call.peerConnection;
    if (!pc || typeof pc.addEventListener !== 'function') return Promise.resolve();
    return untilIceUnderWay(pc);
  }

  return { described, underWay };
}
