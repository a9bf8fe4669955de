import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PRODUCTION = ['server', 'shared', 'pwa/src', 'extension'];
const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sources(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const files = PRODUCTION.flatMap((d) => sources(path.join(ROOT, d)));
const graph = new Map(
  files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => m[1]!);
    return [file, targets] as const;
  }),
);
const rel = (file: string) => path.relative(ROOT, file);

/** The import graph of production code: no cycles, and nothing from test folders. */
describe('production code imports', () => {
  it('never import test code (test/, e2e/, bench/) or a test file', () => {
    const offending = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((t) => t.startsWith('.'))
        .map((t) => path.resolve(path.dirname(file), t))
        .filter((t) => /^(test|e2e|bench)\//.test(rel(t)) || /\.test\.tsx?$/.test(t))
        .map((t) => `${rel(file)} → ${rel(t)}`),
    );
    expect(offending).toEqual([]);
  });

  it('have no import cycles', () => {
    const edges = new Map(
      [...graph].map(([file, targets]) => [
        file,
        targets
          .filter((t) => t.startsWith('.'))
          .map((t) => path.resolve(path.dirname(file), t))
          .filter((t) => existsSync(t) && graph.has(t)),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const trail: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      trail.push(file);
      for (const next of edges.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...trail.slice(trail.indexOf(next)), next].map(rel).join(' → '));
        else if (!state.has(next)) visit(next);
      }
      trail.pop();
      state.set(file, 'done');
    };
    for (const file of edges.keys()) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('are all reachable from an entry point: nothing in them is there for the tests alone', () => {
    // Every way a module is loaded: static and dynamic imports, side-effect imports, and workers.
    const LOADS = /(?:from\s+|import\s*\(\s*|import\s+|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
    const entries = [
      'pwa/src/main.tsx',
      'pwa/vite.config.ts',
      'server/main.ts',
      'wxt.config.ts',
      ...readdirSync(path.join(ROOT, 'scripts')).map((f) => `scripts/${f}`),
      ...sources(path.join(ROOT, 'extension/entrypoints')).map(rel),
    ].map((f) => path.join(ROOT, f));
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file) || !existsSync(file) || !/\.tsx?$/.test(file)) return;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(LOADS)) visit(path.resolve(path.dirname(file), m[1]!));
    };
    for (const entry of entries) visit(entry);
    // The extension's entry points find their modules by WXT's auto-imports and aliases too: read it
    // by folder rather than by import, since its own build checks what it needs.
    const unreachable = files.filter((f) => !seen.has(f) && !rel(f).startsWith('extension/')).map(rel);
    expect(unreachable).toEqual([]);
  });
});
