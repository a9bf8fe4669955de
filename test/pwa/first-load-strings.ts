import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which of the app's texts the first page needs: the texts used by every module the entry
 * (`pwa/src/main.tsx`) reaches through static imports. Dynamic `import()`s are where the page
 * stops loading up front, so the modules behind them are "later" and may bring their own texts.
 *
 * A file uses a key when it holds the key as a string literal, or a template literal that starts
 * with the key's prefix (`t(\`network.level.${quality}\`)` uses every `network.level.*`). Type-only
 * imports are no edges (they are erased); `import { type X }` is one (it stays as an empty import).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
export const ENTRY = path.join(ROOT, 'pwa/src/main.tsx');
const STATIC_IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;

export const relative = (file: string) => path.relative(ROOT, file);

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null; // a package: no texts of ours
  const target = path.resolve(path.dirname(from), specifier);
  return existsSync(target) ? target : null;
}

/** Every file the entry reaches through static imports, itself included. */
export function staticClosure(entry = ENTRY): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !/\.tsx?$/.test(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const target = resolveImport(file, m[1]!);
      if (target) visit(target);
    }
  };
  visit(entry);
  return seen;
}

/** The keys of `keys` a source text uses (see the module's comment). */
export function keysUsedIn(text: string, keys: readonly string[]): Set<string> {
  const used = new Set<string>();
  for (const m of text.matchAll(/'([a-zA-Z][\w.]*)'|"([a-zA-Z][\w.]*)"|`([a-zA-Z][\w.]*)(`|\$\{)/g)) {
    const literal = m[1] ?? m[2] ?? m[3]!;
    if (m[4] === '${') {
      for (const key of keys) if (key.startsWith(literal)) used.add(key);
    } else if (keys.includes(literal)) used.add(literal);
  }
  return used;
}

/** Files (relative paths) with the keys each uses. */
export function keysByFile(files: Iterable<string>, keys: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const file of files) {
    const used = keysUsedIn(readFileSync(file, 'utf8'), keys);
    if (used.size > 0) out.set(relative(file), used);
  }
  return out;
}

/** Whether a source text imports the module that registers the later English texts. */
export const registersLaterTexts = (text: string) => /import\s+['"][./]*(?:i18n\/)?later-texts\.ts['"]/.test(text);
