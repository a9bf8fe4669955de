import type { Plugin } from 'vite';

/** V8's explicit compile hint (Chromium 136+): compile every function of the file as it loads. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * Marks the chunk run whole on the way into a call with V8's compile hint: `core` (Preact, its
 * signals, valibot and the typed protocol, nearly all of it run by the first render), so its
 * functions are compiled on a background thread as it loads instead of one by one on the main
 * thread the first time each runs. Not the entry: much of it runs only after the click (the room, the call), and
 * compiled whole up front it held the pre-join page back (the click landed 35 ms later in two A/Bs
 * of 24 trials, docs/benchmarks.md). Other engines read the hint as a comment. The source map gets
 * one empty line in front.
 */
export function compileHints(): Plugin {
  return {
    name: 'compile-hints',
    apply: 'build',
    enforce: 'post',
    // After Vite's own generateBundle, which puts its preload map in front of the entry's code.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk') continue;
          if (chunk.name !== 'core' || chunk.code.startsWith(COMPILE_HINT)) continue;
          chunk.code = `${COMPILE_HINT}\n${chunk.code}`;
          if (chunk.map) chunk.map.mappings = `;${chunk.map.mappings}`;
          const mapAsset = bundle[`${chunk.fileName}.map`];
          if (mapAsset?.type === 'asset' && typeof mapAsset.source === 'string') {
            const map = JSON.parse(mapAsset.source) as { mappings: string };
            map.mappings = `;${map.mappings}`;
            mapAsset.source = JSON.stringify(map);
          }
        }
      },
    },
  };
}
