import type { Participant } from '../../../shared/api/participants.ts';

export interface LinkKeeperDeps {
  selfId: string;
  /** Who is in the room now (with presence). */
  participants: () => readonly Participant[];
  hasLiveLink: (id: string) => boolean;
  call: (id: string) => void;
  /** How long the larger id waits for the smaller id's call before calling itself. */
  answerWaitMs?: number;
  setTimer?: (fn: () => void, ms: number) => ReturnType<typeof setTimeout>;
  clearTimer?: (timer: ReturnType<typeof setTimeout>) => void;
}

/**
 * Keeps a camera call up with everyone present, after drops too: when a link is lost,
 * when someone's connection comes back, or when ours does. One side calls, so the two
 * do not keep calling over each other: the smaller id at once, the larger only if no
 * call came after a while (the mesh settles the rare crossing by the same rule).
 * Retries back off, so a participant whose network is gone is not called in a loop.
 */
export function createLinkKeeper(deps: LinkKeeperDeps) {
  const setTimer = deps.setTimer ?? setTimeout;
  const clearTimer = deps.clearTimer ?? clearTimeout;
  const answerWaitMs = deps.answerWaitMs ?? 3_000;
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const attempts = new Map<string, number>();
  let disposed = false;

  const present = (id: string) => deps.participants().some((p) => p.id === id && p.presence === 'connected');

  function ensure(id: string, delayMs = 0) {
    if (disposed || id === deps.selfId || pending.has(id)) return;
    const iCall = deps.selfId < id;
    const wait = delayMs + (iCall ? 0 : answerWaitMs);
    const run = () => {
      pending.delete(id);
      if (disposed || !present(id) || deps.hasLiveLink(id)) return;
      deps.call(id);
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      // Check again later: if it did not come up, call again, backing off up to 16 s.
      pending.set(
        id,
        setTimer(() => {
          pending.delete(id);
          if (!deps.hasLiveLink(id)) ensure(id, Math.min(16_000, 1_000 * 2 ** n));
          else attempts.delete(id);
        }, 10_000),
      );
    };
    if (wait === 0) run();
    else pending.set(id, setTimer(run, wait));
  }

  return {
    ensure,
    /** After our own connection came back: everyone present. */
    ensureAll() {
      for (const p of deps.participants()) if (p.id !== deps.selfId) ensure(p.id);
    },
    /** A link is up: forget its backoff. */
    linked(id: string) {
      attempts.delete(id);
    },
    forget(id: string) {
      const timer = pending.get(id);
      if (timer) clearTimer(timer);
      pending.delete(id);
      attempts.delete(id);
    },
    dispose() {
      disposed = true;
      for (const timer of pending.values()) clearTimer(timer);
      pending.clear();
    },
  };
}

export type LinkKeeper = ReturnType<typeof createLinkKeeper>;
