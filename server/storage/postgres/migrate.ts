import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from 'postgres';
import { StoreCorruptError } from '../storage-errors.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** `NNNN-what-it-does.sql`, applied in the order of their numbers. */
const MIGRATION_FILE = /^(\d{4})-[a-z0-9-]+\.sql$/;
/** pg_advisory_xact_lock's key: "meeting-room migrations" (any constant all our processes share). */
const MIGRATION_LOCK = 0x6d726d67;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => MIGRATION_FILE.test(n)).sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    const sql = await readFile(path.join(dir, name), 'utf8');
    const version = MIGRATION_FILE.exec(name)![1]!;
    if (migrations.some((m) => m.version === version)) throw new Error(`two migrations are numbered ${version}`);
    migrations.push({ version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

/**
 * Brings the database's schema up to this server's: every migration not applied yet, in order,
 * in one transaction (all or none), under an advisory lock so that servers starting together
 * apply each once; each is recorded in `schema_migrations`. A database that has a migration
 * this server does not know (a newer release ran on it) or whose applied migration was edited
 * since is refused, changing nothing. Returns the names applied now.
 */
export async function migrate(sql: Sql, migrations?: Migration[]): Promise<string[]> {
  const wanted = migrations ?? (await readMigrations());
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version text PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`;
    const applied = await tx<{ version: string; name: string; checksum: string }[]>`
      SELECT version, name, checksum FROM schema_migrations ORDER BY version`;
    for (const row of applied) {
      const known = wanted.find((m) => m.version === row.version);
      if (!known) {
        throw new StoreCorruptError(
          `The database has migration ${row.name}, which this server does not know: a newer release used it. ` +
            'Run that release, or restore the database from a backup taken before it.',
        );
      }
      if (known.checksum !== row.checksum) {
        throw new StoreCorruptError(
          `The migration ${row.name} was changed after it was applied to the database (its checksum differs). ` +
            'Migrations are never edited once released: put the change in a new migration.',
        );
      }
    }
    const done: string[] = [];
    for (const migration of wanted.filter((m) => !applied.some((a) => a.version === m.version))) {
      await tx.unsafe(migration.sql).simple();
      await tx`
        INSERT INTO schema_migrations (version, name, checksum)
        VALUES (${migration.version}, ${migration.name}, ${migration.checksum})`;
      done.push(migration.name);
    }
    return done;
  });
}
