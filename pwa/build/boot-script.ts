import type { Plugin } from 'vite';

/**
 * Puts the page's first script (src/boot/boot.ts, an entry of its own) into index.html as an
 * `async` module ahead of the app: it runs as soon as its few hundred bytes are in, while the app's
 * code is still loading, instead of after it.
 */
export function bootScript(entryName = 'boot'): Plugin {
  return {
    name: 'boot-script',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const chunk = Object.values(ctx.bundle).find((c) => c.type === 'chunk' && c.isEntry && c.name === entryName);
        if (!chunk) throw new Error(`boot-script: no entry chunk named "${entryName}" in the build`);
        // First among the scripts, so it is also the first asked for.
        const tag = `<script type="module" async crossorigin src="/${chunk.fileName}"></script>`;
        const at = html.indexOf('<script type="module"');
        if (at < 0) throw new Error('boot-script: index.html has no module script to go before');
        return `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
      },
    },
  };
}
