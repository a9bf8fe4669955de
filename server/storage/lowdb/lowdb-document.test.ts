import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Memory } from 'lowdb';
import { describe, expect, it } from 'vitest';
import type { MeetingRecord, StoreData } from '../records.ts';
import { StoreCorruptError } from '../storage-errors.ts';
import { DATA_FILE_NAME, memoryDocument, openFileDocument } from './lowdb-document.ts';

const meeting = (id: string): MeetingRecord => ({
  id,
  ownerId: 'u',
  linkToken: 't',
  title: id,
  startsAt: '2026-01-01T00:00:00.000Z',
  durationMinutes: 30,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const adding = (m: MeetingRecord) => (d: Readonly<StoreData>) => ({ next: { ...d, meetings: [...d.meetings, m] }, result: m.id });

/** A memory adapter whose writes fail while `broken`. */
function breakable() {
  const memory = new Memory<StoreData>();
  const adapter = {
    broken: false,
    read: () => memory.read(),
    write: async (data: StoreData) => {
      if (adapter.broken) throw new Error('ENOSPC: no space left on device');
      await memory.write(data);
    },
  };
  return adapter;
}

describe('the lowdb document (db.json)', () => {
  it('serialises concurrent writes without losing any', async () => {
    const doc = memoryDocument();
    await Promise.all(Array.from({ length: 100 }, (_, i) => doc.write(adding(meeting(`m${i}`)))));
    expect(doc.current().meetings).toHaveLength(100);
  });

  it('changes nothing when a change throws', async () => {
    const doc = memoryDocument();
    await doc.write(adding(meeting('a')));
    await expect(
      doc.write(() => {
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    expect(doc.current().meetings.map((m) => m.id)).toEqual(['a']);
  });

  it('changes nothing when the write fails, and readers never see the unwritten state', async () => {
    const adapter = breakable();
    const doc = memoryDocument({}, adapter);
    await doc.write(adding(meeting('a')));
    adapter.broken = true;
    const failing = doc.write(adding(meeting('b')));
    expect(doc.current().meetings.map((m) => m.id)).toEqual(['a']);
    await expect(failing).rejects.toThrow(/ENOSPC/);
    expect(doc.current().meetings.map((m) => m.id)).toEqual(['a']);
    adapter.broken = false;
    await doc.write(adding(meeting('c')));
    expect(doc.current().meetings.map((m) => m.id)).toEqual(['a', 'c']);
  });

  it('persists to the data file and reads it back, leaving no temporary file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'store-'));
    const doc = await openFileDocument(dir);
    await doc.write(adding(meeting('persisted')));
    await doc.close();
    const again = await openFileDocument(dir);
    expect(again.current().meetings[0]?.id).toBe('persisted');
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).toEqual([DATA_FILE_NAME]);
  });

  it('refuses a corrupt data file and leaves it untouched', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'store-'));
    const file = path.join(dir, DATA_FILE_NAME);
    await writeFile(file, '{"version":1,"meetings":[{"id":');
    await expect(openFileDocument(dir)).rejects.toBeInstanceOf(StoreCorruptError);
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
    const failure = openFileDocument(dir);
    await expect(failure).rejects.toBeInstanceOf(StoreCorruptError);
    await expect(failure).rejects.toThrow(message);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(content);
  });
});
