import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { freePort } from '../../deploy/cluster/start-cluster.ts';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian's `postgresql` package puts the server's binaries (15 on bookworm; any version will do). */
const DEBIAN_PG = '/usr/lib/postgresql';

export interface RunningPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** A URL for another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

/** The folder with `initdb`, `pg_ctl` and `postgres`; a clear error (install Debian's postgresql) when there is none. */
export function postgresBinaries(): string {
  const versions = existsSync(DEBIAN_PG)
    ? readdirSync(DEBIAN_PG)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const preferred = ['15', ...versions.filter((v) => v !== '15')];
  for (const version of preferred) {
    const bin = path.join(DEBIAN_PG, version, 'bin');
    if (['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(path.join(bin, b)))) return bin;
  }
  throw new Error(
    `PostgreSQL's server binaries (initdb, pg_ctl, postgres) are not in ${DEBIAN_PG}/<version>/bin: ` +
      "install Debian's postgresql package (apt-get install postgresql) to run the PostgreSQL tests and benchmarks.",
  );
}

/**
 * A throwaway PostgreSQL server for tests and benchmarks: a fresh cluster (initdb) in a temporary
 * folder, listening on a free port on 127.0.0.1 (and its Unix socket in that folder), trusting
 * local connections. PostgreSQL refuses to run as root: as root it runs as the `postgres` OS user
 * (the folder is given to that user). `durable: false` turns fsync off, for tests that do not
 * measure anything. Stop it (afterAll): the folder is removed.
 */
export async function startPostgres({ durable = false }: { durable?: boolean } = {}): Promise<RunningPostgres> {
  const bin = postgresBinaries();
  const asRoot = userInfo().uid === 0;
  const folder = mkdtempSync(path.join(tmpdir(), 'pg-test-'));
  const data = path.join(folder, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(folder, uid, gid);
  }
  /** A PostgreSQL program, as the postgres user when we are root. */
  const pg = (program: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]) : run(path.join(bin, program), args);

  await pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${folder}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  const stopNow = () => {
    try {
      const args = ['-D', data, '-m', 'immediate', 'stop'];
      if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...args], { stdio: 'ignore' });
      else execFileSync(path.join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
    } catch {
      /* not running */
    }
  };
  try {
    await pg('pg_ctl', ['-D', data, '-l', path.join(folder, 'postgres.log'), '-o', settings, '-w', '-t', '30', 'start']);
  } catch (error) {
    stopNow();
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}`);
  }
  // A test process that dies without its afterAll still stops its server.
  const onExit = () => stopNow();
  process.once('exit', onExit);
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    port,
    urlFor,
    async stop() {
      process.off('exit', onExit);
      await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => stopNow());
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
