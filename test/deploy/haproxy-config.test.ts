import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAPROXY_TEMPLATE, haproxyConfigFor } from '../../deploy/cluster/haproxy-config.ts';

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
