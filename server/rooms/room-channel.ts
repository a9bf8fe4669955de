import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CLIENT_MESSAGE_MAX_BYTES,
  parseClientMessage,
  ROOM_CHANNEL_PATH,
  RoomCloseCode,
  type ServerEvent,
} from '../../shared/room-events';
import type { RoomHub } from './room-hub';

export interface RoomChannelOptions {
  /** Interval of WebSocket pings; a socket that misses one is considered dropped. */
  heartbeatMs?: number;
  /** Extra check before a socket joins (e.g. the meeting still exists and the participant may enter). */
  canConnect?: (meetingId: string, participantId: string) => boolean;
}

/**
 * The live room channel: WebSocket upgrades on /ws/rooms/:meetingId, authenticated by the
 * participant's id and token from the join call, then handed to the hub.
 */
export function createRoomChannel(hub: RoomHub, options: RoomChannelOptions = {}) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: CLIENT_MESSAGE_MAX_BYTES });
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

  function refuse(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }

  function onConnection(ws: WebSocket, url: URL) {
    const meetingId = meetingIdOf(url.pathname);
    const participantId = url.searchParams.get('participantId') ?? '';
    const token = url.searchParams.get('token') ?? '';
    if (meetingId === null) {
      refuse(ws, RoomCloseCode.NotFound, 'no such room');
      return;
    }
    if (!hub.authenticate(meetingId, participantId, token)) {
      refuse(ws, RoomCloseCode.Unauthorized, 'unknown participant or wrong token; join again');
      return;
    }
    if (options.canConnect && !options.canConnect(meetingId, participantId)) {
      refuse(ws, RoomCloseCode.Unauthorized, 'you may not enter this room');
      return;
    }
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('error', () => ws.terminate());
    hub.connect(meetingId, participantId, ws);
    ws.on('message', (data, isBinary) => {
      alive.set(ws, true);
      if (isBinary) return sendError(ws, 'bad_message', 'binary frames are not part of the protocol');
      const parsed = parseClientMessage(data.toString());
      if (!parsed.ok) return sendError(ws, 'bad_message', parsed.message);
      hub.handleMessage(meetingId, participantId, parsed.value);
    });
    ws.on('close', (code) => {
      hub.disconnect(meetingId, participantId, ws, code === 1001 || code === 1000);
    });
  }

  return {
    /** True if this upgrade request is ours. */
    matches: (pathname: string) => pathname.startsWith(ROOM_CHANNEL_PATH),
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

/** The meeting id of a channel path; null when it is not valid percent-encoding (`/ws/rooms/%zz`), which must not throw. */
export function meetingIdOf(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname.slice(ROOM_CHANNEL_PATH.length));
  } catch {
    return null;
  }
}

function sendError(ws: WebSocket, code: string, message: string) {
  const event: ServerEvent = { type: 'error', code, message };
  ws.send(JSON.stringify(event));
}

export type RoomChannel = ReturnType<typeof createRoomChannel>;
