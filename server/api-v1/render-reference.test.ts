import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApiWorld } from '../../test/server/api-v1-world.ts';
import { renderReference } from './render-reference.ts';

describe('docs/api-reference.md', () => {
  it('is the reference rendered from the OpenAPI document the server serves (npm run docs:api)', async () => {
    const t = await createApiWorld();
    const rendered = renderReference((await (await t.call(null, 'GET', '/openapi.json')).json()) as Parameters<typeof renderReference>[0]);
    expect(readFileSync(new URL('../../docs/api-reference.md', import.meta.url), 'utf8')).toBe(rendered);
  });

  it('names every operation with its method, path and scope', async () => {
    const t = await createApiWorld();
    const page = readFileSync(new URL('../../docs/api-reference.md', import.meta.url), 'utf8');
    for (const [path, ops] of Object.entries(t.doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(page).toContain(
          `\`${method.toUpperCase()} /api/v1${path}\` · scope \`${(op as unknown as Record<string, string>)['x-scope']}\``,
        );
      }
    }
  });
});
