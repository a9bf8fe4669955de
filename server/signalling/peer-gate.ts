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
        gated.once('close', () => sockets.get(id) === gated && sockets.delete(id));
        const admit = () => gated.readyState === WebSocket.OPEN && wss.emit('connection', gated, req);
        if (!previous) return admit();
        // One socket per participant. PeerServer forgets the id when the older socket's close
        // arrives; only then is the newer one registered, so that it gets its OPEN.
        previous.once('close', admit);
        previous.terminate();
      });
    },
    /** Closes a peer's signalling socket (they are no longer in the meeting). */
    disconnect(id: string) {
      sockets.get(id)?.close(1000, 'no longer in the room');
    },
    /** Open PeerJS sockets, messages dropped since start, and the last drops (newest last). */
    stats: () => ({ openSockets: sockets.size, dropped, recentDrops: [...recent] }),
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
