import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Plugin } from 'vite';
import { BLUR_ASSET_DIR, SELFIE_SEGMENTATION_FILES, TASKS_VISION_FILES } from './blur-assets.ts';

const require = createRequire(import.meta.url);
const gzipAsync = promisify(gzip);
/** Both packages keep their entry file at the package root. */
const packageDir = (name: string) => path.dirname(require.resolve(name));

/** Every file served under /blur/, and where it comes from in node_modules. */
export function blurAssetSources(): Map<string, string> {
  const selfie = packageDir('@mediapipe/selfie_segmentation');
  const tasks = path.join(packageDir('@mediapipe/tasks-vision'), 'wasm');
  return new Map([
    ...SELFIE_SEGMENTATION_FILES.map((f) => [f, path.join(selfie, f)] as const),
    ...TASKS_VISION_FILES.map((f) => [f, path.join(tasks, f)] as const),
  ]);
}

/**
 * Copies the blur model and wasm files from their npm packages into the build (`/blur/…`),
 * and serves them from node_modules in `vite dev`. Nothing is fetched from a CDN.
 */
export function blurAssets(): Plugin {
  const sources = blurAssetSources();
  return {
    name: 'blur-assets',
    async generateBundle() {
      for (const [file, source] of sources) {
        const bytes = await readFile(source);
        this.emitFile({ type: 'asset', fileName: `${BLUR_ASSET_DIR}/${file}`, source: bytes });
        // A gzip twin: the server sends it to browsers that accept gzip (13 MB of wasm → about 4 MB).
        if (/\.(wasm|tflite|data|js|binarypb)$/.test(file)) {
          this.emitFile({ type: 'asset', fileName: `${BLUR_ASSET_DIR}/${file}.gz`, source: await gzipAsync(bytes, { level: 9 }) });
        }
      }
    },
    configureServer(server) {
      server.middlewares.use(`/${BLUR_ASSET_DIR}/`, (req, res, next) => {
        const source = sources.get(decodeURIComponent((req.url ?? '').split('?')[0]!.replace(/^\//, '')));
        if (!source) return next();
        readFile(source).then((body) => {
          if (source.endsWith('.wasm')) res.setHeader('Content-Type', 'application/wasm');
          else if (source.endsWith('.js')) res.setHeader('Content-Type', 'text/javascript');
          res.end(body);
        }, next);
      });
    },
  };
}
