import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config';
import { createBackend } from './create-backend';
import { createMailer } from './mail/mailer';
import { createFileChatLog, verifyChatFiles } from './store/chat-log';
import { createFileStore, StoreCorruptError } from './store/store';

async function main() {
  const config = loadConfig();
  const store = await createFileStore(config.dataDir);
  await verifyChatFiles(config.dataDir);
  const mailer = createMailer(config);
  const backend = createBackend({ config, store, chatLog: createFileChatLog(config.dataDir), mailer });

  backend.server.listen(config.port, config.host, () => {
    const { port } = backend.server.address() as AddressInfo;
    console.log(`listening on http://localhost:${port} (data in ${config.dataDir}, mail via ${mailer.describe()})`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing sockets and flushing the store`);
    await backend.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof StoreCorruptError) {
    console.error(`cannot start: ${error.message}`);
  } else {
    console.error('cannot start:', error);
  }
  process.exit(1);
});
