import type { Plugin } from 'vite';

export interface BootScriptOptions {
  /** The entry chunk of the page's first script (src/boot/boot.ts). */
  entryName?: string;
  /**
   * Lazy chunks to fetch (not run) as the page loads: those holding a module whose path matches.
   * They then run at once when asked for, instead of being fetched at that moment.
   */
  preload?: RegExp[];
}

/**
 * What index.html asks for first. The page's first script (src/boot/boot.ts, an entry of its own)
 * goes in as an `async` module ahead of the app: it runs as soon as its few hundred bytes are in,
 * while the app's code is still loading, instead of after it. And the lazy chunks a guest needs the
 * moment they press Join (PeerJS) are fetched beside the app as `modulepreload`: fetched and
 * compiled, but run only when the call asks for them — so the join request's wait covers running them.
 */
export function bootScript({ entryName = 'boot', preload = [] }: BootScriptOptions = {}): Plugin {
  return {
    name: 'boot-script',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const chunks = Object.values(ctx.bundle).filter((c) => c.type === 'chunk');
        const entry = chunks.find((c) => c.isEntry && c.name === entryName);
        if (!entry) throw new Error(`boot-script: no entry chunk named "${entryName}" in the build`);
        const preloaded = chunks.filter((c) => !c.isEntry && c.moduleIds.some((id) => preload.some((p) => p.test(id))));
        if (preloaded.length < preload.length) throw new Error(`boot-script: no chunk for one of ${preload.join(', ')}`);
        // The first script first among the scripts, so it is also the first asked for; the
        // preloads last, after the app's own chunks.
        const at = html.indexOf('<script type="module"');
        const end = html.indexOf('</head>');
        if (at < 0 || end < at) throw new Error('boot-script: index.html has no module script in its head');
        const boot = `<script type="module" async crossorigin src="/${entry.fileName}"></script>\n    `;
        const links = preloaded.map((c) => `  <link rel="modulepreload" crossorigin href="/${c.fileName}">\n  `).join('');
        return `${html.slice(0, at)}${boot}${html.slice(at, end)}${links}${html.slice(end)}`;
      },
    },
  };
}
