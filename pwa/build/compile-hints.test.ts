import { describe, expect, it } from 'vitest';
import { COMPILE_HINT, compileHints } from './compile-hints.ts';

type Handler = (options: unknown, bundle: Record<string, unknown>) => void;
const chunk = (fileName: string, name: string, isEntry: boolean, moduleIds: string[]) => ({
  type: 'chunk',
  fileName,
  name,
  isEntry,
  moduleIds,
  code: 'export const x = () => 1;\n',
  map: { mappings: 'AAAA' },
});

describe('compile-hints (V8 compiles the join path as it loads)', () => {
  it('marks core, not the entry nor any other chunk, shifting its source map by the one line', () => {
    const bundle: Record<string, ReturnType<typeof chunk> | { type: 'asset'; source: string }> = {
      'assets/index.js': chunk('assets/index.js', 'index', true, ['/app/pwa/src/main.tsx']),
      'assets/core.js.map': { type: 'asset', source: JSON.stringify({ version: 3, mappings: 'AAAA' }) },
      'assets/core.js': chunk('assets/core.js', 'core', false, ['/app/node_modules/preact/dist/preact.module.js']),
      'assets/bundler.js': chunk('assets/bundler.js', 'bundler', false, ['/app/node_modules/peerjs/dist/bundler.mjs']),
      'assets/ChatPanel.js': chunk('assets/ChatPanel.js', 'ChatPanel', false, ['/app/pwa/src/chat/ChatPanel.tsx']),
    };
    const plugin = compileHints();
    const run = () => (plugin.generateBundle as { handler: Handler }).handler.call(null, {}, bundle);
    run();
    run(); // once only
    const code = (file: string) => (bundle[file] as ReturnType<typeof chunk>).code;
    for (const file of ['assets/core.js']) {
      expect(code(file)).toBe(`${COMPILE_HINT}\nexport const x = () => 1;\n`);
      expect((bundle[file] as ReturnType<typeof chunk>).map.mappings).toBe(';AAAA');
    }
    expect(JSON.parse((bundle['assets/core.js.map'] as { source: string }).source).mappings).toBe(';AAAA');
    for (const file of ['assets/index.js', 'assets/bundler.js', 'assets/ChatPanel.js'])
      expect(code(file)).toBe('export const x = () => 1;\n');
    expect(COMPILE_HINT).toBe('//# allFunctionsCalledOnLoad');
  });
});
