import { createApp } from './app';
import { assembleDeps, type DepsParts } from './app-deps';
import { grantKeyStillValid } from './access/room-access';
import { createHttpServer } from './http/create-server';
import { createRoomChannel } from './rooms/room-channel';

/**
 * Everything the server is, from its parts: the Hono app, the room hub and channel,
 * the PeerServer gate and one HTTP server. `main.ts` gives it the real store and
 * mailer; tests give it in-memory ones.
 */
export function createBackend(parts: DepsParts) {
  const deps = assembleDeps(parts);
  const { hub, store, config, chatLog } = deps;
  const app = createApp(deps);
  const channel = createRoomChannel(hub, {
    // A reconnecting participant must still hold valid access (link not replaced, invite not revoked).
    canConnect: (meetingId, participantId) =>
      store.read((d) => grantKeyStillValid(d, meetingId, hub.grantOf(meetingId, participantId) ?? '')),
  });
  const { server, closePeer } = createHttpServer({
    app,
    peer: { key: config.peerKey, trustProxy: config.trustProxy, isAllowed: (id, token) => hub.isKnownPeer(id, token) },
    upgrades: [channel],
  });

  return {
    deps,
    app,
    hub,
    server,
    /** Closes every socket (clients see 1001), then the HTTP server, then waits for pending writes. */
    async close() {
      hub.closeAll();
      channel.close();
      closePeer();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([store.close(), chatLog.close()]);
    },
  };
}

export type Backend = ReturnType<typeof createBackend>;
