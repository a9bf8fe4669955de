import { readFileSync } from 'node:fs';
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
});
