import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../deploy/node-flags.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const started = `node ${SERVER_NODE_FLAGS.join(' ')} server/main.ts`;

/** The server starts with the same V8 flags wherever it is started (deploy/node-flags.ts says why). */
describe("the server's V8 flags", () => {
  it('are in npm start', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(scripts.start).toContain(started);
  });

  it("are in the operator guide's systemd unit", () => {
    const execStart = read('docs/operator-guide.md')
      .split('\n')
      .filter((line) => line.startsWith('ExecStart='));
    expect(execStart.length).toBeGreaterThan(0);
    for (const line of execStart) expect(line).toContain(started);
  });

  it("are given to the cluster's nodes and the soak bench's child", () => {
    for (const file of ['deploy/cluster/start-cluster.ts', 'bench/soak.ts']) expect(read(file)).toContain('...SERVER_NODE_FLAGS');
  });

  it('are given wherever code starts the server: the tests and benches measure it as it runs', () => {
    const sources = ['bench', 'deploy', 'e2e', 'scripts', 'server', 'test']
      .flatMap((dir) => {
        try {
          return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((file) => path.join(dir, file));
        } catch {
          return [];
        }
      })
      .filter((file) => file.endsWith('.ts') && !file.includes('node_modules') && !file.startsWith(path.join('test', 'architecture')));
    const starters = sources.filter((file) => {
      const text = read(file);
      return /\bspawn\(/.test(text) && text.includes("'server/main.ts'");
    });
    expect(starters).toContain(path.join('e2e', 'harness', 'server.ts'));
    for (const file of starters) expect(read(file), file).toContain('...SERVER_NODE_FLAGS');
  });
});
