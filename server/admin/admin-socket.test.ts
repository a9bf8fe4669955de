import { spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config-error.ts';
import { notFound } from '../lib/api-error.ts';
import { AdminCommandError, askAdminSocket, probeAdminSocket } from './admin-client.ts';
import type { AdminHandler } from './admin-commands.ts';
import { adminSocketPath } from './admin-protocol.ts';
import { AdminSocketBusyError, claimAdminSocket, type AdminSocket } from './admin-socket.ts';

async function serveAdminSocket(dir: string, handle: AdminHandler) {
  const socket = await claimAdminSocket(dir);
  socket.serve(handle);
  return socket;
}

const emptyAudit = { entries: [], total: 0, offset: 0, limit: 25 };
const handler: AdminHandler = async (request) => {
  if (request.command === 'set') throw notFound('account');
  return emptyAudit;
};
const dataDir = () => mkdtempSync(path.join(tmpdir(), 'admin-sock-'));

/** Sends raw bytes and returns the raw answer. */
const raw = (file: string, text: string) =>
  new Promise<string>((resolve, reject) => {
    let answer = '';
    const conn = net.connect(file, () => conn.write(text));
    conn.on('data', (d) => (answer += d));
    conn.on('end', () => resolve(answer));
    conn.on('error', reject);
  });

const open: AdminSocket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('admin socket', () => {
  it('is a socket only its owner may use (0600), answers requests, and is removed on close', async () => {
    const dir = dataDir();
    const socket = await serveAdminSocket(dir, handler);
    const file = adminSocketPath(dir);
    expect(lstatSync(file).isSocket()).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await askAdminSocket(file, { command: 'audit' })).toEqual(emptyAudit);
    await expect(
      askAdminSocket(file, { command: 'set', email: 'a@example.com', feature: 'recording', on: true, osUser: 'ops' }),
    ).rejects.toEqual(new AdminCommandError('not_found', 'account not found'));
    await socket.close();
    expect(existsSync(file)).toBe(false);
    expect(await probeAdminSocket(file)).toBe(false);
  });

  it('answers anything that is not a request with an error, and keeps answering', async () => {
    const dir = dataDir();
    open.push(await serveAdminSocket(dir, handler));
    const file = adminSocketPath(dir);
    expect(JSON.parse(await raw(file, 'not json\n'))).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'a request is one line of JSON' },
    });
    expect(JSON.parse(await raw(file, '{"command":"drop-tables"}\n')).error.code).toBe('validation_failed');
    expect(
      JSON.parse(await raw(file, '{"command":"set","email":"a@example.com","feature":"recording","on":true,"osUser":"x\\ny"}\n')).error
        .message,
    ).toMatch(/osUser/);
    expect(JSON.parse(await raw(file, 'x'.repeat(20_000))).error.code).toBe('payload_too_large');
    expect(await askAdminSocket(file, { command: 'audit' })).toEqual(emptyAudit);
  });

  it('refuses to take a socket another process answers on, which keeps working', async () => {
    const dir = dataDir();
    open.push(await serveAdminSocket(dir, handler));
    await expect(claimAdminSocket(dir)).rejects.toBeInstanceOf(AdminSocketBusyError);
    await expect(claimAdminSocket(dir, { waitMs: 300 })).rejects.toThrow(/already uses this data folder/);
    expect(await askAdminSocket(adminSocketPath(dir), { command: 'audit' })).toEqual(emptyAudit);
  });

  it('replaces a stale socket a crashed process left behind', async () => {
    const dir = dataDir();
    const file = adminSocketPath(dir);
    const crashed = spawn(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(file)}, () => console.log('up'))`,
    ]);
    await new Promise((resolve) => crashed.stdout.once('data', resolve));
    crashed.kill('SIGKILL');
    await new Promise((resolve) => crashed.once('exit', resolve));
    expect(lstatSync(file).isSocket()).toBe(true);
    expect(await probeAdminSocket(file)).toBe(false);
    open.push(await serveAdminSocket(dir, handler));
    expect(await askAdminSocket(file, { command: 'audit' })).toEqual(emptyAudit);
  });

  it('leaves alone a file in its place that is not a socket, and a path too long for one', async () => {
    const dir = dataDir();
    writeFileSync(adminSocketPath(dir), 'mine');
    await expect(claimAdminSocket(dir)).rejects.toThrow(/is not a socket: move it away/);
    await expect(claimAdminSocket(path.join(dir, 'x'.repeat(120)))).rejects.toBeInstanceOf(ConfigError);
  });

  it('holds requests until it serves; on close answers new ones "stopping", finishes those under way and releases before it goes', async () => {
    const dir = dataDir();
    const file = adminSocketPath(dir);
    const socket = await claimAdminSocket(dir);
    const early = askAdminSocket(file, { command: 'audit' });
    let finish!: () => void;
    let reached!: () => void;
    const handling = new Promise<void>((resolve) => (reached = resolve));
    const slow: AdminHandler = (request) => {
      if (request.command !== 'list') return handler(request);
      reached();
      return new Promise((resolve) => (finish = () => resolve({ accounts: [], total: 0, offset: 0, limit: 25 })));
    };
    socket.serve(slow);
    expect(await early).toEqual(emptyAudit);
    const underWay = askAdminSocket(file, { command: 'list' });
    await handling;
    const events: string[] = [];
    const closed = socket.close(async () => {
      events.push(`release, socket there: ${existsSync(file)}`);
    });
    await expect(askAdminSocket(file, { command: 'audit' })).rejects.toThrow(/stopping/);
    finish();
    expect((await underWay).accounts).toEqual([]);
    await closed;
    expect(events).toEqual(['release, socket there: true']);
    expect(existsSync(file)).toBe(false);
  });
});
