import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import express from 'express';
import { ExpressPeerServer } from 'peer';
import { WebSocket, WebSocketServer, type RawData, type ServerOptions } from 'ws';
import { meetingOfPeerSocketPath, PEER_MOUNT } from '../../shared/peerjs/peer-path.ts';
import { rejectUpgrade } from '../http/reject-upgrade.ts';
import { logFor } from '../lib/log.ts';
import { judgePeerMessage, type SocketContext } from './signalling-policy.ts';

const logger = logFor('signalling');

export interface PeerGateOptions {
  key: string;
  /** Is this id/token pair a participant of this meeting (the socket's path names it)? */
  isAllowed: (meetingId: string, peerId: string, token: string) => boolean;
  /** Where `peerId` stands in `meetingId` now: on the roster, joined but not on it yet, or not there. */
  presence: (meetingId: string, peerId: string) => 'present' | 'pending' | 'gone';
  log?: (line: string) => void;
}

/** The WebSocket every PeerJS socket is made of: each frame passes the gate before PeerServer sees it. */
class GatedSocket extends WebSocket {
  gate: ((data: RawData) => boolean) | null = null;
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message' && this.gate && !this.gate(args[0] as RawData)) return false;
    return super.emit(event, ...args);
  }
}

/** Sends through `socket` while it is open; then hands what it is given to `late` (`ws` would drop it silently). */
function sendOrKeep(socket: GatedSocket, late: (data: unknown) => void): GatedSocket['send'] {
  const send = socket.send.bind(socket) as (...args: unknown[]) => void;
  return ((...args: unknown[]) => {
    if (socket.readyState === WebSocket.OPEN) return send(...args);
    late(args[0]);
  }) as GatedSocket['send'];
}

/** What is kept for a peer's next socket: signalling about a call, not LEAVE or EXPIRE (PeerServer queues the same). */
const KEPT_TYPES = new Set(['OFFER', 'ANSWER', 'CANDIDATE']);
/** How long, and how much, is kept for a peer whose socket was going (a page reloading comes back within seconds). */
const KEEP_MS = 30_000;
const KEEP_MAX_BYTES = 512 * 1024;

const MAX_LOGGED_DROPS = 3;
const RECENT_DROPS = 100;

/** A message the gate did not relay. */
export interface DroppedMessage {
  from: string;
  meetingId: string;
  reason: string;
}

/**
 * Our PeerServer (the `peer` package) with a gate in front of it. The `peer` package relays
 * any message between any two ids it knows, across meetings; so its WebSocket server is ours
 * (noServer mode, sockets of our `GatedSocket` class) and:
 * - a socket opens only at `/peerjs/m/<meetingId>/peerjs` with the id and token of a
 *   participant of that meeting;
 * - each participant has one socket: a newer one closes the older;
 * - every frame is judged (signalling-policy.ts) before PeerServer reads it: OFFER, ANSWER,
 *   CANDIDATE and LEAVE only to another participant of the same meeting, HEARTBEAT, nothing
 *   else; drops are logged;
 * - PeerServer's HTTP routes are not served (PeerJS clients with their own id never use them).
 */
