import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { HAPROXY_TEMPLATE, haproxyConfigFor } from '../../deploy/cluster/haproxy-config.ts';
import { freePort, waitFor } from '../../deploy/cluster/start-cluster.ts';

const nodes = [
  { name: 'alpha', port: 4101 },
  { name: 'beta', port: 4102 },
];
const servers = (cfg: string, backend: string) => {
  const section = cfg.split(/^backend /m).find((s) => s.startsWith(`${backend}\n`)) ?? '';
  return section
    .split('\n')
    .filter((l) => /^\s*server /.test(l))
    .map((l) => l.trim());
};

/** deploy/haproxy.cfg as it ships, and as `npm run cluster` rewrites it: Debian's HAProxy takes both. */
describe('the HAProxy configuration (deploy/haproxy.cfg)', () => {
  it('is valid for HAProxy as it ships and as rewritten for other nodes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'haproxy-config-'));
    try {
      for (const [name, cfg] of [
        ['shipped.cfg', readFileSync(HAPROXY_TEMPLATE, 'utf8')],
        ['cluster.cfg', haproxyConfigFor(4000, nodes)],
      ] as const) {
        writeFileSync(path.join(dir, name), cfg);
        expect(execFileSync('haproxy', ['-c', '-f', path.join(dir, name)], { encoding: 'utf8' })).toContain('Configuration file is valid');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives every backend the nodes; the sockets' servers track their twins in meetings (one view of which node is up)", () => {
    const cfg = haproxyConfigFor(4000, nodes);
    expect(cfg).toContain('bind 127.0.0.1:4000');
    expect(servers(cfg, 'meetings')).toEqual(['server alpha 127.0.0.1:4101 check', 'server beta 127.0.0.1:4102 check']);
    expect(servers(cfg, 'any')).toEqual(['server alpha 127.0.0.1:4101 check', 'server beta 127.0.0.1:4102 check']);
    expect(servers(cfg, 'meeting_sockets')).toEqual([
      'server alpha 127.0.0.1:4101 track meetings/alpha',
      'server beta 127.0.0.1:4102 track meetings/beta',
    ]);
  });

  it('cuts sockets, not requests, when a node is taken out', () => {
    const cfg = readFileSync(HAPROXY_TEMPLATE, 'utf8');
    const section = (b: string) => cfg.split(/^backend /m).find((s) => s.startsWith(`${b}\n`)) ?? '';
    expect(section('meeting_sockets')).toMatch(/^\s*default-server on-marked-down shutdown-sessions$/m);
    expect(section('meetings')).not.toContain('shutdown-sessions');
    expect(cfg).toMatch(/use_backend meeting_sockets if \{ req\.hdr\(X-Meeting-Route\) -m found \} \{ hdr\(upgrade\) -i websocket \}/);
  });
});

/**
 * Debian's HAProxy with the shipped configuration in front of one stand-in node that stays alive but
 * starts failing its health check (as a draining or broken node does): its meeting's WebSocket is cut
 * by HAProxy although the node never closes it, while a request under way to it finishes.
 */
describe('HAProxy taking a live node out', () => {
  it("cuts the meeting's sockets and lets its request under way finish", async () => {
    let healthy = true;
    let serverClosed = false;
    const node = http.createServer((req, res) => {
      if (req.url?.startsWith('/api/health')) {
        res.writeHead(healthy ? 200 : 503).end(healthy ? 'ok' : 'draining');
      } else if (req.url === '/api/meetings/m1/slow') {
        // Answers once the node has been taken out (its health check failed 3 times).
        healthy = false;
        setTimeout(() => res.writeHead(200).end('finished'), 4_000);
      } else res.writeHead(404).end();
    });
    const sockets = new WebSocketServer({ server: node });
    sockets.on('connection', (ws) => ws.on('close', () => (serverClosed = true)));
    const nodePort = await freePort();
    await new Promise<void>((resolve) => node.listen(nodePort, '127.0.0.1', resolve));
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'haproxy-live-'));
    writeFileSync(path.join(dir, 'haproxy.cfg'), haproxyConfigFor(port, [{ name: 'node1', port: nodePort }]));
    const proxy: ChildProcess = spawn('haproxy', ['-db', '-f', path.join(dir, 'haproxy.cfg')], { stdio: 'ignore' });
    try {
      const url = `127.0.0.1:${port}`;
      await waitFor(
        'HAProxy to see the node',
        async () => (await fetch(`http://${url}/api/health`).catch(() => null))?.ok === true,
        20_000,
      );
      const ws = new WebSocket(`ws://${url}/ws/rooms/m1`);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const closed = new Promise<number>((resolve) => ws.once('close', resolve));
      const slow = fetch(`http://${url}/api/meetings/m1/slow`);
      // The node goes on holding the socket; HAProxy cuts it once it takes the node out.
      expect(await closed).toBe(1006);
      const answer = await slow;
      expect([answer.status, await answer.text()]).toEqual([200, 'finished']);
      expect(serverClosed).toBe(true); // closed from HAProxy's side, after the cut
    } finally {
      proxy.kill();
      sockets.close();
      node.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
