import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPostgres, startPostgres } from '../../../test/postgres/start-postgres.ts';
import { StorageUnavailableError, StoreCorruptError } from '../storage-errors.ts';
import { migrate, readMigrations } from './migrate.ts';
import { openPostgresStorage } from './postgres-storage.ts';

/** Schema migrations against a PostgreSQL started for this file (Debian's binaries; fails without them). */
describe('PostgreSQL schema migrations', () => {
  let pg: RunningPostgres;
  let admin: postgres.Sql;
  let n = 0;
  const freshDatabase = async () => {
    const name = `migrate_${++n}`;
    await admin.unsafe(`CREATE DATABASE ${name}`);
    return pg.urlFor(name);
  };
  const connect = (url: string) => postgres(url, { max: 2, onnotice: () => undefined });

  beforeAll(async () => {
    pg = await startPostgres();
    admin = connect(pg.url);
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await pg?.stop();
  });

  it('are numbered files applied once, in order, and recorded with their checksums', async () => {
    const files = await readMigrations();
    expect(files.map((m) => m.name)).toEqual([...files.map((m) => m.name)].sort());
    expect(files[0]!.name).toBe('0001-initial.sql');
    const sql = connect(await freshDatabase());
    expect(await migrate(sql)).toEqual(files.map((m) => m.name));
    expect(await migrate(sql)).toEqual([]);
    const recorded = await sql`SELECT version, name, checksum FROM schema_migrations ORDER BY version`;
    expect(recorded.map((r) => ({ ...r }))).toEqual(files.map(({ version, name, checksum }) => ({ version, name, checksum })));
    await sql.end();
  });

  it('are applied by one of several servers starting at once (advisory lock), the others find them done', async () => {
    const url = await freshDatabase();
    const servers = await Promise.all(Array.from({ length: 4 }, () => openPostgresStorage(url, { poolSize: 2 })));
    const all = (await readMigrations()).length;
    expect(servers.map((s) => s.applied.length).sort()).toEqual([0, 0, 0, all]);
    await Promise.all(servers.map((s) => s.close()));
  });

  it('roll back whole: a migration that fails leaves no table and no record of it', async () => {
    const sql = connect(await freshDatabase());
    const good = (await readMigrations())[0]!;
    const bad = { version: '0002', name: '0002-broken.sql', sql: 'CREATE TABLE half_done (id int); SELECT nonsense;', checksum: 'x' };
    await expect(migrate(sql, [good, bad])).rejects.toThrow(/nonsense/);
    expect(await sql`SELECT to_regclass('users') AS users, to_regclass('half_done') AS half`).toEqual([
      expect.objectContaining({ users: null, half: null }),
    ]);
    await sql.end();
  });

  it('refuse a database a newer release migrated, or whose applied migration was edited, changing nothing', async () => {
    const sql = connect(await freshDatabase());
    const [first] = await readMigrations();
    await migrate(sql, [first!]);
    await expect(migrate(sql, [])).rejects.toThrow(StoreCorruptError);
    await expect(migrate(sql, [])).rejects.toThrow(/has migration 0001-initial\.sql, which this server does not know/);
    await expect(migrate(sql, [{ ...first!, checksum: 'edited' }])).rejects.toThrow(/was changed after it was applied/);
    await sql.end();
  });

  it('stop the start with a clear message when PostgreSQL cannot be reached', async () => {
    const url = `postgres://postgres:secret@127.0.0.1:1/none`;
    const failure = openPostgresStorage(url);
    await expect(failure).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(failure).rejects.toThrow(/cannot reach PostgreSQL at postgres@127\.0\.0\.1:1\/none/);
    await expect(failure).rejects.not.toThrow(/secret/);
  });
});
