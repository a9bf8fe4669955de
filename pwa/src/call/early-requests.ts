/**
 * Requests a page sends as it starts (the meeting page's info and a reload's rejoin, from the
 * meeting page's first render rather than its first effect, after paint), before the code that
 * reads their answers asks: each is kept under a key until that code takes it, once. Whoever asks
 * first owns the key: a late sender does not send what was already asked for.
 */
const pending = new Map<string, Promise<Response>>();
const claimed = new Set<string>();

export function sendEarly(key: string, path: string, init: RequestInit, send: typeof fetch = fetch): void {
  if (pending.has(key) || claimed.has(key)) return;
  const answer = send(path, init);
  // Failing on the way (not an answer from the server): the taker then sends its own.
  answer.catch(() => undefined);
  pending.set(key, answer);
}

/**
 * The early answer under `key` as a `fetch` for the one request it stands for, or null (none went
 * out, or it was taken); either way the key is spent. A network failure falls back to a fresh request.
 */
export function takeEarly(key: string, send: typeof fetch = fetch): typeof fetch | null {
  claimed.add(key);
  const early = pending.get(key);
  pending.delete(key);
  if (!early) return null;
  return (input, init) => early.catch(() => send(input, init));
}

/** Whether an answer under `key` is waiting (tests). */
export const hasEarly = (key: string) => pending.has(key);
