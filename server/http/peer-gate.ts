import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import express from 'express';
import { ExpressPeerServer } from 'peer';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import type { Server } from 'node:http';
import { ErrorCode, type ApiErrorBody } from '../../shared/api/errors';

export const PEER_MOUNT = '/peerjs';

export interface PeerGateOptions {
  key: string;
  trustProxy: boolean;
  /** Only participants of a room may open a PeerJS socket, with their participant token. */
  isAllowed: (peerId: string, token: string) => boolean;
}

/**
 * Our own PeerServer (the `peer` package) at /peerjs. It is an express app, so the
 * HTTP part is handed to express, and its WebSocket runs in noServer mode: the
 * upgrade router calls `handleUpgrade` only for /peerjs and only after the
 * participant's id and token were checked. Since the token is the participant's
 * secret, a page that reloads reclaims its own id at once (PeerServer swaps the
 * socket when the token matches) and nobody else can take it.
 */
export function createPeerGate(server: Server, options: PeerGateOptions) {
  let peerWss: WebSocketServer | null = null;
  /** The open socket of each peer id (the latest: a reload replaces it). */
  const sockets = new Map<string, WebSocket>();
  const peerApp = ExpressPeerServer(server, {
    path: '/',
    key: options.key,
    proxied: options.trustProxy,
    allow_discovery: false,
    alive_timeout: 60_000,
    createWebSocketServer: (wsOptions: ServerOptions) => {
      peerWss = new WebSocketServer({ path: wsOptions.path, noServer: true, maxPayload: 256 * 1024 });
      return peerWss;
    },
  });
  const expressApp = express();
  expressApp.disable('x-powered-by');
  expressApp.use(PEER_MOUNT, peerApp);
  // Express's own answers are HTML, and in development they carry a stack trace: answer as the API does.
  expressApp.use((req: express.Request, res: express.Response) => {
    res.status(404).json(errorBody(ErrorCode.NotFound, `no route for ${req.method} ${req.path}`));
  });
  expressApp.use((error: { status?: unknown; statusCode?: unknown }, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = Number(error.status ?? error.statusCode);
    if (status >= 400 && status < 500) {
      res.status(status).json(errorBody(status === 404 ? ErrorCode.NotFound : ErrorCode.BadRequest, 'bad request'));
      return;
    }
    console.error(`[peer] ${req.method} ${req.path}:`, error);
    res.status(500).json(errorBody(ErrorCode.Internal, 'internal error'));
  });
  peerApp.on('error', (error) => console.warn('[peer] socket error:', error.message));

  return {
    handleRequest: expressApp as (req: IncomingMessage, res: import('node:http').ServerResponse) => void,
    matches: (pathname: string) => pathname === PEER_MOUNT || pathname.startsWith(`${PEER_MOUNT}/`),
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const id = url.searchParams.get('id') ?? '';
      const token = url.searchParams.get('token') ?? '';
      if (!peerWss || !options.isAllowed(id, token)) {
        rejectUpgrade(socket, 403, 'Forbidden');
        return;
      }
      const wss = peerWss;
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.set(id, ws);
        ws.once('close', () => sockets.get(id) === ws && sockets.delete(id));
        wss.emit('connection', ws, req);
      });
    },
    /** Closes a peer's signalling socket (they are no longer in any room). */
    disconnect(id: string) {
      sockets.get(id)?.close(1000, 'no longer in the room');
    },
    close() {
      for (const ws of peerWss?.clients ?? []) ws.close(1001, 'server shutting down');
      peerWss?.close();
    },
  };
}

const errorBody = (code: ErrorCode, message: string): ApiErrorBody => ({ error: { code, message } });

export function rejectUpgrade(socket: Duplex, status: number, text: string) {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
