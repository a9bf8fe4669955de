import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from '../node-flags.ts';
import { haproxyConfigFor } from './haproxy-config.ts';
import { startClusterPostgres } from './postgres.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ClusterOptions {
  /** HAProxy's port (0: a free one). */
  port: number;
  nodes: number;
  /** Holds pg/ (the database), shared/ (every node's DATA_DIR: files, recordings), logs and haproxy.cfg. */
  dir: string;
  /** Extra environment for every node (e.g. PWA_DIR, grace periods). */
  nodeEnv?: NodeJS.ProcessEnv;
  /** PostgreSQL with fsync (the default) or without (tests). */
  durable?: boolean;
}

export interface ClusterNode {
  name: string;
  port: number;
  url: string;
  /** The process now (a restart makes a new one). */
  readonly pid: number;
  /** Running until killed or stopped. */
  readonly alive: boolean;
  /** How it exited (null while running, or when a signal ended it). */
  readonly exitCode: number | null;
  /** Sends the signal; resolves once the process has exited (SIGTERM: after its drain). */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again (same name and port) after it exited; resolves once it answers its health check. */
  restart(): Promise<void>;
}

export interface Cluster {
  url: string;
  port: number;
  databaseUrl: string;
  dataDir: string;
  nodes: ClusterNode[];
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits for a condition, asking again every `everyMs`, failing with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (last instanceof Error && last.message.includes(' exited: ')) throw last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const healthy = async (url: string) => (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) })).ok;

const tail = (file: string) => {
  try {
    return readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '(no log)';
  }
};

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/**
 * PostgreSQL, `nodes` server processes sharing it (DATABASE_URL, CLUSTER_SECRET) and one data
 * folder, and HAProxy routing by meeting (deploy/haproxy.cfg), all on 127.0.0.1. Resolves when
 * HAProxy sees every node healthy. `stop()` ends them all (also on a failed start).
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const children: ChildProcess[] = [];
  let postgres: Awaited<ReturnType<typeof startClusterPostgres>> | null = null;
  const logs = path.join(options.dir, 'logs');
  mkdirSync(logs, { recursive: true });
  // A harness that dies without stopping the cluster takes its processes with it (PostgreSQL, run
  // by pg_ctl, is stopped by stop() only).
  const killAll = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const stop = async () => {
    process.off('exit', killAll);
    // Everything at once: SIGINT stops a node without a drain (there is no node left to move to).
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await Promise.all(children.map(exited));
    await postgres?.stop();
  };
  try {
    postgres = await startClusterPostgres(path.join(options.dir, 'pg'), await freePort(), { durable: options.durable ?? true });
    const dataDir = path.join(options.dir, 'shared');
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    const nodes: ClusterNode[] = [];
    const spawnNode = (name: string, port: number) => {
      const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(ROOT, 'server/main.ts')], {
        cwd: ROOT,
        env: {
          ...process.env,
          ...options.nodeEnv,
          PORT: String(port),
          HOST: '127.0.0.1',
          NODE_NAME: name,
          DATABASE_URL: postgres!.url,
          CLUSTER_SECRET: secret,
          DATA_DIR: dataDir,
          // HAProxy, on this machine, adds X-Forwarded-For: the client's address for the limits.
          TRUST_PROXY: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const log = createWriteStream(path.join(logs, `${name}.log`), { flags: 'a' });
      child.stdout!.pipe(log);
      child.stderr!.pipe(log);
      children.push(child);
      return child;
    };
    for (let i = 1; i <= options.nodes; i++) {
      const name = `node${i}`;
      const port = await freePort();
      let child = spawnNode(name, port);
      const url = `http://127.0.0.1:${port}`;
      nodes.push({
        name,
        port,
        url,
        get pid() {
          return child.pid!;
        },
        get alive() {
          return child.exitCode === null && child.signalCode === null;
        },
        get exitCode() {
          return child.exitCode;
        },
        async kill(signal) {
          child.kill(signal);
          await exited(child);
        },
        async restart() {
          if (child.exitCode === null && child.signalCode === null) throw new Error(`${name} is still running`);
          child = spawnNode(name, port);
          await waitFor(`${name} back on port ${port}`, () => healthy(url), 120_000);
        },
      });
    }
    // One after another would do too, but the first applies the migrations: the others wait on its lock.
    await Promise.all(
      nodes.map((n) =>
        waitFor(
          `${n.name} on port ${n.port}`,
          async () => {
            if (!n.alive) throw new Error(`${n.name} exited: ${tail(path.join(logs, `${n.name}.log`))}`);
            return healthy(n.url);
          },
          120_000,
        ),
      ),
    );

    const port = options.port || (await freePort());
    const cfg = path.join(options.dir, 'haproxy.cfg');
    writeFileSync(cfg, haproxyConfigFor(port, nodes));
    const haproxy = spawn('haproxy', ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
    const haproxyLog = createWriteStream(path.join(logs, 'haproxy.log'));
    haproxy.stdout.pipe(haproxyLog);
    haproxy.stderr.pipe(haproxyLog);
    children.push(haproxy);
    const failed = new Promise<never>((_, reject) => {
      haproxy.once('error', (e) => reject(new Error(`haproxy did not start (apt-get install haproxy): ${e.message}`)));
      haproxy.once('exit', (code) => reject(new Error(`haproxy exited (${code}); see ${path.join(logs, 'haproxy.log')}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    // Ready when HAProxy has every node up: the round-robin answers come from all of them.
    const seen = new Set<string>();
    await Promise.race([
      failed,
      waitFor(
        'HAProxy to see every node healthy',
        async () => {
          const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
          const node = res.headers.get('x-node');
          if (res.ok && node) seen.add(node);
          return seen.size === nodes.length;
        },
        60_000,
      ),
    ]);
    failed.catch(() => undefined);
    return { url, port, databaseUrl: postgres.url, dataDir, nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
