import { createHash } from 'node:crypto';
import { rolldown } from 'rolldown';
import type { Plugin } from 'vite';

export interface BootScriptOptions {
  /** The page's first script (src/boot/boot.ts). */
  entry: string;
  /**
   * Lazy chunks to fetch (not run) as the page loads: those holding a module whose path matches.
   * They then run at once when asked for, instead of being fetched at that moment.
   */
  preload?: RegExp[];
}

/**
 * What index.html asks for first. The page's first script is bundled on its own, whole (a few
 * hundred bytes with no imports: it shares no chunk with the app, so it waits for nothing), and goes
 * in as an `async` module ahead of the app: it runs as soon as it is in, while the app's code is
 * still loading. Modules it shares with the app keep their state on the page's global object
 * (src/boot/early-requests.ts). And the lazy chunks a guest needs the moment they press Join
 * (PeerJS) are fetched beside the app as `modulepreload`: fetched and compiled, but run only when
 * the call asks for them — so the join request's wait covers running them.
 */
export function bootScript({ entry, preload = [] }: BootScriptOptions): Plugin {
  let fileName = '';
  return {
    name: 'boot-script',
    apply: 'build',
    enforce: 'post',
    // Built before the app's bundle is written (index.html is written in the app's generateBundle).
    async buildStart() {
      const bundle = await rolldown({ input: entry, platform: 'browser', logLevel: 'warn' });
      try {
        const { output } = await bundle.generate({ format: 'esm', minify: true });
        const code = output[0].code;
        if (output.length !== 1 || /^\s*import\b/m.test(code)) throw new Error('boot-script: the first script must bundle into one file');
        fileName = `assets/boot-${createHash('sha256').update(code).digest('base64url').slice(0, 8)}.js`;
        this.emitFile({ type: 'asset', fileName, source: code });
      } finally {
        await bundle.close();
      }
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        if (!fileName) throw new Error('boot-script: the first script was not built');
        const chunks = Object.values(ctx.bundle).filter((c) => c.type === 'chunk');
        const preloaded = chunks.filter((c) => !c.isEntry && c.moduleIds.some((id) => preload.some((p) => p.test(id))));
        if (preloaded.length < preload.length) throw new Error(`boot-script: no chunk for one of ${preload.join(', ')}`);
        // The first script first among the scripts, so it is also the first asked for; the
        // preloads last, after the app's own chunks.
        const at = html.indexOf('<script type="module"');
        const end = html.indexOf('</head>');
        if (at < 0 || end < at) throw new Error('boot-script: index.html has no module script in its head');
        const boot = `<script type="module" async crossorigin src="/${fileName}"></script>\n    `;
        const links = preloaded.map((c) => `  <link rel="modulepreload" crossorigin href="/${c.fileName}">\n  `).join('');
        return `${html.slice(0, at)}${boot}${html.slice(at, end)}${links}${html.slice(end)}`;
      },
    },
  };
}
