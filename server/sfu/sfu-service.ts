import { logFor } from '../lib/log.ts';
import type { SfuSettings } from './sfu-config.ts';
import { type JanusEndpoint, type JanusSupervisor, janusInstalled, startJanus, waitForJanus } from './janus-supervisor.ts';
import { ephemeralOverlap, parseRtpPortRange, type PortRange, systemEphemeralRange } from './rtp-port-range.ts';
import { createSfuRooms, type SfuRooms } from './sfu-rooms.ts';

const log = logFor('sfu');

/**
 * The SFU as the rest of the server sees it: off, starting, or running (a Janus we started, or an
 * external one), with the meetings' rooms on it. While it is not running every meeting stays on the
 * mesh (and the room cap is the mesh's).
 */
export interface SfuService {
  /** Janus answers now. */
  running(): boolean;
  /** Janus started (or was reached) and is ours: true through a crash and restart too (the room cap stays). */
  available(): boolean;
  /** How to reach Janus (the proxy connects there); null while not running. */
  endpoint(): JanusEndpoint | null;
  rooms(): SfuRooms | null;
  /** The process id of a Janus we started (null for an external one, or between a crash and the restart). */
  pid(): number | null;
  /** How many times Janus was started again after a crash since the server started. */
  restarts(): number;
  /** Listeners told when Janus started again after a crash (every room and session on it is gone). */
  onRestart(listener: () => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SfuServiceOptions {
  settings: SfuSettings['sfu'];
  /** Most publishers in one room (the room cap with the SFU). */
  maxPublishers: number;
  /** Where Janus writes the meetings' recordings (DATA_DIR/recordings). */
  recordingsDir?: string;
  /** Start Janus (tests pass loopback-only options). */
  start?: typeof startJanus;
  /** This machine's ephemeral ports (Linux's `ip_local_port_range`; tests pass their own). */
  ephemeralRange?: () => PortRange | null;
  /** Where a warning goes (the log; tests pass their own). */
  warn?: (message: string) => void;
}

export function createSfuService({
  settings,
  maxPublishers,
  recordingsDir,
  start = startJanus,
  ephemeralRange = systemEphemeralRange,
  warn = (message) => log.warn(message),
}: SfuServiceOptions): SfuService {
  let supervisor: JanusSupervisor | null = null;
  let endpoint: JanusEndpoint | null = null;
  let rooms: SfuRooms | null = null;
  let stopped = false;
  let restarts = 0;
  const restartListeners = new Set<() => void>();

  const run = (on: JanusEndpoint) => {
    endpoint = on;
    rooms = createSfuRooms({ endpoint: on, maxPublishers });
  };

  return {
    running: () => rooms !== null && (supervisor?.healthy() ?? true),
    available: () => rooms !== null,
    endpoint: () => endpoint,
    rooms: () => rooms,
    pid: () => supervisor?.pid ?? null,
    restarts: () => restarts,
    onRestart(listener) {
      restartListeners.add(listener);
      return () => restartListeners.delete(listener);
    },
    async start() {
      if (settings.mode === 'off') return;
      if (settings.external) {
        await waitForJanus(settings.external, 30_000);
        run(settings.external);
        log.info(`SFU: Janus at ${settings.external.wsUrl}`);
        return;
      }
      if (!janusInstalled(settings.bin)) {
        log.warn(`SFU=janus but Janus is not installed at ${settings.bin} (apt install janus): every meeting stays on the mesh`);
        return;
      }
      const overlap = ephemeralOverlap(parseRtpPortRange(settings.rtpPortRange), ephemeralRange());
      if (overlap)
        warn(
          `SFU: JANUS_RTP_PORTS ${settings.rtpPortRange} shares ${overlap.low}-${overlap.high} with this machine's ephemeral ports ` +
            "(net.ipv4.ip_local_port_range): outgoing connections can take a media port and fail a participant's call; pick a range outside them",
        );
      const started = await start({
        bin: settings.bin,
        rtpPortRange: settings.rtpPortRange,
        nat1to1: settings.nat1to1,
        iceEnforceList: settings.iceEnforceList,
        recordingsDir,
        onOutput: (line) => log.debug({ janus: line }),
        onCrash: () => {
          log.warn('SFU: Janus exited; starting it again (its rooms and sessions are gone)');
          rooms?.forgetAll();
        },
        onRestart: () => {
          restarts++;
          log.info('SFU: Janus answers again; the meetings on it get their rooms back');
          for (const listener of restartListeners) listener();
        },
      });
      if (stopped) {
        await started.stop();
        return;
      }
      supervisor = started;
      run(started.endpoint);
      log.info(`SFU: Janus started (API ${started.endpoint.wsUrl}, loopback only)`);
    },
    async stop() {
      stopped = true;
      rooms?.close();
      rooms = null;
      endpoint = null;
      await supervisor?.stop();
      supervisor = null;
    },
  };
}
