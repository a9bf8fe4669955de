import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { adminCommandHandler } from './admin/admin-commands.ts';
import { AdminSocketBusyError, claimAdminSocket } from './admin/admin-socket.ts';
import { warnAboutUnclaimedAdminEmails } from './admin/unclaimed-admin-emails.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createBackend } from './create-backend.ts';
import { takeSnapshot } from './backup/snapshot.ts';
import { createMailer } from './mail/mailer.ts';
import { logFor } from './lib/log.ts';
import { openStorage } from './storage/open-storage.ts';
import { StorageUnavailableError, StoreCorruptError } from './storage/storage-errors.ts';

const log = logFor('server');

async function main() {
  const config = loadConfig();
  // Holding the admin socket means owning db.json: take it before reading the storage, so an
  // admin command working on the stopped server's file finishes before we read it.
  // Nodes of a cluster share DATA_DIR (files, recordings) and PostgreSQL: each has its own socket.
  const adminDir = config.nodeName ? path.join(config.dataDir, 'nodes', config.nodeName) : config.dataDir;
  const adminSocket = await claimAdminSocket(adminDir, { waitMs: 5_000 });
  let backend: ReturnType<typeof createBackend>;
  try {
    // lowdb (DATA_DIR) or PostgreSQL (DATABASE_URL): checked, migrated and ready before anyone is answered.
    const storage = await openStorage(config);
    if (config.databaseUrl && !config.clusterSecret) {
      log.warn('DATABASE_URL without CLUSTER_SECRET: participant tokens are accepted only by this process (no failover to another node)');
    }
    const mailer = createMailer(config);
    backend = createBackend({ config, storage, mailer });
    adminSocket.serve(
      adminCommandHandler(backend.deps.accountFeatures, { snapshot: () => takeSnapshot(config.dataDir, backend.deps.writeGate) }),
    );
    await warnAboutUnclaimedAdminEmails(config, storage.users);

    backend.server.listen(config.port, config.host, () => {
      const { port } = backend.server.address() as AddressInfo;
      log.info(
        `listening on http://localhost:${port} (storage: ${storage.describe()}, files in ${config.dataDir}, ` +
          `mail via ${mailer.describe()}, admin socket ${adminSocket.path})`,
      );
    });
  } catch (error) {
    await adminSocket.close();
    throw error;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (signal === 'SIGTERM' && config.clusterSecret) {
      // One node of several: its meetings move to the others before it goes (a rolling upgrade drops no call).
      log.info('SIGTERM: draining (health answers 503, then the pages move to the other nodes)');
      const drained = await backend.drain();
      log.info(
        `drained in ${drained.ms} ms (${drained.waited === 'checks' ? 'the proxy took this node out' : 'waited the most DRAIN_WAIT_MS allows'})`,
      );
    }
    log.info(`${signal}: closing sockets and flushing the storage`);
    // The admin socket goes last: a CLI that finds it gone opens db.json itself.
    await adminSocket.close(() => backend.close());
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  if (
    error instanceof ConfigError ||
    error instanceof StoreCorruptError ||
    error instanceof StorageUnavailableError ||
    error instanceof AdminSocketBusyError
  ) {
    log.fatal(`cannot start: ${error.message}`);
  } else {
    log.fatal({ err: error }, `cannot start: ${(error as Error).message}`);
  }
  process.exit(1);
});
