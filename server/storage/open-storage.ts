import type { Config } from '../config.ts';
import { logFor } from '../lib/log.ts';
import { prepareChatFiles } from './lowdb/chat-files.ts';
import { openLowdbStorage } from './lowdb/lowdb-storage.ts';
import { openPostgresStorage } from './postgres/postgres-storage.ts';
import type { Storage } from './repositories.ts';

const log = logFor('storage');

/**
 * The storage the configuration asks for: PostgreSQL when `DATABASE_URL` is set (its schema
 * migrated first), else lowdb in `DATA_DIR` (with `prepareChat`, the chat files are moved to
 * JSON Lines and checked first, as the server does before it answers anyone).
 */
export async function openStorage(
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databasePoolSize'>,
  { prepareChat = true }: { prepareChat?: boolean } = {},
): Promise<Storage> {
  if (config.databaseUrl) {
    const storage = await openPostgresStorage(config.databaseUrl, { poolSize: config.databasePoolSize });
    for (const name of storage.applied) log.info(`applied the database migration ${name}`);
    return storage;
  }
  if (prepareChat) {
    const report = await prepareChatFiles(config.dataDir);
    for (const file of report.migrated) log.info(`moved the chat file ${file} to JSON Lines (${file}l); the old file was removed`);
    for (const file of report.repaired) {
      log.warn(`the chat file ${file} ended in a line cut short by a crash (never acknowledged); that line was removed`);
    }
  }
  return openLowdbStorage(config.dataDir);
}