export function createPeerGate(server: Server, options: PeerGateOptions) {
  const log = options.log ?? ((line) => logger.warn(line));
  let peerWss: WebSocketServer | null = null;
  const canonicalPath = `${PEER_MOUNT}/peerjs`;
  /** The open socket of each peer id. */
  const sockets = new Map<string, GatedSocket>();
  /**
   * Messages PeerServer relayed to a peer whose socket was closing (a page reloading: its old
   * socket still registered as the host's offer to the new page came), which `ws` drops: kept for
   * the peer's next socket, sent after its OPEN.
   */
  const kept = new Map<string, { messages: string[]; bytes: number; until: number }>();
  let keptInAll = 0;
  function keep(peerId: string, data: unknown) {
    const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString() : null;
    if (text === null) return;
    let type: unknown;
    try {
      type = (JSON.parse(text) as { type?: unknown }).type;
    } catch {
      return;
    }
    if (typeof type !== 'string' || !KEPT_TYPES.has(type)) return;
    const now = Date.now();
    const entry = kept.get(peerId) ?? { messages: [], bytes: 0, until: 0 };
    if (entry.bytes + text.length > KEEP_MAX_BYTES) return;
    entry.messages.push(text);
    entry.bytes += text.length;
    keptInAll++;
    entry.until = now + KEEP_MS;
    kept.set(peerId, entry);
  }
  function sendKept(peerId: string, socket: GatedSocket) {
    const entry = kept.get(peerId);
    kept.delete(peerId);
    if (!entry || entry.until < Date.now()) return;
    for (const message of entry.messages) socket.send(message);
  }
  /** The last drops (for operators and tests) and how many there were since start. */
  const recent: DroppedMessage[] = [];
  let dropped = 0;
  const peerApp = ExpressPeerServer(server, {
    path: '/',
    key: options.key,
    allow_discovery: false,
    alive_timeout: 60_000,
    corsOptions: { origin: false },
    createWebSocketServer: (wsOptions: ServerOptions) => {
      peerWss = new WebSocketServer({ path: wsOptions.path, noServer: true, maxPayload: 256 * 1024, WebSocket: GatedSocket });
      return peerWss;
    },
  });
  // Mounting is what makes the `peer` package build its realm and socket server.
  express().use(PEER_MOUNT, peerApp);
  peerApp.on('error', (error: Error) => log(`[peer] socket error: ${error.message}`));

  function gateFor(socket: GatedSocket, meetingId: string, peerId: string) {
    let drops = 0;
    const context: SocketContext = {
      isCurrent: () => sockets.get(peerId) === socket,
      sender: () => options.presence(meetingId, peerId),
      inSameRoom: (other) => other !== peerId && options.presence(meetingId, other) === 'present',
    };
    socket.once('close', () => {
      if (drops > MAX_LOGGED_DROPS) log(`[peer] ${peerId} in ${meetingId}: ${drops} messages dropped in all`);
    });
    return (data: RawData): boolean => {
      const verdict = judgePeerMessage(data.toString(), context);
      if (verdict.relay) return true;
      dropped++;
      recent.push({ from: peerId, meetingId, reason: verdict.reason });
      if (recent.length > RECENT_DROPS) recent.shift();
      if (++drops <= MAX_LOGGED_DROPS) log(`[peer] dropped a message from ${peerId} in ${meetingId}: ${verdict.reason}`);
      if (verdict.close) socket.close(1008, verdict.reason);
      return false;
    };
  }

  return {
    matches: (pathname: string) => pathname === PEER_MOUNT || pathname.startsWith(`${PEER_MOUNT}/`),
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const meetingId = meetingOfPeerSocketPath(url.pathname);
      const id = url.searchParams.get('id') ?? '';
      const token = url.searchParams.get('token') ?? '';
      if (!meetingId) return rejectUpgrade(socket, 404, 'Not Found');
      if (!peerWss || !options.isAllowed(meetingId, id, token)) return rejectUpgrade(socket, 403, 'Forbidden');
      const wss = peerWss;
      // The `peer` package's socket server answers one path; the meeting was read above.
      req.url = `${canonicalPath}${url.search}`;
      wss.handleUpgrade(req, socket, head, (ws) => {
        const gated = ws as GatedSocket;
        const previous = sockets.get(id);
        sockets.set(id, gated);
        gated.gate = gateFor(gated, meetingId, id);
        gated.send = sendOrKeep(gated, (data) => keep(id, data));
        gated.once('close', () => sockets.get(id) === gated && sockets.delete(id));
        const admit = () => {
          if (gated.readyState !== WebSocket.OPEN) return;
          wss.emit('connection', gated, req);
          // After its OPEN and what PeerServer queued while the peer had no socket (newer than these).
          sendKept(id, gated);
        };
        if (!previous) return admit();
        // One socket per participant. PeerServer forgets the id when the older socket's close
        // arrives; only then is the newer one registered, so that it gets its OPEN.
        previous.once('close', admit);
        previous.terminate();
      });
    },
    /** Closes a peer's signalling socket (they are no longer in the meeting), and forgets what was kept for it. */
    disconnect(id: string) {
      sockets.get(id)?.close(1000, 'no longer in the room');
      kept.delete(id);
    },
    /** Forgets what was kept for peers whose next socket did not come in time (the memory sweeps); how many. */
    sweep(): number {
      const now = Date.now();
      let gone = 0;
      for (const [id, entry] of kept) if (entry.until < now && kept.delete(id)) gone++;
      return gone;
    },
    /**
     * Open PeerJS sockets, messages dropped since start, the last drops (newest last), messages
     * kept for a peer's next socket since start (relayed while its socket was closing), and the
     * peers something is kept for now.
     */
    stats: () => ({ openSockets: sockets.size, dropped, recentDrops: [...recent], keptForNextSocket: keptInAll, keptPeers: kept.size }),
    /** Closes every signalling socket with this code (a drain: 1012; PeerJS reconnects, through the proxy, elsewhere). */
    closeAll(code: number, reason: string) {
      for (const ws of peerWss?.clients ?? []) ws.close(code, reason);
    },
    close() {
      for (const ws of peerWss?.clients ?? []) ws.close(1001, 'server shutting down');
      peerWss?.close();
    },
  };
}
