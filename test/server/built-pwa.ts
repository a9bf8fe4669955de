import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The page a stand-in PWA serves unless a test gives its own. */
export const BUILT_PAGE = '<!doctype html><title>Meeting room</title>';

/**
 * A stand-in for the built PWA (`dist/pwa`) for the server to serve: its `index.html`, an `assets/`
 * folder, and any other files a test names (paths relative to the folder), in a fresh temporary folder.
 */
export function builtPwa(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pwa-'));
  mkdirSync(path.join(dir, 'assets'));
  for (const [name, content] of Object.entries({ 'index.html': BUILT_PAGE, ...files })) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
