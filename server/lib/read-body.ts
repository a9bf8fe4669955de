export class BodyTooLargeError extends Error {}

/**
 * A request body read into memory, refusing it as soon as it passes `maxBytes`
 * (the rest is never read). For small binary uploads that must arrive whole.
 */
export async function readBodyUpTo(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) throw new BodyTooLargeError(`the body is larger than ${maxBytes} bytes`);
      parts.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}
