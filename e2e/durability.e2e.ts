import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningPostgres, startPostgres } from '../test/postgres/start-postgres.ts';
import { createMeeting, signUpHost } from './harness/accounts.ts';
import { api, startServer } from './harness/server.ts';

/**
 * Storage that loses nothing: the real server process, killed without warning (lowdb in DATA_DIR,
 * and PostgreSQL with DATABASE_URL), and corrupt data files.
 */
describe('durability of the store', () => {
  let pg: RunningPostgres | null = null;
  afterAll(() => pg?.stop());

  it('keeps every acknowledged chat message when the server is killed with SIGKILL in the middle of a burst', () => killedInABurst({}));

  it('keeps them on PostgreSQL too (DATABASE_URL, the schema migrated at start)', async () => {
    pg = await startPostgres({ durable: true });
    await killedInABurst({ DATABASE_URL: pg.url });
  });

  async function killedInABurst(env: Record<string, string>) {
    const server = await startServer(env);
    const host = await signUpHost(server);
    const meeting = await createMeeting(server, host);
    const auth = { cookie: host.cookie };
    // Four writers, each its own participant (chat is rate-limited per participant).
    const sockets: WebSocket[] = [];
    const writers: Record<string, string>[] = [];
    for (let n = 0; n < 4; n++) {
      const joined = await api(server, 'POST', `/api/meetings/${meeting.id}/join`, { name: `Writer ${n}` }, auth);
      const ws = new WebSocket(
        `ws://localhost:${server.port}/ws/rooms/${meeting.id}?participantId=${joined.body.participant.id}&token=${joined.body.token}`,
      );
      await new Promise((resolve) => ws.once('message', resolve));
      sockets.push(ws);
      writers.push({ ...auth, 'x-participant-id': joined.body.participant.id, 'x-participant-token': joined.body.token });
    }

    // They post as fast as they can; the server is killed once 150 messages were acknowledged.
    const acknowledged: string[] = [];
    let killed = false;
    const writer = async (n: number) => {
      for (let i = 0; !killed; i++) {
        const text = `w${n}-m${i}`;
        try {
          const res = await api(server, 'POST', `/api/meetings/${meeting.id}/chat`, { text }, writers[n]);
          if (res.status === 201) acknowledged.push(text);
        } catch {
          return; // the connection died with the server: not acknowledged
        }
        if (acknowledged.length >= 150 && !killed) {
          killed = true;
          server.process.kill('SIGKILL');
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    for (const ws of sockets) ws.terminate();
    await new Promise((resolve) =>
      server.process.exitCode !== null || server.process.signalCode ? resolve(null) : server.process.once('exit', resolve),
    );
    expect(server.process.signalCode).toBe('SIGKILL');

    const again = await startServer({ ...env, DATA_DIR: server.dataDir });
    try {
      // The whole history, page by page (newest first, as the chat panel scrolls back).
      const messages: { text: string; seq: number }[] = [];
      for (let before: number | null = null, more = true; more; ) {
        const query: string = before === null ? '' : `?before=${before}`;
        const page = await api(again, 'GET', `/api/meetings/${meeting.id}/chat${query}`, undefined, auth);
        expect(page.status).toBe(200);
        messages.unshift(...page.body.messages);
        more = page.body.hasEarlier;
        before = page.body.messages[0]?.seq ?? null;
      }
      const stored = new Set(messages.map((m) => m.text));
      const lost = acknowledged.filter((t) => !stored.has(t));
      expect(acknowledged.length).toBeGreaterThanOrEqual(150);
      expect(lost).toEqual([]);
      // One order, no gaps, no duplicates.
      expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    } finally {
      await again.stop();
    }
  }

  it('refuses to start on a corrupt data file, says why, and keeps the file', async () => {
    const server = await startServer();
    await server.stop();
    const file = path.join(server.dataDir, 'db.json');
    const corrupt = '{"version":1,"users":[{"id":"x"'; // cut in the middle, as a full disk would leave it
    await writeFile(file, corrupt);
    await expect(startServer({ DATA_DIR: server.dataDir })).rejects.toThrow(
      /exited with 1[\s\S]*cannot start: The data file .*db\.json cannot be read[\s\S]*left untouched/,
    );
    expect(await readFile(file, 'utf8')).toBe(corrupt);
  });

  it('refuses to start on a corrupt chat file of the old form (before it is moved to JSON Lines)', async () => {
    const server = await startServer();
    await server.stop();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(server.dataDir, 'chat'), { recursive: true });
    const file = path.join(server.dataDir, 'chat', 'AAAAAAAAAAAAAAAAAAAAAA.json');
    await writeFile(file, '{"version":1,"messages":[{"id":');
    await expect(startServer({ DATA_DIR: server.dataDir })).rejects.toThrow(/cannot start: The chat file .* cannot be read/);
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"messages":[{"id":');
  });

  it('moves an old chat file to JSON Lines at start, keeping every message', async () => {
    const server = await startServer();
    const host = await signUpHost(server);
    const meeting = await createMeeting(server, host);
    await server.stop();
    const { mkdir, readdir } = await import('node:fs/promises');
    const dir = path.join(server.dataDir, 'chat');
    await mkdir(dir, { recursive: true });
    const messages = [1, 2, 3].map((seq) => ({
      id: `old${seq}`,
      seq,
      meetingId: meeting.id,
      kind: 'text',
      senderId: 'p',
      senderName: 'Gus',
      text: `before the move ${seq}`,
      audience: 'all',
      createdAt: '2026-11-25T10:00:00.000Z',
    }));
    await writeFile(path.join(dir, `${meeting.id}.json`), JSON.stringify({ version: 1, messages }));
    const again = await startServer({ DATA_DIR: server.dataDir });
    try {
      expect(await readdir(dir)).toEqual([`${meeting.id}.jsonl`]);
      const history = await api(again, 'GET', `/api/meetings/${meeting.id}/chat`, undefined, { cookie: host.cookie });
      expect(history.body.messages.map((m: { text: string }) => m.text)).toEqual(messages.map((m) => m.text));
    } finally {
      await again.stop();
    }
  });

  it('refuses to start on a corrupt JSON-Lines chat file, naming the line, and keeps it', async () => {
    const server = await startServer();
    await server.stop();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(server.dataDir, 'chat'), { recursive: true });
    const file = path.join(server.dataDir, 'chat', 'AAAAAAAAAAAAAAAAAAAAAA.jsonl');
    const corrupt = '{"id":"a","seq":1}\n{"id":\n';
    await writeFile(file, corrupt);
    await expect(startServer({ DATA_DIR: server.dataDir })).rejects.toThrow(
      /cannot start: The chat file .*\.jsonl cannot be read \(line 1/,
    );
    expect(await readFile(file, 'utf8')).toBe(corrupt);
  });
});
