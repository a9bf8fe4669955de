import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChatFiles } from './chat-log.ts';
import { StoreCorruptError } from './store.ts';

describe('chat files at start', () => {
  it.each([
    ['a message that is null', { version: 1, messages: [null] }, /messages\[0\] is not a valid message/],
    ['a message without its text', { version: 1, messages: [{ seq: 1, meetingId: 'm', kind: 'text', at: 'x' }] }, /messages\[0\]/],
  ])('refuses a chat file holding %s, naming the record, and leaves it untouched', async (_what, content, message) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'chat-'));
    await mkdir(path.join(dir, 'chat'));
    const file = path.join(dir, 'chat', 'MeetingAAAAAAAAAAAAAAAA.json');
    await writeFile(file, JSON.stringify(content));
    const check = verifyChatFiles(dir);
    await expect(check).rejects.toBeInstanceOf(StoreCorruptError);
    await expect(check).rejects.toThrow(message);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(content);
  });
});
