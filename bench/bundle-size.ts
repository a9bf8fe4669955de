import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchRow } from './table.ts';

/** Gzipped size of the JavaScript the PWA's first page load fetches (entry + modulepreloads). */
export async function benchBundleSize(distDir: string): Promise<BenchRow[]> {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const firstLoad = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) firstLoad.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) firstLoad.add(m[1]!);
  let firstLoadGz = 0;
  for (const src of firstLoad) firstLoadGz += gzipSync(await readFile(path.join(distDir, src))).length;
  const { readdir } = await import('node:fs/promises');
  let allGz = 0;
  for (const file of await readdir(path.join(distDir, 'assets'))) {
    if (file.endsWith('.js')) allGz += gzipSync(await readFile(path.join(distDir, 'assets', file))).length;
  }
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return [
    { metric: 'PWA first-load JS (gzip)', value: kb(firstLoadGz), target: '< 60 KB', ok: firstLoadGz < 60 * 1024 },
    { metric: 'PWA all JS incl. lazy chunks (gzip)', value: kb(allGz) },
  ];
}
