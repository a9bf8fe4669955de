import { type FileHandle, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NewChatRecord } from '../records.ts';
import { type AppendIo, jsonlChat } from './chat-jsonl.ts';

const ID = 'MeetingAAAAAAAAAAAAAAAA';
const text = (t: string, meetingId = ID): NewChatRecord => ({
  id: `id-${t}`,
  meetingId,
  kind: 'text',
  senderId: 's',
  senderName: 'Sam',
  text: t,
  audience: 'all',
  createdAt: '2026-11-25T10:00:00.000Z',
});
const dataDir = () => mkdtemp(path.join(tmpdir(), 'chat-jsonl-'));
const fileOf = (dir: string, id = ID) => path.join(dir, 'chat', `${id}.jsonl`);

/** Writes through like the real thing, except: `failNext` writes half of the next append, then throws. */
function faultyIo() {
  const io = {
    failNext: false as boolean,
    syncs: 0,
    async append(handle: FileHandle, bytes: Uint8Array) {
      if (io.failNext) {
        io.failNext = false;
        await handle.write(bytes, 0, Math.floor(bytes.length / 2));
        throw new Error('EIO: i/o error');
      }
      await handle.write(bytes);
    },
    async sync(handle: FileHandle) {
      io.syncs++;
      await handle.datasync();
    },
  };
  return io as AppendIo & { failNext: boolean; syncs: number };
}

describe('chat as JSON Lines', () => {
  it('appends one line per message and reads nothing into existence', async () => {
    const dir = await dataDir();
    const chat = jsonlChat(dir);
    expect(await chat.page(ID, { limit: 10, includeHostOnly: true })).toEqual({ messages: [], hasEarlier: false });
    expect(await chat.findFile(ID, 'f')).toBeNull();
    expect(await readdir(dir)).toEqual([]);
    await chat.append(text('one'));
    await chat.append(text('two'));
    const written = (await readFile(fileOf(dir), 'utf8')).split('\n');
    expect(written.map((l) => (l ? JSON.parse(l).text : l))).toEqual(['one', 'two', '']);
    await chat.close();
  });

  it('cuts a half-written append back off: nothing half-written stays, and numbering goes on without a gap', async () => {
    const dir = await dataDir();
    const io = faultyIo();
    const chat = jsonlChat(dir, { io });
    await chat.append(text('kept'));
    const size = (await readFile(fileOf(dir))).length;
    io.failNext = true;
    await expect(chat.append(text('lost'))).rejects.toThrow(/EIO/);
    expect((await readFile(fileOf(dir))).length).toBe(size);
    expect((await chat.append(text('next'))).seq).toBe(2);
    await chat.close();
    const again = jsonlChat(dir);
    const { messages } = await again.page(ID, { limit: 10, includeHostOnly: true });
    expect(messages.map((m) => [m.seq, m.text])).toEqual([
      [1, 'kept'],
      [2, 'next'],
    ]);
    await again.close();
  });

  it('writes appends that arrive together with one fsync, in the order they came', async () => {
    const dir = await dataDir();
    const io = faultyIo();
    const chat = jsonlChat(dir, { io });
    await chat.append(text('first'));
    const before = io.syncs;
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => chat.append(text(`b${i}`))));
    expect(burst.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect(burst.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `b${i}`));
    expect(io.syncs - before).toBeLessThan(50);
    await chat.close();
  });

  it('lets go of files beyond the open limit and reads them again when asked', async () => {
    const dir = await dataDir();
    const chat = jsonlChat(dir, { maxOpen: 2 });
    const ids = ['MeetingA', 'MeetingB', 'MeetingC', 'MeetingD'];
    for (const round of [1, 2, 3]) for (const id of ids) await chat.append(text(`${id}-${round}`, id));
    for (const id of ids) {
      const { messages } = await chat.page(id, { limit: 10, includeHostOnly: false });
      expect(messages.map((m) => [m.seq, m.text])).toEqual([1, 2, 3].map((r) => [r, `${id}-${r}`]));
    }
    await chat.close();
  });

  it('refuses a meeting id that is not a file name', async () => {
    const chat = jsonlChat(await dataDir());
    await expect(chat.append(text('x', '../escape'))).rejects.toThrow(/not a meeting id/);
  });
});
