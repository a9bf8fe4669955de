import path from 'node:path';
import { AdminCommandError, AdminSocketError, askAdminSocket, probeAdminSocket } from '../admin/admin-client.ts';
import type { CliIo } from '../admin/admin-cli.ts';
import { adminSocketPath } from '../admin/admin-protocol.ts';
import { AdminSocketBusyError, claimAdminSocket } from '../admin/admin-socket.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { BackupError, restoreBackup, writeBackup } from './backup-files.ts';
import { takeSnapshot } from './snapshot.ts';

const PG_HINT =
  'With DATABASE_URL the data is in PostgreSQL: back it up with pg_dump and restore it with pg_restore (docs/operator-guide.md, "Backups"); copy DATA_DIR/files and DATA_DIR/recordings with it.';

/** Where the operator typed the command (npm runs scripts from the package folder). */
const resolveArg = (env: NodeJS.ProcessEnv, arg: string) => path.resolve(env.INIT_CWD ?? process.cwd(), arg);

async function run(io: CliIo, work: () => Promise<string>): Promise<number> {
  try {
    io.stdout(await work());
    return 0;
  } catch (error) {
    const known =
      error instanceof BackupError ||
      error instanceof ConfigError ||
      error instanceof AdminSocketError ||
      error instanceof AdminCommandError ||
      error instanceof AdminSocketBusyError;
    io.stderr(known ? `${(error as Error).message}\n` : `unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

/**
 * `npm run backup -- <target>`: a consistent copy of DATA_DIR into an empty or new folder. With the
 * server running, it asks the server (admin socket) for the cut: writes are held for the instant the
 * server reads db.json and the chat files' lengths. With the server stopped, it holds the admin socket
 * (a server starting meanwhile waits) and copies the folder as it is.
 */
export async function runBackupCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) {
    io.stderr('usage: npm run backup -- <empty or new folder>\n');
    return 2;
  }
  return run(io, async () => {
    const config = loadConfig(env);
    if (config.databaseUrl) throw new BackupError(PG_HINT);
    const target = resolveArg(env, argv[0]!);
    const socket = adminSocketPath(config.dataDir);
    if (path.resolve(target).startsWith(`${config.dataDir}${path.sep}`))
      throw new BackupError('the backup folder must not be inside DATA_DIR');
    let how: string;
    let manifest: Awaited<ReturnType<typeof writeBackup>>;
    let pausedMs = 0;
    if (await probeAdminSocket(socket)) {
      const snapshot = await askAdminSocket(socket, { command: 'snapshot' });
      pausedMs = snapshot.pausedMs;
      manifest = await writeBackup(config.dataDir, target, snapshot);
      how = `from the running server (writes held for ${pausedMs} ms)`;
    } else {
      const held = await claimAdminSocket(config.dataDir);
      try {
        const snapshot = await takeSnapshot(config.dataDir, { pause: async () => () => undefined });
        manifest = await writeBackup(config.dataDir, target, snapshot);
      } finally {
        await held.close();
      }
      how = 'from the stopped server’s folder';
    }
    const bytes = manifest.files.reduce((sum, f) => sum + f.size, 0);
    return `backed up ${manifest.files.length} files (${(bytes / 1024 / 1024).toFixed(1)} MB) of ${config.dataDir} into ${target}, ${how}; checked against its manifest\n`;
  });
}

/** `npm run restore -- <backup>`: checks the backup, then puts it into DATA_DIR, which must be empty or new. */
export async function runRestoreCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) {
    io.stderr('usage: npm run restore -- <backup folder>   (into DATA_DIR, which must be empty or new)\n');
    return 2;
  }
  return run(io, async () => {
    const config = loadConfig(env);
    if (config.databaseUrl) throw new BackupError(PG_HINT);
    if (await probeAdminSocket(adminSocketPath(config.dataDir))) {
      throw new BackupError(`a server is running on ${config.dataDir}: stop it, and restore into an empty DATA_DIR`);
    }
    const source = resolveArg(env, argv[0]!);
    const manifest = await restoreBackup(source, config.dataDir);
    return `restored ${manifest.files.length} files of the backup taken at ${manifest.takenAt} into ${config.dataDir}; start the server with this DATA_DIR\n`;
  });
}
