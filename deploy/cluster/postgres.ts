import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DEBIAN_PG = '/usr/lib/postgresql';

/** Debian's PostgreSQL server binaries (the newest installed), or an error saying what to install. */
export function postgresBin(): string {
  const versions = existsSync(DEBIAN_PG) ? readdirSync(DEBIAN_PG).filter((v) => /^\d+$/.test(v)) : [];
  for (const version of versions.sort((a, b) => Number(b) - Number(a))) {
    const bin = path.join(DEBIAN_PG, version, 'bin');
    if (['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(path.join(bin, b)))) return bin;
  }
  throw new Error(`no PostgreSQL server binaries in ${DEBIAN_PG}/<version>/bin: apt-get install postgresql`);
}

export interface ClusterPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL for the cluster, its data kept in `dir` (created by initdb the first time), on
 * 127.0.0.1:`port`, trusting local connections. As root it runs as the `postgres` user, which
 * PostgreSQL requires.
 */
export async function startClusterPostgres(dir: string, port: number, { durable = true } = {}): Promise<ClusterPostgres> {
  const bin = postgresBin();
  const asRoot = userInfo().uid === 0;
  const pg = (program: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]) : run(path.join(bin, program), args);
  mkdirSync(dir, { recursive: true });
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = path.join(dir, 'data');
  if (!existsSync(path.join(data, 'PG_VERSION'))) {
    await pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  }
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off']),
  ].join(' ');
  await pg('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-o', settings, '-w', '-t', '60', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => void (await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined)),
  };
}
