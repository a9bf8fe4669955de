import { existsSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import type { Config } from '../config.ts';
import { ApiError } from '../lib/api-error.ts';
import { describeIssues } from '../lib/validate.ts';
import { DATA_FILE_NAME } from '../storage/lowdb/lowdb-document.ts';
import { openStorage } from '../storage/open-storage.ts';
import type { Storage } from '../storage/repositories.ts';
import { createAccountFeatures } from './account-features.ts';
import { AdminCommandError, AdminSocketError, askAdminSocket, probeAdminSocket } from './admin-client.ts';
import { adminCommandHandler } from './admin-commands.ts';
import { AdminRequestSchema, adminSocketPath, type AdminCommand, type AdminRequestFor, type AdminResult } from './admin-protocol.ts';
import { AdminSocketBusyError, claimAdminSocket } from './admin-socket.ts';

/**
 * Where the CLI's requests go: the running server's socket, or the data file opened here while the
 * server is stopped, or (with DATABASE_URL) the database, which any number of processes share.
 */
export interface AdminChannel {
  mode: 'server' | 'file' | 'database';
  send<C extends AdminCommand>(request: AdminRequestFor<C>): Promise<AdminResult<C>>;
  close(): Promise<void>;
}

/**
 * Uses the running server when it answers on `DATA_DIR/admin.sock` (it keeps the data in memory:
 * writing the file behind its back would be lost or lose its writes). Otherwise opens the data
 * file itself, holding the socket meanwhile, so a server that starts now waits for it (or, when
 * the CLI lost that race, the CLI uses the server).
 */
export async function openAdminChannel(
  config: Pick<Config, 'dataDir' | 'adminEmails' | 'databaseUrl' | 'databasePoolSize'>,
): Promise<AdminChannel> {
  if (config.databaseUrl) {
    const storage = await openStorage({ ...config, databasePoolSize: 1 });
    return { mode: 'database', ...directChannel(storage, config), close: () => storage.close() };
  }
  const file = adminSocketPath(config.dataDir);
  const dataFile = path.join(config.dataDir, DATA_FILE_NAME);
  let lastRace: Error | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await probeAdminSocket(file))
      return { mode: 'server', send: (request) => askAdminSocket(file, request), close: async () => undefined };
    if (!existsSync(dataFile)) {
      throw new AdminSocketError(`no server answers on ${file} and there is no data file ${dataFile}: is DATA_DIR right?`);
    }
    let socket: Awaited<ReturnType<typeof claimAdminSocket>>;
    try {
      socket = await claimAdminSocket(config.dataDir);
    } catch (error) {
      if (!(error instanceof AdminSocketBusyError)) throw error;
      lastRace = error;
      continue; // a server came up meanwhile: ask it
    }
    let storage: Storage;
    try {
      storage = await openStorage(config, { prepareChat: false });
    } catch (error) {
      await socket.close();
      throw error;
    }
    const direct = directChannel(storage, config);
    socket.serve(direct.handler); // another CLI run meanwhile goes through us
    const opened = storage;
    return { mode: 'file', send: direct.send, close: () => socket.close(() => opened.close()) };
  }
  throw lastRace ?? new AdminSocketError(`cannot use ${file}`);
}

/** Requests carried out here, on storage opened by the CLI itself. */
function directChannel(storage: Storage, config: Pick<Config, 'adminEmails'>) {
  const handler = adminCommandHandler(createAccountFeatures({ users: storage.users, clock: () => new Date(), config }));
  return {
    handler,
    async send<C extends AdminCommand>(request: AdminRequestFor<C>): Promise<AdminResult<C>> {
      const parsed = v.safeParse(AdminRequestSchema, request);
      if (!parsed.success) throw new AdminCommandError('validation_failed', describeIssues('request', parsed.issues));
      try {
        return (await handler(parsed.output)) as AdminResult<C>;
      } catch (error) {
        if (error instanceof ApiError) throw new AdminCommandError(error.code, error.message);
        throw error;
      }
    },
  };
}
