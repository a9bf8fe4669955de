import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectJanus } from './janus-client.ts';
import { writeJanusConfig } from './janus-config.ts';
import { DEFAULT_RTP_PORT_RANGE } from './rtp-port-range.ts';

/** Where Debian installs Janus. */
export const JANUS_BIN = '/usr/bin/janus';
export const JANUS_LIB_DIR = '/usr/lib/x86_64-linux-gnu/janus';

/** How our server reaches a Janus, started by us or run as a service (JANUS_WS_URL…). */
export interface JanusEndpoint {
  wsUrl: string;
  adminUrl: string;
  apiSecret: string;
  adminSecret: string;
  /** The VideoRoom `admin_key`: creating rooms needs it. */
  roomAdminKey: string;
}

export interface JanusSupervisorOptions {
  bin?: string;
  libDir?: string;
  /** Folder for the config (a fresh temporary one by default, removed on stop). */
  dir?: string;
  rtpPortRange?: string;
  iceEnforceList?: string | null;
  nat1to1?: string | null;
  /** Where Janus writes recordings (our server's DATA_DIR/recordings): left out of its protected folders. */
  recordingsDir?: string | null;
  readyTimeoutMs?: number;
  /** Lines of Janus's output (for logs). */
  onOutput?: (line: string) => void;
  /** Janus exited on its own (every room and session is gone); a restart follows. */
  onCrash?: () => void;
  /** Janus answers again after a crash. */
  onRestart?: () => void;
  /** First wait before a restart; doubles up to 30 s while Janus keeps crashing. */
  restartDelayMs?: number;
}

export interface JanusSupervisor {
  readonly endpoint: JanusEndpoint;
  /** The running Janus's process id (null between a crash and the restart). */
  readonly pid: number | null;
  /** The last lines Janus wrote (for errors). */
  output(): string;
  /** Resolves when the current Janus answers `info` (again, after a restart). */
  ready(): Promise<void>;
  /** False from a crash until the restarted Janus answers. */
  healthy(): boolean;
  stop(): Promise<void>;
}

export function janusInstalled(bin = JANUS_BIN): boolean {
  return existsSync(bin);
}

export async function freeTcpPort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const secret = () => randomBytes(24).toString('base64url');

/** Polls Janus's `info` until it answers: its WebSocket API is up. */
export async function waitForJanus(
  endpoint: Pick<JanusEndpoint, 'wsUrl' | 'apiSecret'>,
  timeoutMs: number,
  exited?: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (exited?.()) throw new Error('janus exited while starting');
    try {
      const connection = await connectJanus({ url: endpoint.wsUrl, secret: endpoint.apiSecret, timeoutMs: 1_000 });
      try {
        await connection.request({ janus: 'info' });
        return;
      } finally {
        connection.close();
      }
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`janus did not answer within ${timeoutMs} ms (${(last as Error | undefined)?.message ?? 'no answer'})`);
}

/**
 * Runs Debian's Janus for this server: writes its config (both APIs on 127.0.0.1 at free ports,
 * fresh secrets, only the VideoRoom plugin and the WebSockets transport), starts it, waits until it
 * answers, starts it again when it crashes, stops it with the server.
 */
export async function startJanus(options: JanusSupervisorOptions = {}): Promise<JanusSupervisor> {
  const bin = options.bin ?? JANUS_BIN;
  if (!janusInstalled(bin)) throw new Error(`janus is not installed at ${bin} (apt install janus)`);
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), 'janus-')));
  const wsPort = await freeTcpPort();
  let adminPort = await freeTcpPort();
  while (adminPort === wsPort) adminPort = await freeTcpPort();
  const endpoint: JanusEndpoint = {
    wsUrl: `ws://127.0.0.1:${wsPort}/`,
    adminUrl: `ws://127.0.0.1:${adminPort}/`,
    apiSecret: secret(),
    adminSecret: secret(),
    roomAdminKey: secret(),
  };
  const configFile = await writeJanusConfig({
    dir,
    wsPort,
    adminPort,
    apiSecret: endpoint.apiSecret,
    adminSecret: endpoint.adminSecret,
    roomAdminKey: endpoint.roomAdminKey,
    rtpPortRange: options.rtpPortRange ?? DEFAULT_RTP_PORT_RANGE,
    iceEnforceList: options.iceEnforceList ?? null,
    nat1to1: options.nat1to1 ?? null,
    libDir: options.libDir ?? JANUS_LIB_DIR,
    recordingsDir: options.recordingsDir ?? null,
  });
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  const lines: string[] = [];
  let child: ChildProcess | null = null;
  let stopping = false;
  let restartDelay = options.restartDelayMs ?? 500;
  let readyPromise: Promise<void> = Promise.resolve();
  let restartTimer: NodeJS.Timeout | null = null;
  let healthy = false;

  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      options.onOutput?.(line);
    }
  };

  const launch = () => {
    let exited = false;
    const started = Date.now();
    const proc = spawn(bin, ['-C', configFile, '-F', dir, '-o'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    proc.on('exit', (code, signal) => {
      exited = true;
      healthy = false;
      if (stopping) return;
      options.onCrash?.();
      keep(Buffer.from(`janus exited (code ${code}, signal ${signal}); starting it again in ${restartDelay} ms`));
      // A Janus that ran a while before it crashed starts again quickly; one that crashes at once, slower and slower.
      if (Date.now() - started > 60_000) restartDelay = options.restartDelayMs ?? 500;
      restartTimer = setTimeout(() => {
        restartTimer = null;
        launch();
        void readyPromise.then(
          () => options.onRestart?.(),
          () => undefined,
        );
      }, restartDelay);
      restartDelay = Math.min(30_000, restartDelay * 2);
    });
    readyPromise = waitForJanus(endpoint, readyTimeoutMs, () => exited);
    readyPromise.then(
      () => {
        if (!exited) healthy = true;
      },
      () => undefined,
    );
  };

  launch();
  try {
    await readyPromise;
  } catch (error) {
    stopping = true;
    (child as ChildProcess | null)?.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${lines.slice(-20).join('\n')}`);
  }

  return {
    endpoint,
    get pid() {
      return child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null;
    },
    output: () => lines.join('\n'),
    ready: () => readyPromise,
    healthy: () => healthy,
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const proc = child;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
        proc.kill('SIGTERM');
        const killer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
        await gone;
        clearTimeout(killer);
      }
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
