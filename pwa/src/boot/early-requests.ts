/**
 * Requests a page sends as it starts (boot.ts), before the code that reads their answers has
 * arrived: each is kept under a key until that code takes it, once. Whoever asks first owns the
 * key: a late boot does not send what the app already asked for itself.
 *
 * The page's first script is built on its own (build/boot-script.ts), so it carries its own copy of
 * this module: the answers are kept on the page's global object, where both copies find them.
 */
interface EarlyRegistry {
  pending: Map<string, Promise<Response>>;
  claimed: Set<string>;
}
const REGISTRY = Symbol.for('meeting-room.early-requests');
const global = globalThis as typeof globalThis & { [REGISTRY]?: EarlyRegistry };
global[REGISTRY] ??= { pending: new Map(), claimed: new Set() };
const { pending, claimed } = global[REGISTRY];

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
