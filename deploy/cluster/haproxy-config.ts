import { readFileSync } from 'node:fs';

export const HAPROXY_TEMPLATE = new URL('../haproxy.cfg', import.meta.url);

export interface NodeAddress {
  name: string;
  port: number;
}

/**
 * deploy/haproxy.cfg with its `# cluster:` blocks rewritten: HAProxy listening on 127.0.0.1:`port`,
 * and these nodes as the servers of every backend. The routing rules stay those of the file.
 */
export function haproxyConfigFor(port: number, nodes: readonly NodeAddress[], template = readFileSync(HAPROXY_TEMPLATE, 'utf8')): string {
  const block = (kind: string, lines: string[]) => (_: string, indent: string) =>
    [`${indent}# cluster: ${kind}`, ...lines.map((l) => indent + l), `${indent}# cluster: end`].join('\n');
  const out = template.replace(/^( *)# cluster: bind\n[\s\S]*?^ *# cluster: end$/m, block('bind', [`bind 127.0.0.1:${port}`])).replace(
    /^( *)# cluster: servers\n[\s\S]*?^ *# cluster: end$/gm,
    block(
      'servers',
      nodes.map((n) => `server ${n.name} 127.0.0.1:${n.port} check`),
    ),
  );
  if (!out.includes(`bind 127.0.0.1:${port}`)) throw new Error('deploy/haproxy.cfg has no "# cluster: bind" block');
  return out;
}
