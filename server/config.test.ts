import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { describeDatabaseUrl } from './storage/postgres/postgres-storage.ts';

describe('DATABASE_URL', () => {
  it('is optional: without it the storage is lowdb in DATA_DIR', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
    expect(loadConfig({ DATABASE_URL: '  ' }).databaseUrl).toBeNull();
    expect(loadConfig({}).databasePoolSize).toBe(10);
  });

  it.each([
    'postgres://meet:s3cret@db.internal:5432/meetings',
    'postgresql://meet@localhost/meetings?sslmode=require',
    'postgres:///meetings?host=/var/run/postgresql',
  ])('takes %s', (url) => {
    expect(loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '4' })).toMatchObject({ databaseUrl: url, databasePoolSize: 4 });
  });

  it.each([
    ['not a URL', /must be a PostgreSQL URL/],
    ['mysql://u@h/db', /must start with postgres:\/\//],
    ['postgres://localhost', /names no database/],
    ['postgres:///db', /names no host/],
  ])('refuses %s, saying what it should look like', (url, message) => {
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(message);
  });

  it('is shown in logs and messages without its password', () => {
    expect(describeDatabaseUrl('postgres://meet:s3cret@db.internal:5432/meetings')).toBe('meet@db.internal:5432/meetings');
    expect(describeDatabaseUrl('postgres:///meetings?host=/run/postgresql')).toBe('/run/postgresql/meetings');
  });
});
