import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, type RunningServer, startServer } from '../../e2e/harness/server.ts';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { runBackupCli, runRestoreCli } from './backup-cli.ts';

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

const io = () => {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
};
const tempDir = (prefix: string) => mkdtemp(path.join(tmpdir(), prefix));

describe('backup and restore', () => {
  it('a backup taken in the middle of a chat burst, restored, holds every message acknowledged before it', {
    timeout: 240_000,
  }, async () => {
    const server = await startServer({ LOG_LEVEL: 'info' });
    servers.push(server);
    const signUp = await api(server, 'POST', '/api/auth/signup', {
      email: 'host@example.com',
      password: 'correct horse battery',
      name: 'Hanna',
    });
    const cookie = signUp.headers.get('set-cookie')!.split(';')[0]!;
    const meeting = await api(
      server,
      'POST',
      '/api/meetings',
      { title: 'Burst', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30, waitingRoom: false },
      { cookie },
    );
    const id = meeting.body.id as string;
    const joined = await api(server, 'POST', `/api/meetings/${id}/join`, { name: 'Hanna' }, { cookie });
    const auth = { cookie, [PARTICIPANT_ID_HEADER]: joined.body.participant.id, [PARTICIPANT_TOKEN_HEADER]: joined.body.token };

    // The burst: 50 messages, four in flight at a time; each id is noted when its answer comes.
    const acknowledged: string[] = [];
    let sent = 0;
    const sender = async () => {
      while (sent < 50) {
        const n = sent++;
        const res = await api(server, 'POST', `/api/meetings/${id}/chat`, { text: `burst ${n}` }, auth);
        expect(res.status).toBe(201);
        acknowledged.push(res.body.message.id);
      }
    };
    const burst = Promise.all([sender(), sender(), sender(), sender()]);
    // Back up once some messages are in, while the others are still being sent.
    while (acknowledged.length < 10) await new Promise((resolve) => setImmediate(resolve));
    const ackedBefore = [...acknowledged];
    const target = path.join(await tempDir('backup-'), 'copy');
    const backup = io();
    expect(await runBackupCli([target], { ...process.env, DATA_DIR: server.dataDir }, backup.io)).toBe(0);
    expect(backup.out.stdout).toMatch(/from the running server \(writes held for [\d.]+ ms\); checked against its manifest/);
    await burst;
    expect(sent).toBeGreaterThan(ackedBefore.length);

    // Restoring refuses a folder that holds anything.
    const restore = io();
    expect(await runRestoreCli([target], { ...process.env, DATA_DIR: server.dataDir }, restore.io)).toBe(1);
    expect(restore.out.stderr).toMatch(/a server is running/);
    const busy = await tempDir('restore-busy-');
    await writeFile(path.join(busy, 'notes.txt'), 'mine');
    expect(await runRestoreCli([target], { ...process.env, DATA_DIR: busy }, restore.io)).toBe(1);
    expect(restore.out.stderr).toMatch(/is not empty \(it holds notes.txt\)/);

    const dataDir = path.join(await tempDir('restored-'), 'data');
    const restored = io();
    expect(await runRestoreCli([target], { ...process.env, DATA_DIR: dataDir }, restored.io)).toBe(0);
    expect(await readdir(dataDir)).toEqual(expect.arrayContaining(['db.json', 'chat']));

    // The restored server knows the account (its session too) and every acknowledged message.
    const again = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    servers.push(again);
    const rejoined = await api(again, 'POST', `/api/meetings/${id}/join`, { name: 'Hanna' }, { cookie });
    expect(rejoined.status).toBe(201);
    const history = await api(again, 'GET', `/api/meetings/${id}/chat?limit=100`, undefined, {
      cookie,
      [PARTICIPANT_ID_HEADER]: rejoined.body.participant.id,
      [PARTICIPANT_TOKEN_HEADER]: rejoined.body.token,
    });
    expect(history.status).toBe(200);
    const kept = new Set(history.body.messages.map((m: { id: string }) => m.id));
    const lost = ackedBefore.filter((ack) => !kept.has(ack));
    expect(lost).toEqual([]);
  });

  it('refuses a backup folder that is not empty, and a damaged backup', async () => {
    const dataDir = await tempDir('data-');
    const full = await tempDir('full-');
    await writeFile(path.join(full, 'x'), 'x');
    const out = io();
    expect(await runBackupCli([full], { ...process.env, DATA_DIR: dataDir }, out.io)).toBe(1);
    expect(out.out.stderr).toMatch(/the backup folder .* is not empty/);
    const notABackup = await tempDir('nab-');
    expect(await runRestoreCli([notABackup], { ...process.env, DATA_DIR: path.join(dataDir, 'new') }, out.io)).toBe(1);
    expect(out.out.stderr).toMatch(/holds no readable backup-manifest.json/);
    expect(await runBackupCli([], { ...process.env, DATA_DIR: dataDir }, out.io)).toBe(2);
  });
});
