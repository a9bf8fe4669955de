import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config.ts';
import { ConfigError } from '../config-error.ts';
import { createBackend } from '../create-backend.ts';
import { createMemoryMailer } from '../../test/server/memory-mailer.ts';
import { LIMITS as AUTH_LIMITS } from '../limits/limits.ts';
import { createMemoryStorage } from '../storage/lowdb/lowdb-storage.ts';
import { clientAddress, isHttps, parseTrustProxy, publicOrigin, type TrustProxy } from './forwarded.ts';

/** What the app sees of a request from `socket` carrying these headers. */
async function seen(trust: TrustProxy, socket: string, headers: Record<string, string> = {}) {
  const app = new Hono().get('/', (c) =>
    c.json({ client: clientAddress(c, trust), https: isHttps(c, trust), origin: publicOrigin(c, { publicUrl: null, trustProxy: trust }) }),
  );
  const res = await app.request('http://meet.internal/', { headers }, { incoming: { socket: { remoteAddress: socket } } });
  return (await res.json()) as { client: string; https: boolean; origin: string };
}

describe('TRUST_PROXY', () => {
  it.each([
    ['', null],
    ['0', null],
    ['false', null],
    ['1', { hops: 1 }],
    ['2', { hops: 2 }],
  ])('reads %j', (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual(expected);
  });

  it.each(['true', 'yes', '10.0.0.0/33', '300.1.1.1', '11', 'fe80::1/129'])('refuses %j with a message', (raw) => {
    expect(() => parseTrustProxy(raw)).toThrow(ConfigError);
  });

  it.each<[string, string, Record<string, string>, string]>([
    // Without a trusted proxy, the socket is the client whatever the headers say.
    ['', '203.0.113.9', { 'x-forwarded-for': '1.2.3.4' }, '203.0.113.9'],
    // One appending proxy: the client is the last entry; what the client wrote before it is ignored.
    ['1', '10.0.0.2', { 'x-forwarded-for': '1.2.3.4, 198.51.100.7' }, '198.51.100.7'],
    ['1', '10.0.0.2', { 'x-forwarded-for': '198.51.100.7' }, '198.51.100.7'],
    ['1', '10.0.0.2', {}, '10.0.0.2'],
    // Two proxies: two hops from the right.
    ['2', '10.0.0.2', { 'x-forwarded-for': '1.2.3.4, 198.51.100.7, 10.0.0.1' }, '198.51.100.7'],
    // By address: trusted proxies are skipped from the right; the first other address is the client.
    ['10.0.0.0/8', '10.0.0.2', { 'x-forwarded-for': '1.2.3.4, 198.51.100.7, 10.0.0.1' }, '198.51.100.7'],
    ['10.0.0.0/8', '::ffff:10.0.0.2', { 'x-forwarded-for': '198.51.100.7' }, '198.51.100.7'],
    // …and a request straight from elsewhere is not believed at all.
    ['10.0.0.0/8', '203.0.113.9', { 'x-forwarded-for': '1.2.3.4' }, '203.0.113.9'],
  ])('TRUST_PROXY=%j from %s with %j: client %s', async (raw, socket, headers, client) => {
    expect((await seen(parseTrustProxy(raw), socket, headers)).client).toBe(client);
  });

  it('believes X-Forwarded-Proto and -Host only from a trusted proxy, and takes the value it set', async () => {
    const headers = { 'x-forwarded-proto': 'http, https', 'x-forwarded-host': 'evil.example, meet.example.org' };
    expect(await seen(parseTrustProxy('1'), '10.0.0.2', headers)).toMatchObject({ https: true, origin: 'https://meet.example.org' });
    expect(await seen(parseTrustProxy('10.0.0.0/8'), '203.0.113.9', headers)).toMatchObject({
      https: false,
      origin: 'http://meet.internal',
    });
  });
});

describe('per-address limits behind an appending proxy (real sockets)', () => {
  const backend = createBackend({
    config: testConfig({ trustProxy: parseTrustProxy('1') }),
    storage: createMemoryStorage(),
    mailer: createMemoryMailer(),
  });
  // A reverse proxy as nginx's `proxy_add_x_forwarded_for` or HAProxy's `option forwardfor` behave: it appends.
  const proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
    const backendPort = (backend.server.address() as AddressInfo).port;
    const forwarded = req.headers['x-forwarded-for']
      ? `${req.headers['x-forwarded-for']}, ${req.socket.remoteAddress}`
      : req.socket.remoteAddress;
    const upstream = request(
      {
        host: '127.0.0.1',
        port: backendPort,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'x-forwarded-for': forwarded },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  afterAll(async () => {
    proxy.close();
    await backend.close();
  });

  it('counts wrong sign-ins against the real address, whatever X-Forwarded-For the client writes', async () => {
    await new Promise<void>((resolve) => backend.server.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/api/auth/signin`;
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_LIMITS.failedSignInsPerIp.max + 1; i++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${i}` },
        body: JSON.stringify({ email: `user${i}@example.com`, password: 'wrong password' }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
