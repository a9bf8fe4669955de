import { signal, type ReadonlySignal } from '@preact/signals';
import type { MediaConnection } from 'peerjs';
import type { LinkStatus } from '../network/connection-verdict.ts';
import { watchConnection, type ConnectionWatch } from '../network/watch-connection.ts';
import type { Link } from './camera-link.ts';
import { setEntry } from './signal-map.ts';

export interface LinkWatchDeps {
  /** The mesh's camera calls: a call no longer its participant's is watched no more. */
  links: ReadonlyMap<string, Link>;
  /** A camera call not connected after this long counts as failed. */
  connectTimeoutMs?: number;
  /** A call whose connection stays `disconnected` this long is replaced by a new one. */
  disconnectedGraceMs?: number;
}

/**
 * Watches the mesh's camera calls (peer-mesh.ts): how each is doing, for its tile (`linkStatus`,
 * from watch-connection.ts), and closing one whose connection dropped for good, so that the link
 * keeper calls again.
 */
export function createLinkWatch(options: LinkWatchDeps) {
  const { links } = options;
  /** How each camera call is doing (kept after a failure, so the tile can say so). */
  const linkStatus = signal<ReadonlyMap<string, LinkStatus>>(new Map());
  const watches = new Map<string, { call: MediaConnection; watch: ConnectionWatch }>();

  const setStatus = (id: string, value: LinkStatus | null) => setEntry(linkStatus, id, value);

  function unwatch(remoteId: string) {
    watches.get(remoteId)?.watch.stop();
    watches.delete(remoteId);
    setStatus(remoteId, null);
  }

  /** Follows the call's ICE once its RTCPeerConnection exists (after `call`, or after `answer`). */
  function watch(remoteId: string, call: MediaConnection) {
    const pc = call.peerConnection;
    if (!pc || links.get(remoteId)?.call !== call) return;
    unwatch(remoteId);
    const w = watchConnection(pc, {
      timeoutMs: options.connectTimeoutMs,
      onStatus: (status) => watches.get(remoteId)?.call === call && setStatus(remoteId, status),
    });
    watches.set(remoteId, { call, watch: w });
    setStatus(remoteId, w.status);
  }

  /**
   * ICE failed, or stayed disconnected longer than a blip (a network change, a long drop):
   * PeerJS does not give up on its own soon enough; we close the call and the link keeper
   * calls again. A short blip that recovers by itself keeps the call.
   */
  function closeWhenDropped(remoteId: string, call: MediaConnection) {
    let disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
    const pc = call.peerConnection;
    pc?.addEventListener('connectionstatechange', () => {
      const state = pc.connectionState;
      if (disconnectedTimer) clearTimeout(disconnectedTimer);
      disconnectedTimer = null;
      if (links.get(remoteId)?.call !== call) return;
      if (state === 'failed') call.close();
      else if (state === 'disconnected') {
        disconnectedTimer = setTimeout(() => {
          if (links.get(remoteId)?.call === call && pc.connectionState === 'disconnected') call.close();
        }, options.disconnectedGraceMs ?? 6_000);
      }
    });
  }

  return {
    linkStatus: linkStatus as ReadonlySignal<ReadonlyMap<string, LinkStatus>>,
    watch,
    unwatch,
    closeWhenDropped,
    /** The call with them failed (PeerJS's error): its watch, if it is this call's, gives up. */
    gaveUp(remoteId: string, call: MediaConnection) {
      const watched = watches.get(remoteId);
      if (watched?.call === call) watched.watch.gaveUp();
    },
    /** Stops every watch (the mesh is disposed). */
    unwatchAll() {
      for (const id of [...watches.keys()]) unwatch(id);
    },
  };
}
