import type { Plugin } from 'vite';

/**
 * Lazy chunks a guest needs the moment they press Join (PeerJS), fetched beside the app as
 * `modulepreload`: fetched and compiled as the page loads, but run only when the call asks for them,
 * so the join request's wait covers running them instead of fetching them. `preload`: the chunks
 * holding a module whose path matches.
 */
export function preloadChunks(preload: RegExp[]): Plugin {
  return {
    name: 'preload-chunks',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const chunks = Object.values(ctx.bundle).filter((c) => c.type === 'chunk');
        const preloaded = chunks.filter((c) => !c.isEntry && c.moduleIds.some((id) => preload.some((p) => p.test(id))));
        if (preloaded.length < preload.length) throw new Error(`preload-chunks: no chunk for one of ${preload.join(', ')}`);
        // After the app's own chunks.
        const end = html.indexOf('</head>');
        if (end < 0) throw new Error('preload-chunks: index.html has no head');
        const links = preloaded.map((c) => `  <link rel="modulepreload" crossorigin href="/${c.fileName}">\n  `).join('');
        return `${html.slice(0, end)}${links}${html.slice(end)}`;
      },
    },
  };
}
