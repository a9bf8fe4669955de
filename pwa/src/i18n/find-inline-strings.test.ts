import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findInlineStrings } from '../../../test/pwa/find-inline-strings.ts';

const SRC = join(import.meta.dirname, '..');

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(path);
    return entry.name.endsWith('.tsx') && !entry.name.endsWith('.test.tsx') ? [path] : [];
  });
}

describe('findInlineStrings', () => {
  it.each([
    ['JSX text', '<p>Hello there</p>', ['Hello there']],
    ['an aria-label', '<button aria-label="Close" />', ['Close']],
    ['a title in a ternary', '<b title={on ? "Turn off" : "Turn on"} />', ['Turn off', 'Turn on']],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the JSX source under test holds a template
    ['a template in a placeholder', '<input placeholder={`Name of ${who}`} />', ['Name of']],
    ['a component prop', '<ControlLabel text="Leave" />', ['Leave']],
    ['a sentence in children', '<p>{busy ? "Saving…" : null}</p>', ['Saving…']],
  ])('flags %s', (_, code, texts) => {
    expect(findInlineStrings('x.tsx', `const x = ${code};`).map((f) => f.text)).toEqual(texts);
  });

  it.each([
    ['a translation', '<p>{t("room.leave")}</p><b title={t("a.b", { n: 1 })} />'],
    ['technical attributes', '<a class="button button--small" href="/x" data-action="leave" type="button" aria-hidden="true" />'],
    ['symbols and entities', '<button>✕ · … &lt;&gt;</button>'],
    ['identifiers in children', '<p>{kind === "audio" ? icons["mic"] : null}</p>'],
    ['code outside JSX', 'new Error("Something broke"); const label = "Hello there";'],
  ])('leaves %s alone', (_, code) => {
    expect(findInlineStrings('x.tsx', `const x = ${code};`)).toEqual([]);
  });
});

describe('the app', () => {
  it('has no user-facing text in its components: every string comes from pwa/src/i18n', () => {
    const found = tsxFiles(SRC).flatMap((path) =>
      findInlineStrings(path, readFileSync(path, 'utf8')).map((s) => `${relative(SRC, path)}:${s.line} ${JSON.stringify(s.text)}`),
    );
    expect(found).toEqual([]);
  });
});
