import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { signatureHeader } from './signature.ts';

/** The `verify` function of docs/api.md's Node snippet, run as a receiver would (the listening part left out). */
async function documentedVerify(secret: string): Promise<(header: string | undefined, body: string) => boolean> {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const snippet = /## Verifying a webhook[\s\S]*?```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!snippet) throw new Error('docs/api.md has no js snippet under "Verifying a webhook"');
  const verify = snippet.slice(0, snippet.indexOf('createServer((req, res)'));
  const code = `${verify.replace('process.env.WEBHOOK_SECRET', JSON.stringify(secret))}\nexport { verify };\n`;
  const file = path.join(dir, `verify-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(file, code);
  return (await import(pathToFileURL(file).href)).verify;
}

const dir = await mkdtemp(path.join(tmpdir(), 'verify-snippet-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("docs/api.md's signature check", () => {
  const secret = 'whsec_test-secret';
  const body = JSON.stringify({ id: 'evt_1', type: 'meeting.ended', data: {} });
  const now = Math.floor(Date.now() / 1000);

  it('accepts what the server signs', async () => {
    const verify = await documentedVerify(secret);
    expect(verify(signatureHeader(secret, body, now), body)).toBe(true);
  });

  it('refuses another secret, a changed body, an old timestamp, and no header', async () => {
    const verify = await documentedVerify(secret);
    expect(verify(signatureHeader('whsec_other', body, now), body)).toBe(false);
    expect(verify(signatureHeader(secret, body, now), `${body} `)).toBe(false);
    expect(verify(signatureHeader(secret, body, now - 3600), body)).toBe(false);
    expect(verify(undefined, body)).toBe(false);
    expect(verify('t=1,v1=zz', body)).toBe(false);
  });
});
