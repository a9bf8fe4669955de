import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Adapter, Memory } from 'lowdb';
import postgres from 'postgres';
import { prepareChatFiles } from '../../server/storage/lowdb/chat-files.ts';
import type { AppendIo } from '../../server/storage/lowdb/chat-jsonl.ts';
import { createMemoryStorage, openLowdbStorage } from '../../server/storage/lowdb/lowdb-storage.ts';
import { migrate } from '../../server/storage/postgres/migrate.ts';
import { openPostgresStorage } from '../../server/storage/postgres/postgres-storage.ts';
import type { StoreData } from '../../server/storage/records.ts';
import type { Storage } from '../../server/storage/repositories.ts';
import { type RunningPostgres, startPostgres } from '../postgres/start-postgres.ts';

/** What a failing write can hit: the operators' audit log (the second half of a change of switches), or a chat append. */
export type Breakable = 'audit' | 'chat';

/** One implementation of the storage contract, as the contract tests drive it. */
export interface StorageUnderTest {
  name: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** A new, empty storage. */
  open(): Promise<Storage>;
  /** The same data opened again, as after a restart (closes the one given); absent where nothing outlives the process. */
  reopen?: (storage: Storage) => Promise<Storage>;
  /** Makes writes to `what` fail until the returned repair is called; absent where such a write cannot fail. */
  breakWrites?: Partial<Record<Breakable, (storage: Storage) => Promise<() => Promise<void>>>>;
}

const broken = () => new Error('ENOSPC: no space left on device (broken on purpose)');

/** A lowdb adapter that can be made to fail, per storage. */
function breakableAdapter(inner: Adapter<StoreData>) {
  const adapter = {
    broken: false,
    read: () => inner.read(),
    write: async (data: StoreData) => {
      if (adapter.broken) throw broken();
      await inner.write(data);
    },
  };
  return adapter;
}

/** Chat appends that can be made to fail half-way (half the bytes written, then an error). */
function breakableChatIo() {
  const io = {
    broken: false,
    async append(handle: Parameters<AppendIo['append']>[0], bytes: Uint8Array) {
      if (io.broken) {
        await handle.write(bytes, 0, Math.floor(bytes.length / 2));
        throw broken();
      }
      await handle.write(bytes);
    },
    sync: (handle: Parameters<AppendIo['sync']>[0]) => handle.datasync(),
  };
  return io;
}

const switchFor =
  <T extends { broken: boolean }>(of: WeakMap<Storage, T>) =>
  async (storage: Storage) => {
    of.get(storage)!.broken = true;
    return async () => void (of.get(storage)!.broken = false);
  };

function lowdbInMemory(): StorageUnderTest {
  const adapters = new WeakMap<Storage, ReturnType<typeof breakableAdapter>>();
  return {
    name: 'lowdb in memory',
    setup: async () => undefined,
    teardown: async () => undefined,
    async open() {
      const adapter = breakableAdapter(new Memory<StoreData>());
      const storage = createMemoryStorage({}, adapter);
      adapters.set(storage, adapter);
      return storage;
    },
    breakWrites: { audit: switchFor(adapters) },
  };
}

function lowdbOnDisk(): StorageUnderTest {
  const folders: string[] = [];
  const dirs = new WeakMap<Storage, string>();
  const adapters = new WeakMap<Storage, ReturnType<typeof breakableAdapter>>();
  const chatIos = new WeakMap<Storage, ReturnType<typeof breakableChatIo>>();
  const openIn = async (dir: string) => {
    await prepareChatFiles(dir);
    let adapter: ReturnType<typeof breakableAdapter> | null = null;
    const chatIo = breakableChatIo();
    const storage = await openLowdbStorage(dir, { wrapAdapter: (inner) => (adapter = breakableAdapter(inner)), chatIo });
    dirs.set(storage, dir);
    adapters.set(storage, adapter!);
    chatIos.set(storage, chatIo);
    return storage;
  };
  return {
    name: 'lowdb on disk',
    setup: async () => undefined,
    async teardown() {
      await Promise.all(folders.map((f) => rm(f, { recursive: true, force: true })));
    },
    async open() {
      const dir = await mkdtemp(path.join(tmpdir(), 'storage-contract-'));
      folders.push(dir);
      return openIn(dir);
    },
    async reopen(storage) {
      await storage.close();
      return openIn(dirs.get(storage)!);
    },
    breakWrites: { audit: switchFor(adapters), chat: switchFor(chatIos) },
  };
}

/**
 * PostgreSQL, started by the test (Debian's binaries; the tests fail, never skip, without them).
 * Each `open()` gets a new database copied from one migrated once (CREATE DATABASE … TEMPLATE).
 */
function postgresql(): StorageUnderTest {
  let server: RunningPostgres | null = null;
  let admin: postgres.Sql | null = null;
  let count = 0;
  /** Why PostgreSQL could not be started: every test then fails with it (a skipped test would hide it). */
  let unavailable: Error | null = null;
  const urls = new WeakMap<Storage, string>();
  const triggers = async (storage: Storage, table: string) => {
    const sql = postgres(urls.get(storage)!, { max: 1, onnotice: () => undefined });
    await sql.unsafe(`
      CREATE OR REPLACE FUNCTION broken_on_purpose() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device (broken on purpose)'; END $$;
      CREATE TRIGGER broken BEFORE INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION broken_on_purpose();`);
    return async () => {
      await sql.unsafe(`DROP TRIGGER broken ON ${table}`);
      await sql.end();
    };
  };
  const openAt = async (url: string) => {
    const storage = await openPostgresStorage(url, { poolSize: 20 });
    urls.set(storage, url);
    return storage;
  };
  return {
    name: 'PostgreSQL',
    async setup() {
      try {
        server = await startPostgres();
      } catch (error) {
        unavailable = error as Error;
        return;
      }
      admin = postgres(server.url, { max: 1, onnotice: () => undefined });
      await admin`CREATE DATABASE contract_template`;
      const template = postgres(server.urlFor('contract_template'), { max: 1, onnotice: () => undefined });
      await migrate(template);
      await template.end();
    },
    async teardown() {
      await admin?.end();
      await server?.stop();
    },
    async open() {
      if (unavailable) throw unavailable;
      const name = `contract_${++count}`;
      await admin!.unsafe(`CREATE DATABASE ${name} TEMPLATE contract_template`);
      return openAt(server!.urlFor(name));
    },
    async reopen(storage) {
      await storage.close();
      return openAt(urls.get(storage)!);
    },
    breakWrites: { audit: (s) => triggers(s, 'audit_log'), chat: (s) => triggers(s, 'chat_messages') },
  };
}

export const STORAGE_IMPLEMENTATIONS: StorageUnderTest[] = [lowdbInMemory(), lowdbOnDisk(), postgresql()];
