import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatRecord } from '../records.ts';
import { StoreCorruptError } from '../storage-errors.ts';
import { prepareChatFiles } from './chat-files.ts';
import { jsonlChat } from './chat-jsonl.ts';

const ID = 'MeetingAAAAAAAAAAAAAAAA';
const message = (seq: number, text = `m${seq}`): ChatRecord => ({
  id: `id${seq}`,
  seq,
  meetingId: ID,
  kind: 'text',
  senderId: 's',
  senderName: 'Sam',
  text,
  audience: 'all',
  createdAt: '2026-11-25T10:00:00.000Z',
});
const lines = (...messages: unknown[]) => messages.map((m) => `${JSON.stringify(m)}\n`).join('');

async function chatFolder() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'chat-'));
  await mkdir(path.join(dataDir, 'chat'));
  return { dataDir, file: (name: string) => path.join(dataDir, 'chat', name) };
}

const allOf = async (dataDir: string) => {
  const chat = jsonlChat(dataDir);
  const { messages } = await chat.page(ID, { limit: 1000, includeHostOnly: true });
  await chat.close();
  return messages;
};

describe('chat files at start', () => {
  it.each([
    ['a message that is null', { version: 1, messages: [null] }, /messages\[0\] is not a valid message/],
    ['a message without its text', { version: 1, messages: [{ seq: 1, meetingId: 'm', kind: 'text', at: 'x' }] }, /messages\[0\]/],
  ])('refuses an old chat file holding %s, naming the record, and leaves it untouched', async (_what, content, why) => {
    const { dataDir, file } = await chatFolder();
    await writeFile(file(`${ID}.json`), JSON.stringify(content));
    const check = prepareChatFiles(dataDir);
    await expect(check).rejects.toBeInstanceOf(StoreCorruptError);
    await expect(check).rejects.toThrow(why);
    expect(JSON.parse(await readFile(file(`${ID}.json`), 'utf8'))).toEqual(content);
    expect(await readdir(path.join(dataDir, 'chat'))).toEqual([`${ID}.json`]);
  });

  it('moves an old chat file to JSON Lines, checks the copy, then removes the old file', async () => {
    const { dataDir, file } = await chatFolder();
    const old = [message(1), message(2, 'with\nnewline and "quotes"'), { ...message(3), audience: 'host' as const }];
    await writeFile(file(`${ID}.json`), JSON.stringify({ version: 1, messages: old }));
    const report = await prepareChatFiles(dataDir);
    expect(report).toMatchObject({ migrated: [file(`${ID}.json`)], files: 1, messages: 3, repaired: [] });
    expect(await readdir(path.join(dataDir, 'chat'))).toEqual([`${ID}.jsonl`]);
    const written = (await readFile(file(`${ID}.jsonl`), 'utf8')).split('\n');
    expect(written.at(-1)).toBe('');
    expect(written.slice(0, -1).map((l) => JSON.parse(l))).toEqual(old);
    expect(await allOf(dataDir)).toEqual(old);
  });

  it('finishes a move a crash interrupted (both files there, the same messages)', async () => {
    const { dataDir, file } = await chatFolder();
    await writeFile(file(`${ID}.json`), JSON.stringify({ version: 1, messages: [message(1)] }));
    await writeFile(file(`${ID}.jsonl`), lines(message(1), message(2)));
    await writeFile(file(`${ID}.jsonl.tmp`), 'half');
    await prepareChatFiles(dataDir);
    expect(await readdir(path.join(dataDir, 'chat'))).toEqual([`${ID}.jsonl`]);
  });

  it('refuses when the old file and its copy disagree, and keeps both', async () => {
    const { dataDir, file } = await chatFolder();
    await writeFile(file(`${ID}.json`), JSON.stringify({ version: 1, messages: [message(1, 'a')] }));
    await writeFile(file(`${ID}.jsonl`), lines(message(1, 'b')));
    await expect(prepareChatFiles(dataDir)).rejects.toThrow(/does not hold the same messages/);
    expect((await readdir(path.join(dataDir, 'chat'))).sort()).toEqual([`${ID}.json`, `${ID}.jsonl`]);
  });

  it.each([
    ['a line that is not JSON', `${lines(message(1))}{"id":\n${lines(message(3))}`, /line 2 is not JSON/],
    ['a line that is not a message', lines(message(1), { ...message(2), kind: 'shout' }), /line 2 is not a valid message/],
    ['numbers out of order', lines(message(2), message(1)), /line 2 is numbered 1 after 2/],
    ['another meeting’s message', lines({ ...message(1), meetingId: 'Other' }), /line 1 belongs to meeting Other/],
  ])('refuses a JSON-Lines file with %s, naming the line, and leaves it untouched', async (_what, content, why) => {
    const { dataDir, file } = await chatFolder();
    await writeFile(file(`${ID}.jsonl`), content);
    await expect(prepareChatFiles(dataDir)).rejects.toThrow(why);
    await expect(prepareChatFiles(dataDir)).rejects.toThrow(/The chat file .* cannot be read .* left untouched/);
    expect(await readFile(file(`${ID}.jsonl`), 'utf8')).toBe(content);
  });

  it('cuts off a last line a crash left half-written (it was never acknowledged)', async () => {
    const { dataDir, file } = await chatFolder();
    await writeFile(file(`${ID}.jsonl`), `${lines(message(1), message(2))}{"id":"id3","seq":3,"meet`);
    const report = await prepareChatFiles(dataDir);
    expect(report.repaired).toEqual([file(`${ID}.jsonl`)]);
    expect(await readFile(file(`${ID}.jsonl`), 'utf8')).toBe(lines(message(1), message(2)));
    expect((await allOf(dataDir)).map((m) => m.seq)).toEqual([1, 2]);
  });
});
