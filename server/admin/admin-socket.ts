import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import net from 'node:net';
import * as v from 'valibot';
import { ConfigError } from '../config-error.ts';
import { ApiError } from '../lib/api-error.ts';
import { describeIssues } from '../lib/validate.ts';
import { probeAdminSocket } from './admin-client.ts';
import type { AdminHandler } from './admin-commands.ts';
import { ADMIN_REQUEST_MAX_BYTES, AdminRequestSchema, adminSocketPath, type AdminResponse } from './admin-protocol.ts';
import { logFor } from '../lib/log.ts';

const log = logFor('admin');

/** Another process answers on the socket: a running server, or an admin command at work. */
export class AdminSocketBusyError extends Error {}

/** sun_path holds 108 bytes with its NUL; Linux silently cuts a longer path (and binds elsewhere). */
const SOCKET_PATH_MAX_BYTES = 107;
const IDLE_MS = 10_000;

/**
 * Takes `DATA_DIR/admin.sock` (mode 0600: the file's permissions are the authentication),
 * replacing a stale one a crash left behind and refusing (AdminSocketBusyError) when another
 * process answers on it. Holding it means owning the data file: take it before reading the store.
 * Requests wait until `serve` is given their handler.
 */
export async function claimAdminSocket(dataDir: string, { waitMs = 0 } = {}) {
  const file = adminSocketPath(dataDir);
  if (Buffer.byteLength(file) > SOCKET_PATH_MAX_BYTES) {
    throw new ConfigError(
      `the admin socket ${file} is longer than ${SOCKET_PATH_MAX_BYTES} bytes, more than a Unix socket path may be: use a shorter DATA_DIR`,
    );
  }
  await mkdir(dataDir, { recursive: true });
  const deadline = Date.now() + waitMs;
  let server: net.Server;
  for (;;) {
    await removeStale(file);
    try {
      server = await listenPrivately(file);
      break;
    } catch (error) {
      // Another process took it between our check and our bind.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() >= deadline) throw busy(file, error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  let handler: AdminHandler | null = null;
  let ready!: () => void;
  const handlerReady = new Promise<void>((resolve) => (ready = resolve));
  let closing = false;
  const inFlight = new Set<Promise<unknown>>();
  const connections = new Set<net.Socket>();

  const stopping: AdminResponse = { ok: false, error: { code: 'unavailable', message: 'the server is stopping; try again in a moment' } };
  const answer = async (line: string): Promise<AdminResponse> => {
    if (closing) return stopping;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return { ok: false, error: { code: 'bad_request', message: 'a request is one line of JSON' } };
    }
    const parsed = v.safeParse(AdminRequestSchema, json);
    if (!parsed.success) return { ok: false, error: { code: 'validation_failed', message: describeIssues('request', parsed.issues) } };
    await handlerReady;
    if (!handler) return stopping; // closed before it ever served
    try {
      return { ok: true, result: await handler(parsed.output) };
    } catch (error) {
      if (error instanceof ApiError) return { ok: false, error: { code: error.code, message: error.message } };
      log.error({ err: error }, 'admin socket request failed');
      return { ok: false, error: { code: 'internal', message: 'internal error (see the server log)' } };
    }
  };

  server.on('connection', (conn) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    conn.on('error', () => undefined);
    conn.setTimeout(IDLE_MS, () => conn.destroy());
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end < 0 && Buffer.byteLength(buffered) <= ADMIN_REQUEST_MAX_BYTES) return;
      conn.off('data', onData);
      const reply: Promise<AdminResponse> =
        end < 0
          ? Promise.resolve({
              ok: false,
              error: { code: 'payload_too_large', message: `a request is at most ${ADMIN_REQUEST_MAX_BYTES} bytes` },
            })
          : answer(buffered.slice(0, end));
      const done = reply.then((response) => void conn.end(`${JSON.stringify(response)}\n`));
      inFlight.add(done);
      void done.finally(() => inFlight.delete(done));
    };
    conn.on('data', onData);
  });

  return {
    path: file,
    /** Starts answering requests (those that came meanwhile waited for this). */
    serve(handle: AdminHandler) {
      handler = handle;
      ready();
    },
    /**
     * Answers new requests "stopping", lets those under way finish, runs `release` (flush the
     * store: a CLI that finds the socket gone opens the data file itself), then removes the socket.
     */
    async close(release: () => Promise<void> = async () => undefined) {
      closing = true;
      ready(); // requests waiting for a handler that never came are answered "stopping"
      await Promise.allSettled([...inFlight]);
      try {
        await release();
      } finally {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const conn of connections) conn.destroy();
        await closed;
      }
    },
  };
}

export type AdminSocket = Awaited<ReturnType<typeof claimAdminSocket>>;

function busy(file: string, cause?: unknown) {
  const why = cause ? ` (${(cause as Error).message})` : '';
  return new AdminSocketBusyError(`another process holds ${file}${why}: a server, or an admin command, already uses this data folder`);
}

/** Removes a socket file nobody answers on (left by a crash); refuses when someone does, or when it is not a socket. */
async function removeStale(file: string) {
  const info = await lstat(file).catch(() => null);
  if (!info) return;
  if (!info.isSocket()) throw new AdminSocketBusyError(`${file} exists and is not a socket: move it away`);
  let answers: boolean;
  try {
    answers = await probeAdminSocket(file);
  } catch (error) {
    throw busy(file, error);
  }
  if (answers) throw busy(file);
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Binds with a umask that leaves the socket to its owner (the bind itself is synchronous), then makes sure with chmod. */
async function listenPrivately(file: string): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    let previous: number | null = null;
    try {
      previous = process.umask(0o177);
    } catch {
      /* worker threads may not change it: chmod below still applies */
    }
    try {
      server.listen(file, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      if (previous !== null) process.umask(previous);
    }
  });
  await chmod(file, 0o600);
  return server;
}
