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
  const block = (kind: string, lines: string[], indent: string) =>
    [`${indent}# cluster: ${kind}`, ...lines.map((l) => indent + l), `${indent}# cluster: end`].join('\n');
  const out = template
    .replace(/^( *)# cluster: bind\n[\s\S]*?^ *# cluster: end$/m, (_, indent: string) => block('bind', [`bind 127.0.0.1:${port}`], indent))
    .replace(/^( *)# cluster: servers\n([\s\S]*?)^ *# cluster: end$/gm, (_, indent: string, body: string) => {
      // Each node's line is the block's first, with the node's name and address: `check`, or `track <backend>/<name>`.
      const first = /^\s*server (\S+) \S+(.*)$/m.exec(body);
      if (!first) throw new Error('deploy/haproxy.cfg has a "# cluster: servers" block without a server line');
      const [, name, rest] = first as unknown as [string, string, string];
      return block(
        'servers',
        nodes.map((n) => `server ${n.name} 127.0.0.1:${n.port}${rest.replaceAll(`/${name}`, `/${n.name}`)}`),
        indent,
      );
    });
  if (!out.includes(`bind 127.0.0.1:${port}`)) throw new Error('deploy/haproxy.cfg has no "# cluster: bind" block');
  return out;
}
