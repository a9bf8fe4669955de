import type { AddressInfo } from 'node:net';
import { adminCommandHandler } from './admin/admin-commands.ts';
import { AdminSocketBusyError, claimAdminSocket } from './admin/admin-socket.ts';
import { warnAboutUnclaimedAdminEmails } from './admin/unclaimed-admin-emails.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createBackend } from './create-backend.ts';
import { createMailer } from './mail/mailer.ts';
import { createFileChatLog, verifyChatFiles } from './store/chat-log.ts';
import { createFileStore, StoreCorruptError } from './store/store.ts';
import { logFor } from './lib/log.ts';

const log = logFor('server');

async function main() {
  const config = loadConfig();
  // Holding the admin socket means owning db.json: take it before reading the store, so an
  // admin command working on the stopped server's file finishes before we read it.
  const adminSocket = await claimAdminSocket(config.dataDir, { waitMs: 5_000 });
  let backend: ReturnType<typeof createBackend>;
  try {
    const store = await createFileStore(config.dataDir);
    await verifyChatFiles(config.dataDir);
    const mailer = createMailer(config);
    backend = createBackend({ config, store, chatLog: createFileChatLog(config.dataDir), mailer });
    adminSocket.serve(adminCommandHandler(backend.deps.accountFeatures));
    warnAboutUnclaimedAdminEmails(config, store);

    backend.server.listen(config.port, config.host, () => {
      const { port } = backend.server.address() as AddressInfo;
      log.info(
        `listening on http://localhost:${port} (data in ${config.dataDir}, mail via ${mailer.describe()}, admin socket ${adminSocket.path})`,
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
    log.info(`${signal}: closing sockets and flushing the store`);
    // The admin socket goes last: a CLI that finds it gone opens db.json itself.
    await adminSocket.close(() => backend.close());
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof StoreCorruptError || error instanceof AdminSocketBusyError) {
    log.fatal(`cannot start: ${error.message}`);
  } else {
    log.fatal({ err: error }, `cannot start: ${(error as Error).message}`);
  }
  process.exit(1);
});
