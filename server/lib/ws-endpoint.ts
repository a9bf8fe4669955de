import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { logFor } from './log.ts';

const log = logFor('ws');

export interface Heartbeat {
  /** Marks a socket alive (any frame from it counts as an answer). */
  seen(ws: WebSocket): void;
}

export interface SocketEndpointOptions {
  /** Upgrade requests whose path starts with this are ours. */
  pathPrefix: string;
  maxPayload: number;
  /** Interval of WebSocket pings; a socket that missed the last one is dropped (its connection is gone). */
  heartbeatMs: number;
  /** An accepted socket, with its URL (path and query). */
  onConnection(ws: WebSocket, url: URL, heartbeat: Heartbeat): void;
}

/** One of our WebSocket endpoints (room channel, waiting room) behind the upgrade router, with pings. */
export function createSocketEndpoint({ pathPrefix, maxPayload, heartbeatMs, onConnection }: SocketEndpointOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload });
  const alive = new WeakMap<WebSocket, boolean>();
  const nextPingAt = new WeakMap<WebSocket, number>();
  const heartbeat: Heartbeat = { seen: (ws) => void alive.set(ws, true) };
  // Each socket is pinged on its own schedule (a random first delay, then every heartbeatMs):
  // pinging a thousand sockets in one sweep blocked the event loop for tens of milliseconds.
  const tickMs = Math.max(50, Math.min(1_000, heartbeatMs / 4));
  const timer = setInterval(() => {
    const now = Date.now();
    for (const ws of wss.clients) {
      const due = nextPingAt.get(ws) ?? 0;
      if (due > now) continue;
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      nextPingAt.set(ws, now + heartbeatMs);
      ws.ping();
    }
  }, tickMs);
  timer.unref();

  return {
    /** True if this upgrade request is ours. */
    matches: (pathname: string) => pathname.startsWith(pathPrefix),
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      wss.handleUpgrade(req, socket, head, (ws) => {
        heartbeat.seen(ws);
        nextPingAt.set(ws, Date.now() + heartbeatMs * (0.5 + Math.random() * 0.5));
        ws.on('pong', () => heartbeat.seen(ws));
        // This runs inside ws's upgrade callback: a throw here would be uncaught and stop the server.
        try {
          onConnection(ws, url, heartbeat);
        } catch (error) {
          log.error({ err: error, path: pathPrefix }, 'WebSocket connection failed');
          ws.close(1011, 'internal error');
        }
      });
    },
    /** Open sockets now. */
    count: () => wss.clients.size,
    /** Closes every open socket with this code (a drain: 1012, the pages reconnect at once, elsewhere). */
    closeAll(code: number, reason: string) {
      for (const ws of wss.clients) ws.close(code, reason);
    },
    close() {
      clearInterval(timer);
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      wss.close();
    },
  };
}

/** The id after an endpoint's path prefix (`/ws/rooms/<id>`); null when it is not valid percent-encoding (`%zz`). */
export function pathIdOf(url: URL, pathPrefix: string): string | null {
  try {
    return decodeURIComponent(url.pathname.slice(pathPrefix.length));
  } catch {
    return null;
  }
}
