import { RoomCloseCode } from '../shared/room-events.ts';
import { createApp } from './app.ts';
import { announceNode } from './cluster/node-header.ts';
import { restoredStillWelcome } from './cluster/restored-participant.ts';
import { assembleDeps, type DepsParts } from './app-deps.ts';
import { grantKeyStillValid } from './access/room-access.ts';
import { phoneBridges } from './dialin/bridge/phone-bridges.ts';
import { createMediaStreamEndpoint } from './dialin/media-stream-endpoint.ts';
import { createLobbyChannel } from './host-controls/lobby-channel.ts';
import { createHttpServer, loopbackOrigin } from './http/create-server.ts';
import { createRoomChannel } from './rooms/room-channel.ts';
import { createSfuProxy } from './sfu/sfu-proxy.ts';
import { logFor } from './lib/log.ts';
import { startSweeps } from './storage/sweeps.ts';
import { startMemorySweeps } from './health/memory-sweeps.ts';

const log = logFor('server');

/**
 * Everything the server is, from its parts: the Hono app, the room hub and channel,
 * the PeerServer gate, the telephone bridge and one HTTP server. `main.ts` gives it the
 * real storage and mailer; tests give it in-memory ones.
 */
export function createBackend(parts: Omit<DepsParts, 'bridge'>) {
  let server: ReturnType<typeof createHttpServer>['server'] | null = null;
  const deps = assembleDeps({
    ...parts,
    // A phone caller joins like any PeerJS client, through our PeerServer over loopback.
    bridge: (hub, sfu) =>
      phoneBridges({
        hub,
        // On the SFU a caller is published to Janus, like a page (server/dialin/bridge/sfu-leg.ts).
        sfu: () => (sfu.running() ? sfu.endpoint() : null),
        peer: () => ({ origin: loopbackOrigin(server!), key: parts.config.peerKey }),
        iceServers: parts.config.iceServers,
        // Each worker takes about a second to load libopus and werift: not while a caller waits.
        warm: parts.config.dialIn !== null,
      }),
  });
  const { hub, storage, config, dialIn, recordings, hostControls } = deps;
  // Recordings a crash or restart left unfinished become playable files.
  void recordings.recover().catch((error) => log.error({ err: error }, 'recovering unfinished recordings failed'));
  const stopSweeps = startSweeps(storage, deps.clock);
  // Webhook deliveries left pending (a restart, another node that went away) go out now.
  deps.webhooks.start();
  const app = createApp(deps);
  const channel = createRoomChannel(hub, {
    reservations: deps.reservations,
    // A reconnecting participant must still hold valid access (link not replaced, invite not revoked).
    canConnect: async (meetingId, participantId) => {
      const welcome =
        (await grantKeyStillValid(storage, meetingId, hub.grantOf(meetingId, participantId) ?? '')) &&
        (await restoredStillWelcome(storage, hub, deps.clock, meetingId, participantId));
      // A recording another node was writing (the meeting moved here) shows in the welcome, and goes on here.
      if (welcome) await recordings.adoptFor(meetingId).catch((error) => log.error({ err: error }, 'taking over a recording failed'));
      return welcome;
    },
  });
  const mediaStreams = createMediaStreamEndpoint(dialIn);
  // SFU=janus: Janus starts beside us (or is reached); meetings stay on the mesh until it runs.
  void deps.sfu.start().catch((error) => log.error({ err: error }, 'the SFU did not start: every meeting stays on the mesh'));
  const sfuProxy = createSfuProxy({ hub, sfu: deps.sfu, modes: deps.mediaModes });
  const lobbyChannel = createLobbyChannel(hostControls.lobby);
  const http = createHttpServer({
    app,
    peer: {
      key: config.peerKey,
      // A participant, or a place held for a pre-join page (pending: it can neither send nor be reached).
      // A socket opened with the token of a reservation whose join went first (a slow network) is that participant's.
      isAllowed: (meetingId, id, token) =>
        hub.authenticate(meetingId, id, token) !== null ||
        deps.reservations.verify(meetingId, id, token) ||
        deps.reservations.wasTaken(meetingId, id, token),
      presence: (meetingId, id) => {
        const presence = hub.presenceOf(meetingId, id);
        return presence === 'gone' && deps.reservations.has(meetingId, id) ? 'pending' : presence;
      },
    },
    upgrades: [channel, mediaStreams, lobbyChannel, sfuProxy],
  });
  server = http.server;
  const memorySweeps = startMemorySweeps({ ...deps.memorySweeps, keptSignalling: () => http.peerGate.sweep() });
  deps.census.add(() => {
    const signalling = http.peerGate.stats();
    return { signallingSockets: signalling.openSockets, signallingKept: signalling.keptPeers, sfuSockets: sfuProxy.openSockets() };
  });
  announceNode(http.server, config.nodeName);
  // A reservation that ended without a join keeps no signalling socket either.
  deps.reservations.whenEnded((_meetingId, id) => http.dropPeer(id));
  // Someone who is out of the room (left, removed, ended, timed out) keeps no signalling socket, and
  // the reservation's token they joined with opens nothing any more.
  const stopPeerDrops = hub.subscribe((event) => {
    if (event.type === 'joined') return;
    http.dropPeer(event.participant.id);
    deps.reservations.forget(event.meetingId, event.participant.id);
  });

  return {
    deps,
    app,
    hub,
    server: http.server,
    /** The browsers' way to Janus (open sockets per participant). */
    sfuProxy,
    /** What the PeerServer gate let through and dropped. */
    signalling: { stats: () => http.peerGate.stats() },
    /** Runs the in-memory sweeps now (the timer runs them every minute); what each let go. */
    sweepMemory: () => memorySweeps.sweepNow(),
    /**
     * A drain before this node stops (SIGTERM in a cluster, cluster/drain.ts): `/api/health` answers
     * 503 and every page hears `moving`; once the proxy has taken the node out, phone callers are
     * handed on (Twilio follows the `<Redirect>` after `</Connect>` to the meeting's next node) and
     * every socket closes with 1012, so the pages reconnect at once, over there. Then `close()`.
     */
    async drain(): Promise<{ waited: 'checks' | 'timeout'; ms: number }> {
      const started = Date.now();
      deps.drain.start();
      hub.startMoving();
      const waited = await deps.drain.untilProxyMovedOn(config.drain);
      dialIn.moveAll();
      hub.moveAll();
      lobbyChannel.closeAll(RoomCloseCode.Moving, 'moving to another server');
      http.peerGate.closeAll(RoomCloseCode.Moving, 'moving to another server');
      return { waited, ms: Date.now() - started };
    },
    /** Closes every socket (clients see 1001), then the HTTP server, then waits for pending writes and closes the storage. */
    async close() {
      await stopSweeps();
      memorySweeps.stop();
      deps.loopDelay?.stop();
      await deps.webhooks.stop();
      dialIn.close();
      await recordings.close();
      stopPeerDrops();
      hostControls.close();
      deps.reservations.close();
      lobbyChannel.close();
      hub.closeAll();
      channel.close();
      mediaStreams.close();
      sfuProxy.close();
      deps.mediaModes.close();
      await deps.sfu.stop();
      http.closePeer();
      http.server.closeAllConnections();
      await new Promise<void>((resolve) => http.server.close(() => resolve()));
      await storage.close();
    },
  };
}

export type Backend = ReturnType<typeof createBackend>;
