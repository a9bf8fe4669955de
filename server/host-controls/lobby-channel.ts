import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { LOBBY_CANCEL_REASON, LOBBY_CHANNEL_PATH, LobbyCloseCode } from '../../shared/lobby-events';
import type { Lobby } from './lobby';

/**
 * The waiting page's socket at /ws/lobby/:meetingId?waiterId=…&token=…: one way (server →
 * guest), authenticated by the waiting ticket from the knock. Pings find dead sockets.
 */
export function createLobbyChannel(lobby: Lobby, options: { heartbeatMs?: number } = {}) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const alive = new WeakMap<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  function onConnection(ws: WebSocket, url: URL) {
    const meetingId = decodeURIComponent(url.pathname.slice(LOBBY_CHANNEL_PATH.length));
    const waiterId = url.searchParams.get('waiterId') ?? '';
    const token = url.searchParams.get('token') ?? '';
    if (!lobby.authenticate(meetingId, waiterId, token)) {
      ws.close(LobbyCloseCode.Unknown, 'no such waiting ticket; knock again');
      return;
    }
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('error', () => ws.terminate());
    // Nothing is expected from the guest: any frame just shows the socket is alive.
    ws.on('message', () => alive.set(ws, true));
    ws.on('close', (code, reason) => {
      const how = code === 1000 && reason.toString() === LOBBY_CANCEL_REASON ? 'cancelled' : code === 1000 || code === 1001 ? 'unload' : 'lost';
      lobby.disconnect(meetingId, waiterId, ws, how);
    });
    lobby.connect(meetingId, waiterId, ws);
  }

  return {
    matches: (pathname: string) => pathname.startsWith(LOBBY_CHANNEL_PATH),
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, url));
    },
    close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      wss.close();
    },
  };
}
