import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../config.ts';
import { createBackend } from '../create-backend.ts';
import { createMemoryMailer } from '../../test/server/memory-mailer.ts';
import { DATA_FILE_NAME } from '../storage/lowdb/lowdb-document.ts';
import { openLowdbStorage } from '../storage/lowdb/lowdb-storage.ts';
import { normaliseStoreData } from '../storage/records.ts';
import { TEST_PASSWORD } from '../../test/server/test-app.ts';
import { adminCommandHandler } from './admin-commands.ts';
import { adminSocketPath } from './admin-protocol.ts';
import { claimAdminSocket } from './admin-socket.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ACTOR = `cli:${userInfo().username}`;

/** `npm run admin -- …` without npm: the script the package.json entry runs, in its own process. */
function admin(dataDir: string, ...args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['scripts/admin.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, ADMIN_EMAILS: 'olga@example.com' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/** The data file as the next start would read it: it must always parse. */
const dataFile = (dir: string) => normaliseStoreData(JSON.parse(readFileSync(path.join(dir, DATA_FILE_NAME), 'utf8')));

/** A data folder with two accounts, as a stopped server leaves it. */
async function stoppedServerData() {
  const dir = mkdtempSync(path.join(tmpdir(), 'admin-cli-'));
  const storage = await openLowdbStorage(dir);
  for (const [email, name] of [
    ['ada@example.com', 'Ada Lovelace'],
    ['olga@example.com', 'Olga Operator'],
  ] as const) {
    await storage.users.create({
      id: `id-${name.split(' ')[0]}-0123`,
      email,
      name,
      passwordHash: 'scrypt$x',
      createdAt: '2026-11-01T09:00:00.000Z',
      features: { recording: false, backgroundBlur: false },
    });
  }
  await storage.close();
  return dir;
}

/** The real server (HTTP and admin socket) in this process, on its own data folder. */
async function runningServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'admin-cli-live-'));
  const adminSocket = await claimAdminSocket(dir);
  const config = testConfig({ dataDir: dir, adminEmails: ['olga@example.com'] });
  const backend = createBackend({
    config,
    storage: await openLowdbStorage(dir),
    mailer: createMemoryMailer(),
  });
  adminSocket.serve(adminCommandHandler(backend.deps.accountFeatures));
  await new Promise<void>((resolve) => backend.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
  const call = async (method: string, p: string, body?: unknown, cookie?: string) => {
    // Same-origin, as the PWA's requests are (the CSRF check wants it for cookie-authenticated writes).
    const headers = { 'content-type': 'application/json', origin: url, ...(cookie ? { cookie } : {}) };
    const res = await fetch(url + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json(), cookie: res.headers.get('set-cookie')?.split(';')[0] };
  };
  const signUp = async (email: string, name: string) => {
    const res = await call('POST', '/api/auth/signup', { email, password: TEST_PASSWORD, name });
    expect(res.status).toBe(201);
    return res.cookie!;
  };
  return { dir, backend, call, signUp, stop: () => adminSocket.close(() => backend.close()) };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('admin CLI (scripts/admin.ts, in its own process)', () => {
  it('with the server stopped: switches through the data file, writes the audit line, and leaves a valid file and no socket', async () => {
    const dir = await stoppedServerData();
    const on = await admin(dir, 'enable', 'ADA@example.com', 'recording');
    expect(on).toMatchObject({ code: 0, stderr: '' });
    expect(on.stdout).toMatch(/recording: off → on for ada@example.com \(the server is not running: the data file was used directly\)/);
    const data = dataFile(dir);
    expect(data.users.find((u) => u.email === 'ada@example.com')!.features).toEqual({ recording: true, backgroundBlur: false });
    expect(data.audit).toEqual([
      {
        id: expect.any(String),
        at: expect.any(String),
        actor: ACTOR,
        accountId: 'id-Ada-0123',
        accountEmail: 'ada@example.com',
        change: { feature: 'recording', from: false, to: true },
      },
    ]);
    expect(existsSync(adminSocketPath(dir))).toBe(false);

    const again = await admin(dir, 'enable', 'ada@example.com', 'recording');
    expect(again.stdout).toMatch(/recording was already on for ada@example.com; nothing changed/);
    expect(dataFile(dir).audit).toHaveLength(1);

    const list = await admin(dir, 'list', '--search', 'lovelace');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /^EMAIL\s+NAME\s+CREATED\s+RECORDING\s+BACKGROUNDBLUR\nada@example.com\s+Ada Lovelace\s+2026-11-01\s+on\s+off\n1 account matching "lovelace"/,
    );
    expect((await admin(dir, 'list')).stdout).toMatch(/olga@example.com\s+Olga Operator\s+2026-11-01\s+off\s+off\s+operator\n2 accounts/);

    await admin(dir, 'disable', 'ada@example.com', 'recording');
    const audit = await admin(dir, 'audit', '--limit', '1');
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(
      new RegExp(`^AT\\s+BY\\s+ACCOUNT\\s+CHANGE\\n\\S+Z\\s+${ACTOR}\\s+ada@example.com\\s+recording on → off\\n1 change, newest first`),
    );
  }, 60_000);

  it.each([
    [['enable', 'nobody@example.com', 'recording'], 1, /no account with the email nobody@example.com/],
    [['enable', 'ada@example.com', 'blur'], 2, /unknown feature "blur"; use recording or backgroundBlur[\s\S]*Usage:/],
    [['enable', 'ada@example.com'], 2, /enable takes an email and a feature/],
    [['disable', 'not-an-email', 'recording'], 2, /"not-an-email" is not an email address/],
    [['audit', '--limit', 'lots'], 2, /--limit must be a whole number/],
    [['list', '--colour'], 2, /unknown option --colour/],
    [['drop'], 2, /unknown command "drop"/],
  ])(
    'refuses %j with exit code %i and says why',
    async (args, code, message) => {
      const dir = await stoppedServerData();
      const before = readFileSync(path.join(dir, DATA_FILE_NAME), 'utf8');
      const res = await admin(dir, ...args);
      expect(res.code).toBe(code);
      expect(res.stderr).toMatch(message);
      expect(readFileSync(path.join(dir, DATA_FILE_NAME), 'utf8')).toBe(before);
    },
    30_000,
  );

  it('prints its usage for help (exit 0), and fails (exit 1) where there is neither server nor data file', async () => {
    const help = await admin(tmpdir(), 'help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: npm run admin -- <command>[\s\S]*enable <email> <feature>[\s\S]*Features: recording, backgroundBlur/,
    );
    const empty = mkdtempSync(path.join(tmpdir(), 'admin-cli-empty-'));
    const res = await admin(empty, 'list');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/no server answers on .*admin\.sock and there is no data file .*db\.json: is DATA_DIR right\?/);
    expect(existsSync(path.join(empty, DATA_FILE_NAME))).toBe(false);
  }, 30_000);

  it('with the server running: goes through its admin socket, the server sees the change at once, and no write is lost', async () => {
    const server = await runningServer();
    stops.push(server.stop);
    const ada = await server.signUp('ada@example.com', 'Ada Lovelace');
    const olga = await server.signUp('olga@example.com', 'Olga Operator');

    const on = await admin(server.dir, 'enable', 'ada@example.com', 'backgroundBlur');
    expect(on).toMatchObject({ code: 0, stderr: '' });
    expect(on.stdout).toMatch(/backgroundBlur: off → on for ada@example.com \(through the running server\)/);
    // The server's own memory has it (nothing to reload), and so does the file.
    expect((await server.call('GET', '/api/auth/me', undefined, ada)).body.user.features).toEqual({
      recording: false,
      backgroundBlur: true,
    });
    expect(dataFile(server.dir).users.find((u) => u.email === 'ada@example.com')!.features.backgroundBlur).toBe(true);

    // The server writes on (an operator's switch, a sign-up); the CLI's change stays, and the CLI sees theirs.
    const id = (await server.call('GET', '/api/auth/me', undefined, ada)).body.user.id;
    expect((await server.call('PATCH', `/api/admin/accounts/${id}/features`, { recording: true }, olga)).status).toBe(200);
    await server.signUp('bob@example.com', 'Bob');
    const list = await admin(server.dir, 'list');
    expect(list.stdout).toMatch(/ada@example.com\s+Ada Lovelace\s+\S+\s+on\s+on\n/);
    expect(list.stdout).toMatch(/3 accounts \(through the running server\)/);
    const audit = await admin(server.dir, 'audit');
    expect(audit.stdout).toMatch(
      new RegExp(
        `olga@example.com\\s+ada@example.com\\s+recording off → on\\n.*${ACTOR}\\s+ada@example.com\\s+backgroundBlur off → on\\n2 changes`,
      ),
    );

    const data = dataFile(server.dir);
    expect(data.users.map((u) => u.email).sort()).toEqual(['ada@example.com', 'bob@example.com', 'olga@example.com']);
    expect(data.users.find((u) => u.email === 'ada@example.com')!.features).toEqual({ recording: true, backgroundBlur: true });
    expect(data.audit.map((a) => a.actor)).toEqual([ACTOR, 'olga@example.com']);

    await server.stop();
    stops.length = 0;
    expect(existsSync(adminSocketPath(server.dir))).toBe(false);
    // Stopped now: the CLI falls back to the file, which holds everything.
    const after = await admin(server.dir, 'list', '--search', 'bob');
    expect(after.stdout).toMatch(/1 account matching "bob" \(the server is not running/);
  }, 60_000);
});
