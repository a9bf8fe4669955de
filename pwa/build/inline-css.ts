import type { Plugin } from 'vite';

/**
 * Puts the app's stylesheet into index.html (it is small: about 3 KB compressed), so the
 * first paint does not wait for a second request.
 *
 * A lazy part that imports from the entry chunk lists the entry's stylesheet among what Vite's
 * preload helper loads before it; the helper looks for a `<link rel="stylesheet">` of that name,
 * finds none (it is a `<style>` now) and loads the stylesheet again: a request, 13 kB of CSS
 * parsed again and the whole page's style worked out again, at the pre-join page's media check
 * (measured: 4–9 ms of its main thread). So the inlined stylesheet is taken out of every chunk's
 * preload lists (`withoutDeps`), after Vite wrote them.
 */
export function inlineCss(): Plugin {
  const inlined = new Set<string>();
  return {
    name: 'inline-css',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        return html.replace(/<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g, (tag, file: string) => {
          const asset = ctx.bundle![file];
          if (asset?.type !== 'asset') return tag;
          inlined.add(file);
          return `<style>${String(asset.source)}</style>`;
        });
      },
    },
    generateBundle: {
      // After Vite's own (the HTML's, where the stylesheet is inlined, and the preload lists').
      order: 'post',
      handler(_options, bundle) {
        if (inlined.size === 0) return;
        for (const chunk of Object.values(bundle)) {
          if (chunk.type === 'chunk') chunk.code = withoutDeps(chunk.code, inlined);
        }
      },
    },
  };
}

const DEPS_LIST = /__vite__mapDeps=\(i,m=__vite__mapDeps,d=\(m\.f\|\|\(m\.f=(\[[^\]]*\])\)\)\)/;
const DEPS_USE = /__vite__mapDeps\(\[([\d,]*)\]\)/g;

/**
 * `code` with `files` taken out of its preload lists: Vite's `__vite__mapDeps([indices])` calls,
 * into the one list of names at the chunk's top. Each call keeps its length (padded with spaces),
 * so the chunk's source map stays true.
 */
export function withoutDeps(code: string, files: ReadonlySet<string>): string {
  const list = DEPS_LIST.exec(code);
  if (!list) return code;
  const names = JSON.parse(list[1]!) as string[];
  const dropped = new Set(names.flatMap((name, index) => (files.has(name) ? [index] : [])));
  if (dropped.size === 0) return code;
  return code.replace(DEPS_USE, (call, indices: string) => {
    const kept = indices
      .split(',')
      .filter((i) => i !== '' && !dropped.has(Number(i)))
      .join(',');
    const rewritten = `__vite__mapDeps([${kept}])`;
    return rewritten.replace('])', `${' '.repeat(call.length - rewritten.length)}])`);
  });
}
