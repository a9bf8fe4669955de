import { errorText } from '../api/error-text.ts';
import { t } from '../i18n/i18n.ts';
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import * as v from 'valibot';
import { ApiErrorBodySchema } from '../../../shared/api/errors.ts';
import '../i18n/later-texts.ts';

export interface ChunkUploaderOptions {
  /** Where chunk `seq` goes (PUT). */
  url: (seq: number) => string;
  fetch?: typeof fetch;
  /** Waits between tries of one chunk; the last one repeats while the recording goes on. */
  retryDelaysMs?: readonly number[];
  /** Recorded but not yet uploaded bytes we are willing to hold; past it the upload gives up. */
  maxPendingBytes?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** An upload that cannot succeed by trying again (the server refused the chunk). */
export class UploadRefusedError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * Uploads a recording's chunks one after another, in order, each retried on network errors
 * and 5xx (the server answers a chunk it already has, so a retry after a lost answer is
 * harmless). Progress in signals; `drain()` waits until everything handed in is uploaded.
 */
export function createChunkUploader({
  url,
  fetch: doFetch = (...args) => fetch(...args),
  retryDelaysMs = [500, 1000, 2000, 4000],
  maxPendingBytes = 256 * 1024 * 1024,
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}: ChunkUploaderOptions) {
  const queue: { seq: number; blob: Blob }[] = [];
  const uploadedBytes = signal(0);
  const uploadedChunks = signal(0);
  const pendingBytes = signal(0);
  const pendingChunks = signal(0);
  /** Tries of the current chunk that failed so far (0 while all is well). */
  const failures = signal(0);
  const error = signal<UploadRefusedError | null>(null);
  let nextSeq = 0;
  let running: Promise<void> | null = null;
  let disposed = false;

  async function uploadOne(seq: number, blob: Blob): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (disposed) throw new UploadRefusedError(0, t('recording.upload.cancelled'));
      let status = 0;
      let message = t('recording.upload.connection');
      try {
        const res = await doFetch(url(seq), {
          method: 'PUT',
          body: blob,
          headers: { 'content-type': 'application/octet-stream' },
          credentials: 'same-origin',
        });
        if (res.ok) return;
        status = res.status;
        const body = v.safeParse(ApiErrorBodySchema, await res.json().catch(() => null));
        message = body.success ? errorText(body.output.error.code, body.output.error.message) : t('recording.upload.status', { status });
      } catch {
        /* network error: try again */
      }
      if (status !== 0 && !RETRY_STATUS.has(status)) throw new UploadRefusedError(status, message);
      failures.value = attempt + 1;
      await sleep(retryDelaysMs[Math.min(attempt, retryDelaysMs.length - 1)]!);
    }
  }

  async function pump(): Promise<void> {
    while (queue.length > 0 && !error.value) {
      const { seq, blob } = queue[0]!;
      try {
        await uploadOne(seq, blob);
      } catch (e) {
        error.value = e instanceof UploadRefusedError ? e : new UploadRefusedError(0, String(e));
        return;
      }
      queue.shift();
      batch(() => {
        failures.value = 0;
        uploadedBytes.value += blob.size;
        uploadedChunks.value++;
        pendingBytes.value -= blob.size;
        pendingChunks.value--;
      });
    }
  }

  const kick = () => {
    running ??= pump().finally(() => {
      running = null;
      if (queue.length > 0 && !error.value && !disposed) kick();
    });
    return running;
  };

  return {
    uploadedBytes: uploadedBytes as ReadonlySignal<number>,
    uploadedChunks: uploadedChunks as ReadonlySignal<number>,
    pendingBytes: pendingBytes as ReadonlySignal<number>,
    pendingChunks: pendingChunks as ReadonlySignal<number>,
    failures: failures as ReadonlySignal<number>,
    error: error as ReadonlySignal<UploadRefusedError | null>,
    /** Hands in the next chunk (empty ones are skipped). */
    push(blob: Blob) {
      if (blob.size === 0 || error.value || disposed) return;
      if (pendingBytes.value + blob.size > maxPendingBytes) {
        error.value = new UploadRefusedError(0, t('recording.upload.behind'));
        return;
      }
      queue.push({ seq: nextSeq++, blob });
      batch(() => {
        pendingBytes.value += blob.size;
        pendingChunks.value++;
      });
      void kick();
    },
    /** Resolves when every chunk handed in is uploaded; rejects with the error that stopped the upload. */
    async drain(): Promise<void> {
      while (queue.length > 0 && !error.value) await kick();
      if (error.value) throw error.value;
    },
    dispose() {
      disposed = true;
      queue.length = 0;
    },
  };
}

export type ChunkUploader = ReturnType<typeof createChunkUploader>;
