import { LOBBY_CANCEL_REASON, LOBBY_CHANNEL_PATH, LobbyCloseCode } from '../../shared/lobby-events.ts';
import { createSocketEndpoint, pathIdOf } from '../lib/ws-endpoint.ts';
import type { Lobby } from './lobby.ts';

/**
 * The waiting page's socket at /ws/lobby/:meetingId?waiterId=…&token=…: one way (server →
 * guest), authenticated by the waiting ticket from the knock. Pings find dead sockets.
 */
export function createLobbyChannel(lobby: Lobby, options: { heartbeatMs?: number } = {}) {
  return createSocketEndpoint({
    pathPrefix: LOBBY_CHANNEL_PATH,
    maxPayload: 1024,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    onConnection(ws, url, heartbeat) {
      const meetingId = pathIdOf(url, LOBBY_CHANNEL_PATH);
      const waiterId = url.searchParams.get('waiterId') ?? '';
      const token = url.searchParams.get('token') ?? '';
      if (meetingId === null || !lobby.authenticate(meetingId, waiterId, token)) {
        ws.close(LobbyCloseCode.Unknown, 'no such waiting ticket; knock again');
        return;
      }
      ws.on('error', () => ws.terminate());
      // Nothing is expected from the guest: any frame just shows the socket is alive.
      ws.on('message', () => heartbeat.seen(ws));
      ws.on('close', (code, reason) => {
        const how =
          code === 1000 && reason.toString() === LOBBY_CANCEL_REASON ? 'cancelled' : code === 1000 || code === 1001 ? 'unload' : 'lost';
        lobby.disconnect(meetingId, waiterId, ws, how);
      });
      lobby.connect(meetingId, waiterId, ws);
    },
  });
}
