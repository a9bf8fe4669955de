/**
 * The one byte range a `Range` header asks for (RFC 9110 §14.1.2), as inclusive offsets,
 * or null to send the whole body: no header, several ranges, a unit other than bytes,
 * or a range the body cannot satisfy (a server may ignore Range).
 */
export function parseByteRange(header: string | undefined, size: number): { start: number; end: number } | null {
  if (!header || size === 0) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from, to] = match as unknown as [string, string, string];
  if (from === '' && to === '') return null;
  if (from === '') {
    // The last N bytes.
    const length = Number(to);
    return length > 0 ? { start: Math.max(0, size - length), end: size - 1 } : null;
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  return Number.isSafeInteger(start) && start <= end && start < size ? { start, end } : null;
}
