import type { WebSocket } from 'ws';
import {
  CLIENT_MESSAGE_MAX_BYTES,
  parseClientMessage,
  ROOM_CHANNEL_PATH,
  RoomCloseCode,
  type ServerEvent,
} from '../../shared/room-events.ts';
import { createSocketEndpoint, pathIdOf } from '../lib/ws-endpoint.ts';
import type { HeldChannel, Reservations } from './reservations.ts';
import type { RoomHub } from './room-hub.ts';

export interface RoomChannelOptions {
  /** Interval of WebSocket pings; a socket that misses one is considered dropped. */
  heartbeatMs?: number;
  /** Extra check before a socket joins (e.g. the meeting still exists and the participant may enter). */
  canConnect?: (meetingId: string, participantId: string) => boolean | Promise<boolean>;
  /** Places held for pre-join pages: their channel opens now and enters the room at their join. */
  reservations?: Pick<Reservations, 'hold' | 'release' | 'wasTaken'>;
}

/** `audioMuted=0|1&videoMuted=0|1` on the channel's URL: what the page sends now (see RoomHub.connect). */
function mediaStateOf(url: URL): { audioMuted: boolean; videoMuted: boolean } | undefined {
  const [audio, video] = [url.searchParams.get('audioMuted'), url.searchParams.get('videoMuted')];
  const flag = (v: string | null) => (v === '1' ? true : v === '0' ? false : null);
  const [audioMuted, videoMuted] = [flag(audio), flag(video)];
  return audioMuted === null || videoMuted === null ? undefined : { audioMuted, videoMuted };
}

/**
 * The live room channel: WebSocket upgrades on /ws/rooms/:meetingId, authenticated by the
 * participant's id and token from the join call, then handed to the hub.
 */
export function createRoomChannel(hub: RoomHub, options: RoomChannelOptions = {}) {
  function refuse(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }

  return createSocketEndpoint({
    pathPrefix: ROOM_CHANNEL_PATH,
    maxPayload: CLIENT_MESSAGE_MAX_BYTES,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    onConnection(ws, url, heartbeat) {
      const meetingId = pathIdOf(url, ROOM_CHANNEL_PATH);
      const participantId = url.searchParams.get('participantId') ?? '';
      const token = url.searchParams.get('token') ?? '';
      if (meetingId === null) {
        refuse(ws, RoomCloseCode.NotFound, 'no such room');
        return;
      }
      // A reservation's channel (a pre-join page) is held: nothing it sends is read, nothing is sent
      // to it, until its join promotes it (rooms/reservations.ts).
      let state: 'held' | 'checking' | 'connected' | 'closed' = 'checking';
      let held: HeldChannel | null = null;
      // A socket opened with the token of a reservation whose join went first (a slow network) is that participant's.
      const late = () => options.reservations?.wasTaken(meetingId, participantId, token) === true;
      if (!hub.authenticate(meetingId, participantId, token) && !late()) {
        held = {
          promote: () => {
            if (state !== 'held') return;
            state = 'checking';
            check();
          },
          close: (reason) => {
            state = 'closed';
            refuse(ws, RoomCloseCode.Unauthorized, reason);
          },
        };
        if (!options.reservations?.hold(meetingId, participantId, token, held)) {
          refuse(ws, RoomCloseCode.Unauthorized, 'unknown participant or wrong token; join again');
          return;
        }
        state = 'held';
      }
      ws.on('error', () => ws.terminate());
      // The check may ask the storage: what the page sends meanwhile waits for its answer.
      const early: { data: WebSocket.RawData; isBinary: boolean }[] = [];
      // A held channel hears only its pongs (so the page knows the socket lives) until its join.
      const answerPing = (socket: WebSocket, data: WebSocket.RawData, isBinary: boolean) => {
        heartbeat.seen(socket);
        const parsed = isBinary ? null : parseClientMessage(data.toString());
        if (parsed?.ok && parsed.value.type === 'ping')
          socket.send(JSON.stringify({ type: 'pong', at: parsed.value.at } satisfies ServerEvent));
      };
      const handle = (data: WebSocket.RawData, isBinary: boolean) => {
        heartbeat.seen(ws);
        if (isBinary) return sendError(ws, 'bad_message', 'binary frames are not part of the protocol');
        const parsed = parseClientMessage(data.toString());
        if (!parsed.ok) return sendError(ws, 'bad_message', parsed.message);
        hub.handleMessage(meetingId, participantId, parsed.value);
      };
      ws.on('message', (data, isBinary) => {
        if (state === 'held') answerPing(ws, data, isBinary);
        else if (state === 'checking') early.push({ data, isBinary });
        else if (state === 'connected') handle(data, isBinary);
      });
      ws.on('close', (code) => {
        const wasConnected = state === 'connected';
        if (state === 'held' && held) options.reservations?.release(meetingId, participantId, held);
        state = 'closed';
        if (wasConnected) hub.disconnect(meetingId, participantId, ws, code === 1001 || code === 1000);
      });
      const connect = (allowed: boolean) => {
        if (state !== 'checking') return;
        if (!allowed) {
          state = 'closed';
          refuse(ws, RoomCloseCode.Unauthorized, 'you may not enter this room');
          return;
        }
        state = 'connected';
        hub.connect(meetingId, participantId, ws, mediaStateOf(url));
        for (const { data, isBinary } of early.splice(0)) handle(data, isBinary);
      };
      const check = () => {
        const allowed = options.canConnect ? options.canConnect(meetingId, participantId) : true;
        if (typeof allowed === 'boolean') connect(allowed);
        else allowed.then(connect, () => connect(false));
      };
      if (state === 'checking') check();
    },
  });
}

function sendError(ws: WebSocket, code: string, message: string) {
  const event: ServerEvent = { type: 'error', code, message };
  ws.send(JSON.stringify(event));
}

export type RoomChannel = ReturnType<typeof createRoomChannel>;
