import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { durableJsonFile, WRITE_CHUNK_BYTES, writeUtf8InChunks } from './durable-json-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'durable-json-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function written(text: string): Promise<Buffer> {
  const file = path.join(dir, 'out');
  const handle = await open(file, 'w');
  try {
    await writeUtf8InChunks(handle, text);
  } finally {
    await handle.close();
  }
  return readFile(file);
}

describe('durableJsonFile', () => {
  it('writes a document many chunks long byte for byte as JSON.stringify and Buffer would', async () => {
    const adapter = durableJsonFile<{ items: string[] }>(path.join(dir, 'db.json'));
    const data = { items: Array.from({ length: 5000 }, (_, i) => `item ${i} — ünïcødé 日本語 🎉 ${'x'.repeat(i % 97)}`) };
    await adapter.write(data);
    const bytes = await readFile(path.join(dir, 'db.json'));
    expect(bytes.length).toBeGreaterThan(4 * WRITE_CHUNK_BYTES);
    expect(bytes.equals(Buffer.from(JSON.stringify(data)))).toBe(true);
    expect(await adapter.read()).toEqual(data);
  });

  it('never splits a character across chunks, whatever its width where a chunk ends', async () => {
    const units = Math.floor(WRITE_CHUNK_BYTES / 3);
    // A surrogate pair (4 bytes), a 3-byte and a 2-byte character straddling every cut.
    for (const filler of ['a', 'é', '日', '🎉']) {
      for (let shift = 0; shift < 4; shift++) {
        const text = ['a'.repeat(units - 1 - shift), filler.repeat(units), '🎉'.repeat(units), 'z'].join('');
        expect((await written(text)).equals(Buffer.from(text)), `${filler} shifted ${shift}`).toBe(true);
      }
    }
  });

  it('writes an empty string as an empty file', async () => {
    expect((await written('')).length).toBe(0);
  });
});
