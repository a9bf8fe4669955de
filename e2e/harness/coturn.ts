import { spawn, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TURNSERVER = process.env.TURNSERVER_PATH ?? 'turnserver';

export interface RunningCoturn {
  port: number;
  /** `turn:127.0.0.1:<port>?transport=udp` */
  url: string;
  secret: string;
  /** Server env for a call through this TURN server (TURN_URLS, TURN_SECRET); `secret` overrides the one we hand out. */
  serverEnv(options?: { secret?: string; relayOnly?: boolean }): Record<string, string>;
  output(): string;
  stop(): Promise<void>;
}

/** A port free for both TCP and UDP on loopback (coturn listens on both). */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port for coturn');
}

/** Sends STUN Binding requests until the server answers: it is listening. */
function stunAnswers(port: number, timeoutMs: number): Promise<void> {
  const socket = createSocket('udp4');
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0); // Binding request, no attributes
  request.writeUInt32BE(0x2112a442, 4); // magic cookie
  randomFillSync(request, 8, 12); // transaction id
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      clearInterval(resend);
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve();
    };
    socket.on('message', (msg) => msg.readUInt16BE(0) === 0x0101 && done());
    socket.on('error', () => undefined);
    const send = () => socket.send(request, port, '127.0.0.1');
    const resend = setInterval(send, 100);
    const timer = setTimeout(() => done(new Error(`coturn did not answer STUN on 127.0.0.1:${port}`)), timeoutMs);
    send();
  });
}

export function coturnInstalled(): boolean {
  return spawnSync(TURNSERVER, ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Debian's coturn on loopback with the TURN REST secret, relaying on 127.0.0.1
 * (`allow-loopback-peers`, since both browsers are on this machine). Its own temp
 * folder holds the user db, pid and log, so nothing touches /var.
 */
export async function startCoturn({
  secret = 'e2e-turn-secret',
  realm = 'meeting.test',
  maxBytesPerSecond,
}: {
  secret?: string;
  realm?: string /** Per-session bandwidth cap (coturn drops what exceeds it): a weak link. */;
  maxBytesPerSecond?: number;
} = {}): Promise<RunningCoturn> {
  if (!coturnInstalled()) throw new Error(`coturn is not installed ("${TURNSERVER}"): apt-get install -y coturn`);
  const dir = await mkdtemp(path.join(tmpdir(), 'coturn-'));
  const port = await freePort();
  const args = [
    '-n',
    '--listening-ip=127.0.0.1',
    `--listening-port=${port}`,
    '--relay-ip=127.0.0.1',
    '--allow-loopback-peers',
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    `--realm=${realm}`,
    '--fingerprint',
    '--no-tls',
    '--no-dtls',
    '--no-cli',
    `--userdb=${path.join(dir, 'turndb')}`,
    `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    '--log-file=stdout',
    '--simple-log',
    '--no-stdout-log',
    ...(maxBytesPerSecond ? [`--max-bps=${maxBytesPerSecond}`] : []),
  ];
  const child = spawn(TURNSERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`coturn exited with ${code}:\n${log}`))));
  exited.catch(() => undefined);
  try {
    await Promise.race([stunAnswers(port, 10_000).catch((e: Error) => Promise.reject(new Error(`${e.message}:\n${log}`))), exited]);
  } catch (error) {
    // Never leave a half-started relay behind.
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const url = `turn:127.0.0.1:${port}?transport=udp`;
  return {
    port,
    url,
    secret,
    serverEnv: ({ secret: handedOut = secret, relayOnly = true } = {}) => ({
      TURN_URLS: url,
      TURN_SECRET: handedOut,
      ...(relayOnly ? { ICE_TRANSPORT_POLICY: 'relay' } : {}),
    }),
    output: () => log,
    async stop() {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
