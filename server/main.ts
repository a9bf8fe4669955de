import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { phoneBridgeStarter } from './dialin/bridge/phone-bridge';
import { createDialInService } from './dialin/dial-in-service';
import { createMediaStreamEndpoint } from './dialin/media-stream-endpoint';
import { createHttpServer, loopbackOrigin } from './http/create-server';
import { PEER_MOUNT } from './http/peer-gate';
import { createRoomChannel } from './rooms/room-channel';
import { RoomHub } from './rooms/room-hub';
import { createFileStore, StoreCorruptError } from './store/store';

async function main() {
  const config = loadConfig();
  const store = await createFileStore(config.dataDir);
  const hub = new RoomHub(config);
  const clock = () => new Date();
  const dialIn = createDialInService({
    config,
    store,
    startBridge: phoneBridgeStarter({
      hub,
      // The bridge reaches our PeerServer over loopback, like any PeerJS client.
      peer: () => ({ origin: loopbackOrigin(server), path: PEER_MOUNT, key: config.peerKey }),
      iceServers: config.iceServers,
    }),
  });
  const app = createApp({ config, store, hub, clock, dialIn });
  const channel = createRoomChannel(hub, {
    canConnect: (meetingId) => store.read((d) => d.meetings.some((m) => m.id === meetingId)),
  });
  const mediaStreams = createMediaStreamEndpoint(dialIn);
  const { server, closePeer } = createHttpServer({
    app,
    peer: { key: config.peerKey, trustProxy: config.trustProxy, isAllowed: (id, token) => hub.isKnownPeer(id, token) },
    upgrades: [channel, mediaStreams],
  });

  server.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    console.log(`listening on http://localhost:${port} (data in ${config.dataDir})`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing sockets and flushing the store`);
    dialIn.close();
    hub.closeAll();
    channel.close();
    mediaStreams.close();
    closePeer();
    server.closeAllConnections();
    server.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof StoreCorruptError) {
    console.error(`cannot start: ${error.message}`);
  } else {
    console.error('cannot start:', error);
  }
  process.exit(1);
});
