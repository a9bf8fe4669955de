/**
 * A node's drain (SIGTERM in a cluster): it stays fully working while the proxy learns, from
 * `/api/health` answering 503, to send its meetings elsewhere; then its pages are moved (their
 * sockets closed with 1012, and they reconnect at once, landing on the meeting's new node); then
 * it exits. A rolling upgrade of every node drops no call.
 *
 * How long to wait for the proxy: until every checker that checked this node lately (each HAProxy
 * backend and each HAProxy instance checks on its own: they are told apart by their address and
 * the `X-Health-Check` header deploy/haproxy.cfg adds) has had `checks` checks answered "draining"
 * — HAProxy takes a server out after `fall` failed checks, 3 in deploy/haproxy.cfg — but never
 * longer than `maxWaitMs`. A node nobody checks has no proxy to wait for.
 */
export interface DrainOptions {
  checks: number;
  maxWaitMs: number;
}

/** A checker not heard from for this long is not waited for (HAProxy checks every 2 s). */
const CHECKER_FORGOTTEN_MS = 30_000;

export function createDrainState({ now = () => Date.now() } = {}) {
  let draining = false;
  /** Per checker: when it last checked, and how many checks it had answered "draining". */
  const checkers = new Map<string, { lastAt: number; draining: number }>();
  let wake: (() => void) | null = null;

  /**
   * When the proxy names its checks (X-Health-Check), only those count: a person's or a script's
   * look at /api/health is not a proxy to wait for.
   */
  const settled = (checks: number) => {
    const t = now();
    const recent = [...checkers].filter(([, c]) => t - c.lastAt < CHECKER_FORGOTTEN_MS);
    const named = recent.filter(([key]) => !key.endsWith(' '));
    return (named.length ? named : recent).every(([, c]) => c.draining >= checks);
  };

  return {
    get draining() {
      return draining;
    },
    /** Checks answered "draining" so far, over all checkers. */
    get checksAnswered() {
      let n = 0;
      for (const c of checkers.values()) n += c.draining;
      return n;
    },
    start() {
      draining = true;
    },
    /** The health route answered a check from this checker (its address and X-Health-Check). */
    checked(checker: string) {
      const c = checkers.get(checker) ?? { lastAt: 0, draining: 0 };
      c.lastAt = now();
      if (draining) c.draining++;
      checkers.delete(checker);
      checkers.set(checker, c);
      if (checkers.size > 64) checkers.delete(checkers.keys().next().value!);
      wake?.();
    },
    /** Resolves once every recent checker has taken this node out (`checks` answers each), or `maxWaitMs` passed. */
    untilProxyMovedOn({ checks, maxWaitMs }: DrainOptions): Promise<'checks' | 'timeout'> {
      if (settled(checks)) return Promise.resolve('checks');
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          wake = null;
          resolve('timeout');
        }, maxWaitMs);
        wake = () => {
          if (!settled(checks)) return;
          clearTimeout(timer);
          wake = null;
          resolve('checks');
        };
      });
    },
  };
}

export type DrainState = ReturnType<typeof createDrainState>;
