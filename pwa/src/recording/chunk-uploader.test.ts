import { describe, expect, it } from 'vitest';
import { createChunkUploader, UploadRefusedError } from './chunk-uploader.ts';

/** A fake server: answers each PUT with the next scripted status (200 once the script runs out). */
function fakeServer(script: (number | 'network')[] = []) {
  const received: { seq: number; size: number }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const seq = Number(String(url).split('/').pop());
    const next = script.shift() ?? 200;
    if (next === 'network') throw new TypeError('Failed to fetch');
    if (next === 200) received.push({ seq, size: (init.body as Blob).size });
    return new Response(next === 200 ? '{}' : JSON.stringify({ error: { code: 'payload_too_large', message: `refused ${next}` } }), {
      status: next,
    });
  }) as typeof globalThis.fetch;
  return { fetch, received };
}

const blob = (size: number) => new Blob([new Uint8Array(size)]);
const noWait = async () => undefined;

describe('chunk uploader', () => {
  it('uploads chunks in order, one at a time, and reports progress', async () => {
    const server = fakeServer();
    const up = createChunkUploader({ url: (seq) => `/chunks/${seq}`, fetch: server.fetch, sleep: noWait });
    up.push(blob(10));
    up.push(blob(0)); // skipped: no chunk number used
    up.push(blob(20));
    up.push(blob(30));
    await up.drain();
    expect(server.received).toEqual([
      { seq: 0, size: 10 },
      { seq: 1, size: 20 },
      { seq: 2, size: 30 },
    ]);
    expect([up.uploadedBytes.value, up.uploadedChunks.value, up.pendingChunks.value, up.pendingBytes.value]).toEqual([60, 3, 0, 0]);
  });

  it('retries a chunk after network errors and 5xx, with the waits given, then goes on', async () => {
    const server = fakeServer([200, 'network', 503, 'network', 'network', 200]);
    const waits: number[] = [];
    const up = createChunkUploader({
      url: (s) => `/c/${s}`,
      fetch: server.fetch,
      retryDelaysMs: [100, 200, 400],
      sleep: async (ms) => void waits.push(ms),
    });
    up.push(blob(1));
    up.push(blob(2));
    up.push(blob(3));
    await up.drain();
    expect(server.received.map((r) => r.seq)).toEqual([0, 1, 2]);
    expect(waits).toEqual([100, 200, 400, 400]);
    expect(up.failures.value).toBe(0);
  });

  it('stops at a refusal (4xx) with the server’s reason, and takes no more chunks', async () => {
    const server = fakeServer([200, 413]);
    const up = createChunkUploader({ url: (s) => `/c/${s}`, fetch: server.fetch, sleep: noWait });
    up.push(blob(1));
    up.push(blob(2));
    await expect(up.drain()).rejects.toThrow('refused 413');
    expect(up.error.value).toBeInstanceOf(UploadRefusedError);
    expect(up.error.value?.status).toBe(413);
    up.push(blob(3));
    expect(server.received.map((r) => r.seq)).toEqual([0]);
  });

  it('gives up when the upload falls too far behind the recording', async () => {
    const server = fakeServer(['network', 'network', 'network']);
    let release: () => void = () => undefined;
    const up = createChunkUploader({
      url: (s) => `/c/${s}`,
      fetch: server.fetch,
      maxPendingBytes: 25,
      sleep: () => new Promise((resolve) => (release = () => resolve())),
    });
    up.push(blob(10));
    up.push(blob(10));
    up.push(blob(10));
    expect(up.error.value?.message).toMatch(/cannot keep up/);
    release();
    await expect(up.drain()).rejects.toThrow(/keep up/);
  });
});
