import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keysByFile, registersLaterTexts, relative, staticClosure } from '../../../test/pwa/first-load-strings.ts';
import { enFirst } from './en-first.ts';
import { enLater } from './en-later.ts';

const SRC = path.resolve(import.meta.dirname, '..');
const CATALOGUE = /i18n\/(en|nl|de)[.-]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !CATALOGUE.test(full) ? [full] : [];
  });
}

const keys = [...Object.keys(enFirst), ...Object.keys(enLater)];
const first = new Set(Object.keys(enFirst));
const eager = new Set([...staticClosure()].filter((f) => !CATALOGUE.test(f)));
const all = sources(SRC);
const usedFirst = keysByFile(eager, keys);
const usedLater = keysByFile(
  all.filter((f) => !eager.has(f)),
  keys,
);

/** The English catalogue's split: the first page carries exactly the texts its modules use. */
describe('the English texts of the first page', () => {
  it('hold every key a module of the first page uses', () => {
    const missing = [...usedFirst].flatMap(([file, used]) =>
      [...used].filter((k) => !first.has(k)).map((k) => `${k} (${file}): move it to en-first.ts`),
    );
    expect(missing).toEqual([]);
  });

  it('hold nothing the first page does not use', () => {
    const used = new Set([...usedFirst.values()].flatMap((s) => [...s]));
    expect([...first].filter((k) => !used.has(k)).map((k) => `${k}: move it to en-later.ts`)).toEqual([]);
  });

  it('are brought by every later module that uses one of the later texts', () => {
    const missing = [...usedLater]
      .filter(
        ([file, used]) =>
          [...used].some((k) => !first.has(k)) && !registersLaterTexts(readFileSync(path.resolve(SRC, '../..', file), 'utf8')),
      )
      .map(([file]) => `${file}: add import '../i18n/later-texts.ts'`);
    expect(missing).toEqual([]);
  });

  it('are split without a key in both parts or in neither', () => {
    expect(Object.keys(enFirst).filter((k) => k in enLater)).toEqual([]);
    expect(eager.size).toBeGreaterThan(20); // the walk found the app, not only main.tsx
    expect(relative([...eager][0]!)).toBe('pwa/src/main.tsx');
  });
});
