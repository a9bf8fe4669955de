import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/lowdb/lowdb-storage.ts';
import { normaliseStoreData, type UserRecord } from '../storage/records.ts';
import { createAccountFeatures } from './account-features.ts';

const user = (email: string, name: string, createdAt = '2026-01-01T00:00:00.000Z'): UserRecord => ({
  id: `id-${email.split('@')[0]}`,
  email,
  name,
  passwordHash: 'scrypt$x',
  createdAt,
  features: { recording: false, backgroundBlur: false },
});

function setup() {
  const storage = createMemoryStorage({
    users: [
      user('zoe@example.com', 'Zoe Zed'),
      user('ada@example.com', 'Ada Lovelace'),
      user('olga@ops.example', 'Olga Operator'),
      user('bob@example.com', 'Robert Ada'),
    ],
  });
  let now = Date.parse('2026-11-25T10:00:00Z');
  const clock = () => new Date((now += 1000));
  return { storage, features: createAccountFeatures({ users: storage.users, clock, config: { adminEmails: ['olga@ops.example'] } }) };
}

describe('account features', () => {
  it('lists accounts by email, marks operators, pages and searches email or name ignoring case', async () => {
    const { features } = setup();
    const all = await features.list();
    expect(all.accounts.map((a) => a.email)).toEqual(['ada@example.com', 'bob@example.com', 'olga@ops.example', 'zoe@example.com']);
    expect(all).toMatchObject({ total: 4, offset: 0, limit: 25 });
    expect(all.accounts.find((a) => a.email === 'olga@ops.example')?.operator).toBe(true);
    expect(all.accounts[0]).toEqual({
      id: 'id-ada',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      createdAt: '2026-01-01T00:00:00.000Z',
      features: { recording: false, backgroundBlur: false },
      operator: false,
    });
    expect(all.accounts[0]).not.toHaveProperty('passwordHash');
    expect((await features.list({ offset: 1, limit: 2 })).accounts.map((a) => a.email)).toEqual(['bob@example.com', 'olga@ops.example']);
    expect(await features.list({ offset: 10 })).toMatchObject({ accounts: [], total: 4 });
    expect((await features.list({ search: ' ADA ' })).accounts.map((a) => a.email)).toEqual(['ada@example.com', 'bob@example.com']);
    expect((await features.list({ search: 'ops.example' })).total).toBe(1);
  });

  it('switches by id or email, writes one audit line per real change, and none for a switch already so', async () => {
    const { features, storage } = setup();
    const first = await features.set(
      { id: 'id-ada' },
      { recording: true, backgroundBlur: false },
      { kind: 'operator', email: 'olga@ops.example' },
    );
    expect(first.account.features).toEqual({ recording: true, backgroundBlur: false });
    expect(first.audit).toEqual([
      {
        id: expect.any(String),
        at: '2026-11-25T10:00:01.000Z',
        actor: 'olga@ops.example',
        accountId: 'id-ada',
        accountEmail: 'ada@example.com',
        change: { feature: 'recording', from: false, to: true },
      },
    ]);
    const second = await features.set(
      { email: ' ADA@example.com' },
      { recording: true, backgroundBlur: true },
      { kind: 'cli', osUser: 'root' },
    );
    expect(second.audit.map((a) => [a.actor, a.change])).toEqual([['cli:root', { feature: 'backgroundBlur', from: false, to: true }]]);
    expect((await storage.users.byId('id-ada'))!.features).toEqual({ recording: true, backgroundBlur: true });
    expect((await storage.dump()).audit).toHaveLength(2);
  });

  it('changes nothing for an unknown account', async () => {
    const { features, storage } = setup();
    const before = await storage.dump();
    await expect(features.set({ id: 'nobody' }, { recording: true }, { kind: 'cli', osUser: 'x' })).rejects.toMatchObject({
      status: 404,
      message: 'account not found',
    });
    await expect(features.set({ email: 'nobody@example.com' }, { recording: true }, { kind: 'cli', osUser: 'x' })).rejects.toThrow(
      'no account with the email nobody@example.com',
    );
    expect(await storage.dump()).toEqual(before);
  });

  it('reads the audit log newest first, in pages', async () => {
    const { features } = setup();
    for (const on of [true, false, true]) await features.set({ id: 'id-zoe' }, { recording: on }, { kind: 'cli', osUser: 'ops' });
    const log = await features.audit();
    expect(log.total).toBe(3);
    expect(log.entries.map((e) => e.change.to)).toEqual([true, false, true]);
    expect(log.entries.map((e) => e.at)).toEqual(['2026-11-25T10:00:03.000Z', '2026-11-25T10:00:02.000Z', '2026-11-25T10:00:01.000Z']);
    expect((await features.audit({ offset: 1, limit: 1 })).entries.map((e) => e.at)).toEqual(['2026-11-25T10:00:02.000Z']);
    expect((await features.audit({ offset: 5 })).entries).toEqual([]);
  });

  it('reads data files from before the audit log as having an empty one', () => {
    const old = { version: 1, users: [], sessions: [], meetings: [], invites: [], recordings: [] };
    expect(normaliseStoreData(old).audit).toEqual([]);
    expect(() => normaliseStoreData({ ...old, audit: {} })).toThrow(/"audit" is not a list/);
  });
});
