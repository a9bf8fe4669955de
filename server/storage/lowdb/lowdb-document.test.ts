import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileStore, createMemoryStore, DATA_FILE_NAME, StoreCorruptError } from './store.ts';

const meeting = (id: string) => ({
  id,
  ownerId: 'u',
  linkToken: 't',
  title: id,
  startsAt: '2026-01-01T00:00:00Z',
  durationMinutes: 30,
  createdAt: '2026-01-01T00:00:00Z',
});

describe('store', () => {
  it('serialises concurrent updates without losing any', async () => {
    const store = createMemoryStore();
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.update((d) => void d.meetings.push(meeting(`m${i}`)))));
    expect(store.read((d) => d.meetings.length)).toBe(100);
  });

  it('changes nothing when an updater throws', async () => {
    const store = createMemoryStore();
    await store.update((d) => void d.meetings.push(meeting('a')));
    await expect(
      store.update((d) => {
        d.meetings.push(meeting('b'));
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    expect(store.read((d) => d.meetings.map((m) => m.id))).toEqual(['a']);
  });

  it('persists to the data file and reads it back', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'store-'));
    const store = await createFileStore(dir);
    await store.update((d) => void d.meetings.push(meeting('persisted')));
    await store.close();
    const again = await createFileStore(dir);
    expect(again.read((d) => d.meetings[0]?.id)).toBe('persisted');
  });

  it('refuses a corrupt data file and leaves it untouched', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'store-'));
    const file = path.join(dir, DATA_FILE_NAME);
    await writeFile(file, '{"version":1,"meetings":[{"id":');
    await expect(createFileStore(dir)).rejects.toBeInstanceOf(StoreCorruptError);
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"meetings":[{"id":');
  });

  it.each([
    ['a null user', { version: 1, users: [null] }, /users\[0\] is not a valid record/],
    [
      'a meeting without a link',
      {
        version: 1,
        meetings: [
          { id: 'm', ownerId: 'u', title: 't', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 5, createdAt: '2026-11-01T09:00:00Z' },
        ],
      },
      /meetings\[0\].*linkToken/,
    ],
    [
      'an invite in an unknown state',
      {
        version: 1,
        invites: [
          {
            id: 'i',
            meetingId: 'm',
            token: 't',
            guestName: 'g',
            guestEmail: 'g@x',
            timeZone: null,
            state: 'lost',
            error: null,
            createdAt: '2026-11-01T09:00:00Z',
          },
        ],
      },
      /invites\[0\]/,
    ],
    [
      'a session with a broken date',
      { version: 1, sessions: [{ tokenHash: 'h', userId: 'u', createdAt: 'yesterday', expiresAt: '2026-11-01T09:00:00Z' }] },
      /sessions\[0\]/,
    ],
  ])('refuses a data file that parses but holds %s, naming the record', async (_what, content, message) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'store-'));
    const file = path.join(dir, DATA_FILE_NAME);
    await writeFile(file, JSON.stringify(content));
    const failure = createFileStore(dir);
    await expect(failure).rejects.toBeInstanceOf(StoreCorruptError);
    await expect(failure).rejects.toThrow(message);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(content);
  });
});
