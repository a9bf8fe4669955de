import { t } from '../i18n/i18n.ts';
import { Peer, type MediaConnection, type PeerOptions } from 'peerjs';

export type PeerClass = new (id: string, options: PeerOptions) => Peer;

/**
 * PeerJS's `Peer`, imported with the app's own modules (not a chunk imported on the call's first
 * ask, which settled in a task of its own that a page busy with its first render held back: a
 * reload's PeerJS socket opened 23–45 ms after its room channel), and given at once, not in a
 * microtask: so the PeerJS socket is made in the same task as the call's room channel and before
 * it (open-links.ts says why that order).
 */
export const loadPeerJs = (): PeerClass => Peer;

export interface PeerSocketDeps {
  selfId: string;
  /** The signalling socket's first credential (a reservation's or a participant's token). */
  token: string;
  peerPath: string;
  peerKey: string;
  /** The RTCPeerConnection settings of every call (PeerJS's `config`), from the mesh. */
  rtcConfig: () => RTCConfiguration;
  /** Gives the PeerJS Peer class: the real one (`loadPeerJs`) unless a test passes a fake. */
  loadPeer?: () => PeerClass;
  /** Where incoming calls go (the mesh's call screening). */
  screening: { offer(call: MediaConnection): void };
  /** Whether the mesh is disposed: nothing reconnects then. */
  disposed: () => boolean;
  onError?: (message: string) => void;
  /** Our PeerJS socket is open again after being lost (recreated or reconnected). */
  onPeerReopened?: () => void;
}

/**
 * The mesh's PeerJS `Peer`, its socket to the PeerServer: opened once (`open`), kept open
 * after drops (reconnected with backoff, or rebuilt with the same id and token when PeerJS
 * destroyed it), and given the token it reconnects with (`setToken`). Part of the mesh
 * (peer-mesh.ts), which places and answers the calls on it.
 */
export function createPeerSocket(options: PeerSocketDeps) {
  let peer: Peer | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let reconnectAttempt = 0;
  /** The signalling socket's credential (see setToken). */
  let token = options.token;

  /**
   * The PeerJS socket dropped. `reconnect()` with backoff; a peer that got destroyed
   * (it happens after some network errors, and then reconnect does nothing) is rebuilt
   * with the same id and token, which the PeerServer accepts at once.
   */
  function scheduleReconnect(p: Peer) {
    if (options.disposed() || reconnectTimer || peer !== p) return;
    const delay = Math.min(5_000, 500 * 2 ** reconnectAttempt++);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      if (options.disposed() || peer !== p) return;
      if (p.destroyed) {
        void createPeer().catch(() => scheduleReconnect(peer!));
        return;
      }
      if (p.disconnected) {
        try {
          p.reconnect();
        } catch {
          /* the socket error comes as an event */
        }
        // If nothing happened (a known PeerJS failure mode), try again later.
        setTimeout(() => p.disconnected && !p.destroyed && scheduleReconnect(p), 4_000);
      }
    }, delay);
  }

  async function open(): Promise<void> {
    await createPeer();
  }

  async function createPeer(): Promise<void> {
    // The class is at hand: the socket is made in this task, before `open` returns.
    const PeerClass = (options.loadPeer ?? loadPeerJs)();
    const secure = location.protocol === 'https:';
    const peerOptions: PeerOptions = {
      host: location.hostname,
      port: Number(location.port) || (secure ? 443 : 80),
      secure,
      path: options.peerPath.endsWith('/') ? options.peerPath : `${options.peerPath}/`,
      key: options.peerKey,
      token,
      config: options.rtcConfig(),
      debug: 0,
    };
    const previous = peer;
    const p = new PeerClass(options.selfId, peerOptions);
    peer = p;
    const reopened = previous !== null;
    p.on('call', (call) => options.screening.offer(call));
    p.on('disconnected', () => scheduleReconnect(p));
    p.on('close', () => scheduleReconnect(p));
    p.on('open', () => {
      const wasLost = reconnectAttempt > 0;
      reconnectAttempt = 0;
      if (wasLost || reopened) options.onPeerReopened?.();
    });
    await new Promise<void>((resolve, reject) => {
      p.once('open', () => resolve());
      p.once('error', (error) => reject(error));
    });
    p.on('error', (error) => {
      const type = (error as { type?: string }).type;
      // peer-unavailable: the other side left meanwhile; the room channel tells us.
      if (type === 'peer-unavailable') return;
      // Lost the signalling server: reconnecting quietly (the room shows "Reconnecting…").
      if (type === 'network' || type === 'socket-error' || type === 'socket-closed' || type === 'server-error' || type === 'disconnected') {
        scheduleReconnect(p);
        return;
      }
      options.onError?.(t('call.connectionProblem', { reason: error.message }));
    });
  }

  return {
    /** The Peer of the moment (none before `open`, or once destroyed). */
    peer: () => peer,
    open,
    /**
     * The credential for the next (re)connection of the signalling socket: a page whose socket
     * opened with its reservation's token (rooms/reservations.ts) goes on with its participant token.
     */
    setToken(next: string) {
      token = next;
      if (peer) peer.options.token = next;
    },
    /** No reconnect is scheduled any more (the mesh is disposed). */
    stopReconnecting() {
      if (reconnectTimer) clearTimeout(reconnectTimer);
    },
    destroy() {
      peer?.destroy();
      peer = null;
    },
  };
}
